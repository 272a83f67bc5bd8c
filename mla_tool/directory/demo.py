"""Sample directory entries for trying the tool: ~16 states, all marked sample, with clearly
fictional contact details (example.org addresses, +000 numbers)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from .. import clock
from ..extensions import db
from .authorities import create_authority
from .models import Authority
from .reference import load_reference_data

MLA = "central_authority_mla"
EXT = "central_authority_extradition"
CYBER = "cybercrime_24_7"

#: (iso3, languages, timezone, [(functions, name, name_en, name_ar, channels, requirements)])
SAMPLE_STATES: tuple[tuple[str, list[str], str, list[tuple[Any, ...]]], ...] = (
    (
        "EGY",
        ["ar", "en"],
        "Africa/Cairo",
        [
            (
                [MLA, EXT],
                "مكتب التعاون الدولي، مكتب النائب العام",
                "International Cooperation Office, Office of the Public Prosecutor",
                "مكتب التعاون الدولي، مكتب النائب العام",
                ["central_authority", "diplomatic"],
                "Requests in Arabic or with an Arabic translation. Dual criminality required "
                "for coercive measures.",
            ),
            (
                [CYBER],
                "الإدارة العامة لمكافحة جرائم تقنية المعلومات",
                "General Directorate for Combating Information Technology Crimes",
                "الإدارة العامة لمكافحة جرائم تقنية المعلومات",
                ["direct", "interpol"],
                "Preservation requests accepted by email; send the MLA request within 90 days.",
            ),
        ],
    ),
    (
        "MAR",
        ["ar", "fr"],
        "Africa/Casablanca",
        [
            (
                [MLA, EXT],
                "مديرية الشؤون الجنائية والعفو ورصد الجريمة، وزارة العدل",
                "Directorate of Criminal Affairs and Pardons, Ministry of Justice",
                "مديرية الشؤون الجنائية والعفو ورصد الجريمة، وزارة العدل",
                ["central_authority", "diplomatic"],
                "Requests in Arabic or French.",
            ),
            (
                [CYBER],
                "المديرية العامة للأمن الوطني – نقطة الاتصال 24/7",
                "General Directorate of National Security – 24/7 point of contact",
                "المديرية العامة للأمن الوطني – نقطة الاتصال 24/7",
                ["direct", "interpol"],
                "",
            ),
        ],
    ),
    (
        "JOR",
        ["ar", "en"],
        "Asia/Amman",
        [
            (
                [MLA, EXT],
                "وزارة العدل – مديرية التعاون الدولي",
                "Ministry of Justice – International Cooperation Directorate",
                "وزارة العدل – مديرية التعاون الدولي",
                ["central_authority", "diplomatic"],
                "Arabic translation required.",
            ),
            (
                [CYBER],
                "وحدة الجرائم الإلكترونية، مديرية الأمن العام",
                "Cybercrime Unit, Public Security Directorate",
                "وحدة الجرائم الإلكترونية، مديرية الأمن العام",
                ["direct", "interpol"],
                "",
            ),
        ],
    ),
    (
        "ARE",
        ["ar", "en"],
        "Asia/Dubai",
        [
            (
                [MLA, EXT],
                "إدارة التعاون الدولي، وزارة العدل",
                "International Cooperation Department, Ministry of Justice",
                "إدارة التعاون الدولي، وزارة العدل",
                ["central_authority", "diplomatic"],
                "Requests in Arabic, or in English with an Arabic translation.",
            ),
        ],
    ),
    (
        "SAU",
        ["ar"],
        "Asia/Riyadh",
        [
            (
                [MLA, EXT],
                "الإدارة العامة للتعاون الدولي، وزارة الداخلية",
                "General Department of International Cooperation, Ministry of Interior",
                "الإدارة العامة للتعاون الدولي، وزارة الداخلية",
                ["diplomatic", "central_authority"],
                "Arabic translation required; transmission through diplomatic channels.",
            ),
        ],
    ),
    (
        "TUN",
        ["ar", "fr"],
        "Africa/Tunis",
        [
            (
                [MLA, EXT],
                "الإدارة العامة للشؤون الجزائية، وزارة العدل",
                "General Directorate of Criminal Affairs, Ministry of Justice",
                "الإدارة العامة للشؤون الجزائية، وزارة العدل",
                ["central_authority", "diplomatic"],
                "Requests in Arabic or French.",
            ),
        ],
    ),
    (
        "LBN",
        ["ar", "fr", "en"],
        "Asia/Beirut",
        [
            (
                [MLA, EXT],
                "النيابة العامة التمييزية – قسم التعاون الدولي",
                "Public Prosecution at the Court of Cassation – International Cooperation",
                "النيابة العامة التمييزية – قسم التعاون الدولي",
                ["central_authority", "diplomatic"],
                "",
            ),
        ],
    ),
    (
        "QAT",
        ["ar", "en"],
        "Asia/Qatar",
        [
            (
                [MLA, EXT, "asset_recovery"],
                "النيابة العامة – إدارة التعاون الدولي",
                "Public Prosecution – International Cooperation Department",
                "النيابة العامة – إدارة التعاون الدولي",
                ["central_authority"],
                "Arabic translation required.",
            ),
        ],
    ),
    (
        "FRA",
        ["fr"],
        "Europe/Paris",
        [
            (
                [MLA, EXT],
                "Bureau de l'entraide pénale internationale, Ministère de la Justice",
                "Office for International Mutual Assistance in Criminal Matters, "
                "Ministry of Justice",
                "مكتب التعاون الجنائي الدولي، وزارة العدل",
                ["central_authority", "diplomatic"],
                "Requests in French or with a French translation.",
            ),
            (
                [CYBER],
                "Office anti-cybercriminalité – point de contact 24/7",
                "Anti-Cybercrime Office – 24/7 point of contact",
                "",
                ["direct", "interpol"],
                "",
            ),
        ],
    ),
    (
        "GBR",
        ["en"],
        "Europe/London",
        [
            (
                [MLA],
                "UK Central Authority, Home Office",
                "UK Central Authority, Home Office",
                "",
                ["central_authority"],
                "Requests in English. Electronic submission preferred.",
            ),
            (
                [EXT],
                "Extradition Unit, Home Office",
                "Extradition Unit, Home Office",
                "",
                ["central_authority", "diplomatic"],
                "",
            ),
        ],
    ),
    (
        "USA",
        ["en"],
        "America/New_York",
        [
            (
                [MLA, EXT],
                "Office of International Affairs, Criminal Division, Department of Justice",
                "Office of International Affairs, Criminal Division, Department of Justice",
                "",
                ["central_authority", "diplomatic"],
                "Probable cause needed for search warrants and content of communications.",
            ),
            (
                [CYBER],
                "Computer Crime and Intellectual Property Section – 24/7",
                "Computer Crime and Intellectual Property Section – 24/7",
                "",
                ["direct"],
                "",
            ),
        ],
    ),
    (
        "DEU",
        ["de"],
        "Europe/Berlin",
        [
            (
                [MLA, EXT],
                "Bundesamt für Justiz – Internationale Rechtshilfe in Strafsachen",
                "Federal Office of Justice – International Legal Assistance in Criminal Matters",
                "",
                ["central_authority", "diplomatic"],
                "German translation required.",
            ),
        ],
    ),
    (
        "ESP",
        ["es"],
        "Europe/Madrid",
        [
            (
                [MLA, EXT],
                "Subdirección General de Cooperación Jurídica Internacional, "
                "Ministerio de Justicia",
                "Sub-Directorate General for International Legal Cooperation, Ministry of Justice",
                "",
                ["central_authority", "diplomatic"],
                "",
            ),
        ],
    ),
    (
        "BRA",
        ["pt"],
        "America/Sao_Paulo",
        [
            (
                [MLA, "asset_recovery"],
                "Departamento de Recuperação de Ativos e Cooperação Jurídica Internacional",
                "Department of Asset Recovery and International Legal Cooperation",
                "",
                ["central_authority"],
                "Portuguese translation required.",
            ),
        ],
    ),
    (
        "NGA",
        ["en"],
        "Africa/Lagos",
        [
            (
                [MLA, EXT],
                "Central Authority Unit, Federal Ministry of Justice",
                "Central Authority Unit, Federal Ministry of Justice",
                "",
                ["central_authority", "diplomatic"],
                "",
            ),
        ],
    ),
    (
        "IND",
        ["en", "hi"],
        "Asia/Kolkata",
        [
            (
                [MLA],
                "Internal Security Division II, Ministry of Home Affairs",
                "Internal Security Division II, Ministry of Home Affairs",
                "",
                ["central_authority", "diplomatic"],
                "",
            ),
        ],
    ),
)


def sample_entries(today: date | None = None) -> list[dict[str, Any]]:
    """The sample entries in AuthorityIn's shape (one in three older than 12 months: stale)."""
    today = today or clock.today()
    entries = []
    counter = 0
    for iso3, languages, timezone, authorities in SAMPLE_STATES:
        for functions, name, name_en, name_ar, channels, requirements in authorities:
            counter += 1
            slug = f"sample-{iso3.lower()}-{counter}"
            entries.append(
                {
                    "external_id": slug,
                    "country": iso3,
                    "functions": list(functions),
                    "name": name,
                    "name_en": name_en,
                    "name_ar": name_ar,
                    "languages": list(languages),
                    "channels": list(channels),
                    "urgent_by_email": CYBER in functions or None,
                    "urgent_by_interpol": True if "interpol" in channels else None,
                    "address": f"Sample address {counter}, {iso3} (fictional)",
                    "email": f"{slug}@example.org",
                    "phone": f"+000 {counter:03d} 0000",
                    "website": f"https://example.org/{slug}",
                    "contact_persons": "Sample Contact (fictional)",
                    "office_hours": "24/7" if CYBER in functions else "09:00-16:00",
                    "timezone": timezone,
                    "requirements": requirements,
                    "verified_on": (
                        today - timedelta(days=500 if counter % 3 == 0 else 30)
                    ).isoformat(),
                    "source": "Sample data for trying the tool: not a real contact",
                    "is_sample": True,
                }
            )
    return entries


def load_sample_directory(users: dict[str, Any]) -> str:
    """Demo loader: the treaty data, then the sample entries not yet present (idempotent)."""
    load_reference_data()
    existing = set(
        db.session.execute(
            select(Authority.external_id).where(Authority.external_id.like("sample-%"))
        ).scalars()
    )
    actor = users.get("maintainer")
    created = 0
    for entry in sample_entries():
        if entry["external_id"] in existing:
            continue
        create_authority(entry, actor, note="sample data")
        created += 1
    return f"directory: {created} sample entries added ({len(SAMPLE_STATES)} states)"
