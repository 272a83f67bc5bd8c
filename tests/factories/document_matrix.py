"""Test data builders and fixtures shared by several test modules (document matrix)."""

from __future__ import annotations

import copy
from typing import Any

from tests.document_samples import FORM_KINDS, samples_by_kind
from tests.factories import eevidence_documents
from tests.factories.authorities import make_authority

#: Values a prosecutor types, mixing scripts and numbers; each Latin or numeric run must keep its
#: order (and each Arabic one its own) in every document language.
REFERENCE = "PN-2026/0417-CYB"


CASE_NUMBER = "2026/00417 J3"


REQUESTING = {
    "name": "النيابة العامة – Parquet national cyber J3",
    "contact_name": "Claire MARTIN (كلير مارتان)",
    "email": "claire.martin@justice.example",
    "phone": "+33 1 44 32 51 51",
    "address": "25 rue de la République\n75011 Paris",
}


MIXED_RUNS = (
    "Law No. 20 of 2021",
    "5 years",
    "1234 5678 9012",
    "+33 1 44 32 51 51",
    "DE89 3704 0044 0532 0130 00",
    "claire.martin@justice.example",
)


ARABIC_FACTS = (
    "في 20 نوفمبر 2026 تلقى مستشفى ليون طلب فدية بعد تشفير أنظمته، وأُرسل الطلب من حساب "
    "بريد إلكتروني.\n"
    "The ransom was paid to IBAN DE89 3704 0044 0532 0130 00 on 21 November 2026.\n"
    "حُوِّل المبلغ إلى حساب في دبي في 22 نوفمبر 2026."
)


def mixed(data: dict[str, Any]) -> dict[str, Any]:
    """The sample with mixed Arabic/Latin/numeric values wherever a user types them."""
    data = copy.deepcopy(data)
    data["reference"] = REFERENCE
    data["requesting_authority"] = {**(data.get("requesting_authority") or {}), **REQUESTING}
    data["signatory"] = {"name": "Claire MARTIN", "title": "Procureure – وكيلة الجمهورية"}
    data["proceedings"] = {**(data.get("proceedings") or {}), "case_number": CASE_NUMBER}
    data["facts"] = ARABIC_FACTS
    data["subject"] = "تحقيق في ابتزاز مستشفيات (ransomware LockBit 3.0) منذ 2025."
    for offence in data.get("offences") or []:
        offence["name"] = "الابتزاز – Extorsion"
        offence["provision"] = MIXED_RUNS[0]
        offence["max_penalty"] = MIXED_RUNS[1]
    for person in data.get("persons") or []:
        person["name"] = "محمد بن علي (Mohamed BEN ALI)"
        person["id_documents"] = MIXED_RUNS[2]
        person["address"] = "12 شارع الحرية، دبي – Dubai Marina, Tower 7"
    for measure in data.get("measures") or []:
        details = measure.get("details") or {}
        if "account" in details:
            details["account"] = MIXED_RUNS[4]
    return data


def emergency(authority: int) -> dict[str, Any]:
    """The emergency sample with a reason that mixes Arabic and Latin runs."""
    return eevidence_documents.emergency(
        authority,
        reason="رهينة مهددة بالقتل – a hostage is threatened with death.",
        purpose="The hostage may be killed within hours (48 h).",
    )


SAMPLES = samples_by_kind(emergency)


#: The document types a reviewer looks at: kind and form.
TYPES = [(kind, "document") for kind in SAMPLES] + [(kind, "form") for kind in FORM_KINDS]


def addressee(kind: str) -> int:
    if kind in ("extradition", "provisional_arrest"):
        return make_authority(functions=["central_authority_extradition"])
    if kind in ("preservation", "emergency_disclosure", "extension"):
        return make_authority("IRL", ["cybercrime_24_7"], languages=["en"])
    return make_authority()


def sample(kind: str, language: str) -> dict[str, Any]:
    data = mixed(SAMPLES[kind](addressee(kind)))
    data["language"] = language
    return data
