"""Sample request documents: the demo drafts and the starting point of tests and benchmarks."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from .. import clock

_COMPLETE_EN: dict[str, Any] = {
    "kind": "mla",
    "requesting_state": "FRA",
    "requested_state": "ARE",
    "language": "en",
    "reference": "PNF-2026-0417",
    "legal_basis": ["UNTOC"],
    "requesting_authority": {
        "name": "National Financial Prosecutor's Office",
        "address": "Parquet national financier, Tribunal judiciaire de Paris, 75017 Paris",
        "contact_name": "Claire Martin, Deputy Prosecutor",
        "email": "claire.martin@justice.example",
        "phone": "+33 1 44 32 00 00",
    },
    "signatory": {"name": "Claire Martin", "title": "Deputy Prosecutor"},
    "subject": (
        "Investigation of money laundering of the proceeds of a corruption scheme in public "
        "procurement between 2022 and 2024."
    ),
    "proceedings": {
        "stage": "investigation",
        "authority": "Investigating judge, Paris Judicial Court",
        "case_number": "JI-2026/0098",
    },
    "offences": [
        {
            "name": "Money laundering",
            "provision": "Criminal Code, art. 324-1",
            "text": (
                "Money laundering is the act of facilitating, by any means, the false "
                "justification of the origin of the property or income of the perpetrator of a "
                "crime or misdemeanour which has brought him a direct or indirect benefit."
            ),
            "max_penalty": "5 years' imprisonment and a fine of EUR 375,000",
            "limitation": "6 years from the last act",
        }
    ],
    "facts": (
        "Between March 2022 and June 2024 the suspect, director of a construction company, paid "
        "bribes to public officials to obtain contracts worth EUR 12 million. The proceeds were "
        "transferred to an account held at a bank in Dubai and then invested in real estate."
    ),
    "persons": [
        {
            "role": "suspect",
            "name": "Jean Dupont",
            "birth_date": "1970-05-14",
            "birth_place": "Lyon",
            "nationality": "FRA",
            "id_documents": "Passport 19AB12345",
            "address": "Dubai Marina, Dubai, United Arab Emirates",
        }
    ],
    "measures": [
        {
            "type": "records",
            "description": "Certified copies of the statements of the account held by the suspect.",
            "link_to_facts": "The proceeds of the bribes were transferred to this account.",
            "procedure": "Please certify the copies as true and complete.",
            "details": {
                "record_type": "bank",
                "institution": "Emirates Example Bank PJSC",
                "account": "AE07 0331 2345 6789 0123 456",
                "holder": "Jean Dupont",
                "period_from": "2022-01-01",
                "period_to": "2024-12-31",
                "certified": True,
            },
        },
        {
            "type": "take_evidence",
            "description": "Hear the manager of the account as a witness.",
            "link_to_facts": "The manager opened the account and approved the transfers.",
            "details": {
                "person": "Account manager of Emirates Example Bank PJSC",
                "questions": "Who opened the account? Who gave the transfer orders?",
                "attendance": "videoconference",
            },
        },
    ],
    "purpose": (
        "To use the records and the statement as evidence in the criminal proceedings against "
        "the suspect and to trace the proceeds for confiscation."
    ),
    "proportionality": (
        "The statements of one account over the period of the bribes, and the hearing of the "
        "manager who opened it, are the only way to trace the proceeds abroad."
    ),
    "similar_domestic_case": True,
    "confidential": {
        "is_confidential": True,
        "reason": "The suspect is not aware of the investigation; disclosure may lead to the "
        "dissipation of assets.",
    },
    "urgent": {"is_urgent": False},
    "annexes": ["Order of the investigating judge of 3 March 2026", "Text of art. 324-1"],
}

_ARABIC_TEXTS: dict[str, Any] = {
    "language": "ar",
    "subject": "تحقيق في غسل عائدات مخطط فساد في المشتريات العامة بين عامي 2022 و2024.",
    "facts": (
        "بين مارس 2022 ويونيو 2024 دفع المشتبه به، وهو مدير شركة إنشاءات، رشاوى لموظفين "
        "عموميين للحصول على عقود، وحُوِّلت العائدات إلى حساب في مصرف في دبي."
    ),
    "purpose": "استخدام السجلات والأقوال أدلةً في الإجراءات الجنائية وتعقب العائدات لمصادرتها.",
    "proportionality": (
        "كشوف حساب واحد خلال مدة دفع الرشاوى والاستماع إلى المدير الذي فتحه هما السبيل الوحيد "
        "لتعقب العائدات في الخارج."
    ),
}


def complete_request(language: str = "en", **overrides: Any) -> dict[str, Any]:
    """A complete MLA request (France to the United Arab Emirates) as a request document."""
    document = copy.deepcopy(_COMPLETE_EN)
    document["urgent"] = {"is_urgent": False}
    if language == "ar":
        document.update(copy.deepcopy(_ARABIC_TEXTS))
        for measure, (description, link) in zip(
            document["measures"],
            (
                ("نسخ مصدقة من كشوف حساب المشتبه به.", "حُوِّلت عائدات الرشاوى إلى هذا الحساب."),
                ("الاستماع إلى مدير الحساب بصفته شاهداً.", "فتح المدير الحساب ووافق على التحويلات."),
            ),
            strict=True,
        ):
            measure["description"] = description
            measure["link_to_facts"] = link
            measure.pop("procedure", None)
        document["confidential"]["reason"] = "المشتبه به لا يعلم بالتحقيق."
        document["offences"][0]["name"] = "غسل الأموال"
        document["offences"][0]["text"] = (
            "غسل الأموال هو تسهيل التبرير الكاذب لمصدر أموال مرتكب جناية أو جنحة."
        )
    elif language != "en":
        document["language"] = language
    document.update(overrides)
    return document


def urgent_block(days: int = 20) -> dict[str, Any]:
    return {
        "is_urgent": True,
        "reason": "The suspect plans to move the funds.",
        "respond_by": (clock.today() + timedelta(days=days)).isoformat(),
    }


def long_request(pages: int = 10) -> dict[str, Any]:
    """A request long enough to fill about `pages` pages, for the benchmark."""
    document = complete_request()
    paragraph = document["facts"] + " "
    document["facts"] = "\n\n".join(paragraph * 3 for _ in range(pages * 2))
    document["measures"] = document["measures"] * (pages // 2 or 1)
    return document


def extradition_request(**changes: Any) -> dict[str, Any]:
    """A formal extradition request for prosecution that meets every rule; its dates follow
    today (`clock.today()`): the offence 541 days ago, the warrant 313 days ago, so that its six
    years of limitation never run out under the demo or a test."""
    today = clock.today()
    document: dict[str, Any] = {
        "kind": "extradition",
        "requesting_state": "FRA",
        "requested_state": "ARE",
        "requested_authority": 9,
        "requesting_authority": {
            "name": "Parquet national financier",
            "email": "pnf@justice.example",
        },
        "language": "en",
        "reference": "PNF-EXT-1",
        "legal_basis": ["UNTOC"],
        "subject": "Prosecution of a money-laundering network",
        "proceedings": {
            "stage": "prosecution",
            "authority": "Tribunal judiciaire de Paris",
            "case_number": "2026/117",
        },
        "persons": [
            {
                "role": "accused",
                "name": "Jean Dupont",
                "aliases": "Abu Yusuf",
                "birth_date": "1980-03-04",
                "birth_place": "Lyon",
                "nationality": "FRA",
                "address": "Dubai Marina, tower 4",
                "description": "Tall, scar on the left cheek",
            }
        ],
        "person_description": {
            "description": "1.90 m, brown eyes, scar on the left cheek",
            "photograph": True,
            "fingerprints": True,
        },
        "warrant": {
            "issued_by": "Investigating judge, Paris",
            "issued_on": (today - timedelta(days=313)).isoformat(),
            "number": "MA-2026-44",
        },
        "offences": [
            {
                "name": "Money laundering",
                "provision": "Penal Code art. 324-1",
                "text": "Money laundering is the act of facilitating the false justification "
                "of the origin of the property or income of the perpetrator of a crime.",
                "max_penalty": "10 years",
                "limitation": "6 years",
                "committed_on": (today - timedelta(days=541)).isoformat(),
                "place": "Paris",
                "facts": "Transfers of 4 million euros through shell companies.",
                "nature": "ordinary",
                "equivalent_offence": "Federal Decree-Law 20/2018 art. 2",
            }
        ],
        "facts": "The accused ran a network of shell companies.",
        "assurances": [
            {"type": "speciality", "text": "The person will be tried only for these offences."}
        ],
        "extradition": {
            "refusal_answers": {
                "ne_bis_in_idem": "To our knowledge, the person has not been tried or "
                "prosecuted in the requested State for these acts.",
                "limitation_amnesty": "No limitation period has run and no amnesty applies.",
            }
        },
        "supporting_documents": [
            {"type": "warrant", "status": "attached", "language": "en", "certified": True},
            {"type": "law_text", "status": "attached", "language": "en", "certified": True},
            {"type": "identification", "status": "attached", "language": "en"},
        ],
    }
    document.update(changes)
    return document
