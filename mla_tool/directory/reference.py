"""The reference data: instruments with their articles per request kind, and the packaged UN
Treaty Collection data (participation, declarations), loaded idempotently into the database."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from sqlalchemy import select

from ..extensions import db
from ..i18n import N_
from .models import Declaration, Instrument, Participation
from .versions import record_reference_version

DATA_DIR = Path(__file__).resolve().parent / "data"

REQUEST_KINDS: tuple[str, ...] = (
    "mla",
    "extradition",
    "provisional_arrest",
    "preservation",
    "emergency_disclosure",
)
INSTRUMENT_KINDS: tuple[str, ...] = ("bilateral", "regional", "global")


#: Members of the organisations whose regional instruments the tool knows. Membership is not
#: participation: it only tells the finder where an instrument with unknown participation
#: might apply ("check").
def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


REGION_MEMBERS: dict[str, frozenset[str]] = {
    "LAS": _codes(
        "DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM"
    ),
    "COE": _codes(
        "ALB AND ARM AUT AZE BEL BIH BGR HRV CYP CZE DNK EST FIN FRA GEO DEU GRC HUN ISL "
        "IRL ITA LVA LIE LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU SMR SRB SVK SVN "
        "ESP SWE CHE TUR UKR GBR"
    ),
    "OAS": _codes(
        "ATG ARG BHS BRB BLZ BOL BRA CAN CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI "
        "HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO USA URY VEN"
    ),
}


@dataclass(frozen=True)
class InstrumentSpec:
    """What the tool knows about an instrument, beyond the CSV (names, kind, articles)."""

    code: str
    kind: str
    priority: int
    articles: dict[str, str]
    name_en: str = ""
    name_ar: str = ""
    name_fr: str = ""
    short_name: str = ""
    region: str = ""
    scope: str = ""
    adopted: str = ""
    entry_into_force: str = ""
    depositary: str = ""
    source: str = ""
    notes: str = ""
    participation_known: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


_PROTOCOL_ARTICLES = {
    "mla": "art. 18 UNTOC, applied by art. 1(2) of the Protocol",
    "extradition": "art. 16 UNTOC, applied by art. 1(2) of the Protocol",
    "provisional_arrest": "art. 16(9) UNTOC, applied by art. 1(2) of the Protocol",
}

#: The instruments: names, kind, and the article to cite for each kind of request. An article
#: "" means the instrument covers that kind but the tool records no article (check the text).
INSTRUMENT_SPECS: tuple[InstrumentSpec, ...] = (
    InstrumentSpec(
        "UNTOC",
        "global",
        10,
        {"mla": "art. 18", "extradition": "art. 16", "provisional_arrest": "art. 16(9)"},
        name_ar="اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
        name_fr="Convention des Nations Unies contre la criminalité transnationale organisée",
        short_name="UNTOC (Palermo, 2000)",
        scope=N_(
            "Serious crime (4 years or more) and offences under the Convention, transnational "
            "and involving an organized criminal group."
        ),
    ),
    InstrumentSpec(
        "UNCAC",
        "global",
        20,
        {"mla": "art. 46", "extradition": "art. 44", "provisional_arrest": "art. 44(10)"},
        name_ar="اتفاقية الأمم المتحدة لمكافحة الفساد",
        name_fr="Convention des Nations Unies contre la corruption",
        short_name="UNCAC (Mérida, 2003)",
        scope=N_(
            "Offences established in accordance with the Convention (corruption, "
            "laundering of its proceeds); asset recovery in chapter V."
        ),
    ),
    InstrumentSpec(
        "DRUGS1988",
        "global",
        30,
        {"mla": "art. 7", "extradition": "art. 6", "provisional_arrest": "art. 6(8)"},
        name_ar="اتفاقية الأمم المتحدة لمكافحة الاتجار غير المشروع في المخدرات والمؤثرات العقلية",
        name_fr="Convention des Nations Unies contre le trafic illicite de stupéfiants et de "
        "substances psychotropes",
        short_name="1988 Convention (Vienna)",
        scope=N_("Offences established under art. 3(1) (drug trafficking and related laundering)."),
    ),
    InstrumentSpec(
        "UNTOC_TIP",
        "global",
        40,
        dict(_PROTOCOL_ARTICLES),
        name_ar="بروتوكول منع وقمع ومعاقبة الاتجار بالأشخاص، وبخاصة النساء والأطفال",
        name_fr="Protocole visant à prévenir, réprimer et punir la traite des personnes, en "
        "particulier des femmes et des enfants",
        short_name="Trafficking in Persons Protocol",
        scope=N_(
            "Only for offences established under the Protocol; both states must also be "
            "parties to UNTOC."
        ),
    ),
    InstrumentSpec(
        "UNTOC_SOM",
        "global",
        41,
        dict(_PROTOCOL_ARTICLES),
        name_ar="بروتوكول مكافحة تهريب المهاجرين عن طريق البر والبحر والجو",
        name_fr="Protocole contre le trafic illicite de migrants par terre, air et mer",
        short_name="Smuggling of Migrants Protocol",
        scope=N_(
            "Only for offences established under the Protocol; both states must also be "
            "parties to UNTOC."
        ),
    ),
    InstrumentSpec(
        "UNTOC_FIREARMS",
        "global",
        42,
        dict(_PROTOCOL_ARTICLES),
        name_ar="بروتوكول مكافحة صنع الأسلحة النارية وأجزائها ومكوناتها والذخيرة والاتجار بها "
        "بصورة غير مشروعة",
        name_fr="Protocole contre la fabrication et le trafic illicites d'armes à feu, de leurs "
        "pièces, éléments et munitions",
        short_name="Firearms Protocol",
        scope=N_(
            "Only for offences established under the Protocol; both states must also be "
            "parties to UNTOC."
        ),
    ),
    InstrumentSpec(
        "BUDAPEST",
        "regional",
        20,
        {
            "mla": "arts. 25, 27 (art. 31 for stored computer data)",
            "extradition": "art. 24",
            "preservation": "art. 29",
            "emergency_disclosure": "art. 25(3) (urgent requests by expedited means); "
            "24/7 network, art. 35",
        },
        name_ar="اتفاقية مجلس أوروبا بشأن الجريمة الإلكترونية (اتفاقية بودابست)",
        name_fr="Convention sur la cybercriminalité",
        short_name="Budapest Convention (2001)",
        region="COE",
        scope=N_(
            "Offences under arts. 2-11 and the collection of electronic evidence of any "
            "criminal offence; open to non-member states."
        ),
    ),
    InstrumentSpec(
        "BUDAPEST_P2",
        "regional",
        21,
        {
            "mla": "art. 8 (giving effect to orders for subscriber information and traffic data)",
            "emergency_disclosure": "art. 9 (expedited disclosure in an emergency); art. 10 "
            "(emergency mutual assistance)",
        },
        name_ar="البروتوكول الإضافي الثاني لاتفاقية الجريمة الإلكترونية",
        name_fr="Deuxième Protocole additionnel à la Convention sur la cybercriminalité relatif "
        "au renforcement de la coopération et de la divulgation de preuves électroniques",
        short_name="Second Additional Protocol (2022)",
        region="COE",
        scope=N_("Parties to the Budapest Convention only."),
    ),
    InstrumentSpec(
        "UNCC",
        "global",
        50,
        {
            "mla": "art. 40",
            "extradition": "art. 37",
            "preservation": "art. 42",
            "emergency_disclosure": "art. 41 (24/7 network)",
        },
        name_ar="اتفاقية الأمم المتحدة لمكافحة الجرائم السيبرانية",
        name_fr="Convention des Nations Unies contre la cybercriminalité",
        short_name="UN Convention against Cybercrime (2024)",
        notes=N_("Not in force; the data holds signatures only."),
    ),
    InstrumentSpec(
        "RIYADH1983",
        "regional",
        10,
        {"mla": "", "extradition": "", "provisional_arrest": ""},
        name_en="Riyadh Arab Agreement for Judicial Cooperation",
        name_ar="اتفاقية الرياض العربية للتعاون القضائي",
        name_fr="Convention arabe de Riyad sur la coopération judiciaire",
        short_name="Riyadh Agreement (1983)",
        region="LAS",
        adopted="1983-04-06",
        depositary="General Secretariat of the League of Arab States",
        notes=N_(
            "Participation is not recorded in the tool: check which League of Arab States "
            "members have ratified it before relying on it."
        ),
        participation_known=False,
    ),
    InstrumentSpec(
        "ARAB_IT2010",
        "regional",
        15,
        {"mla": "", "extradition": "", "preservation": ""},
        name_en="Arab Convention on Combating Information Technology Offences",
        name_ar="الاتفاقية العربية لمكافحة جرائم تقنية المعلومات",
        name_fr="Convention arabe sur la lutte contre les infractions liées aux technologies "
        "de l'information",
        short_name="Arab IT Offences Convention (2010)",
        region="LAS",
        adopted="2010-12-21",
        depositary="General Secretariat of the League of Arab States",
        notes=N_("Participation is not recorded in the tool: check the state's ratification."),
        participation_known=False,
    ),
    InstrumentSpec(
        "EUR_MLA1959",
        "regional",
        30,
        {"mla": "arts. 1, 3 (letters rogatory)"},
        name_en="European Convention on Mutual Assistance in Criminal Matters (ETS No. 30)",
        name_fr="Convention européenne d'entraide judiciaire en matière pénale",
        name_ar="الاتفاقية الأوروبية للمساعدة المتبادلة في المسائل الجنائية",
        short_name="European MLA Convention (1959)",
        region="COE",
        adopted="1959-04-20",
        entry_into_force="1962-06-12",
        depositary="Secretary General of the Council of Europe",
        notes=N_("Participation is not recorded in the tool (some non-member states are parties)."),
        participation_known=False,
    ),
    InstrumentSpec(
        "EUR_EXT1957",
        "regional",
        31,
        {"extradition": "art. 1", "provisional_arrest": "art. 16"},
        name_en="European Convention on Extradition (ETS No. 24)",
        name_fr="Convention européenne d'extradition",
        name_ar="الاتفاقية الأوروبية لتسليم المجرمين",
        short_name="European Extradition Convention (1957)",
        region="COE",
        adopted="1957-12-13",
        entry_into_force="1960-04-18",
        depositary="Secretary General of the Council of Europe",
        notes=N_("Participation is not recorded in the tool (some non-member states are parties)."),
        participation_known=False,
    ),
    InstrumentSpec(
        "IA_MLA1992",
        "regional",
        40,
        {"mla": ""},
        name_en="Inter-American Convention on Mutual Assistance in Criminal Matters (A-55)",
        name_fr="Convention interaméricaine sur l'entraide en matière pénale",
        short_name="Inter-American MLA Convention (Nassau, 1992)",
        region="OAS",
        adopted="1992-05-23",
        depositary="General Secretariat of the Organization of American States",
        notes=N_("Participation is not recorded in the tool."),
        participation_known=False,
    ),
    InstrumentSpec(
        "IA_EXT1981",
        "regional",
        41,
        {"extradition": "", "provisional_arrest": ""},
        name_en="Inter-American Convention on Extradition (B-47)",
        name_fr="Convention interaméricaine sur l'extradition",
        short_name="Inter-American Extradition Convention (Caracas, 1981)",
        region="OAS",
        adopted="1981-02-25",
        depositary="General Secretariat of the Organization of American States",
        notes=N_("Participation is not recorded in the tool."),
        participation_known=False,
    ),
)

#: Declarations read from the packaged CSVs: file, instrument, and column -> Declaration field.
DECLARATION_FILES: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "untoc_declarations.csv",
        "UNTOC",
        {
            "central_authority_18_13": "central_authority",
            "languages_18_14": "languages_text",
            "legal_basis_extradition_16_5": "legal_basis_extradition",
            "reservation_35_2": "reservation_disputes",
        },
    ),
    (
        "uncac_notifications.csv",
        "UNCAC",
        {
            "central_authority_46_13": "central_authority",
            "languages_46_14": "languages_text",
            "legal_basis_extradition_44_6": "legal_basis_extradition",
        },
    ),
)

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{4})\b"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}


def parse_date(value: str | None) -> date | None:
    """An ISO 8601 date, or None for an empty cell ("not known")."""
    value = (value or "").strip()
    return date.fromisoformat(value) if value else None


def dates_in_source(source: str) -> list[date]:
    """Every date a source citation mentions (status dates, "last changed", "as of")."""
    found: list[date] = []
    for year, month, day in _ISO_DATE.findall(source):
        found.append(date(int(year), int(month), int(day)))
    for day, month, year in _DMY_DATE.findall(source):
        try:
            found.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    for month, year in _MONTH_YEAR.findall(source):
        found.append(date(int(year), _MONTHS[month], 1))
    return found


def participation_status(signature: date | None, consent: date | None, consent_type: str) -> str:
    """party when consent is recorded; signatory with a signature only; otherwise party (the
    rows without any date come from lists of parties, see the data README)."""
    if consent or consent_type:
        return "party"
    if signature:
        return "signatory"
    return "party"


@cache
def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            names[language.name.casefold()] = code
    return names


def language_codes(text: str) -> list[str]:
    """ISO 639-1 codes of the language names in a declaration ("English and/or Hindi")."""
    names = _language_names()
    codes: list[str] = []
    for word in re.findall(r"[A-Za-z]+", text or ""):
        code = names.get(word.casefold())
        if code and code not in codes:
            codes.append(code)
    return codes


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _set_if_changed(record: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(record, key) != value:
            setattr(record, key, value)
            changed = True
    return changed


def load_reference_data() -> dict[str, int]:
    """Create or refresh the instruments, participation and declarations from the packaged data.

    Idempotent: a second run changes nothing. Rows a maintainer corrected (origin "user") are
    left alone; changed reference rows get a new version in their history.
    """
    counts = {"instruments": 0, "participation": 0, "declarations": 0, "changed": 0}
    csv_instruments = {row["code"]: row for row in _read_csv("instruments.csv")}
    instruments: dict[str, Instrument] = {
        item.code: item for item in db.session.execute(select(Instrument)).scalars()
    }
    for spec in INSTRUMENT_SPECS:
        row = csv_instruments.get(spec.code, {})
        values = {
            "name_en": row.get("name_en") or spec.name_en or spec.code,
            "name_ar": spec.name_ar,
            "name_fr": spec.name_fr,
            "short_name": spec.short_name,
            "kind": spec.kind,
            "region": spec.region,
            "priority": spec.priority,
            "articles": dict(spec.articles),
            "scope": spec.scope,
            "adopted": parse_date(row.get("adopted") or spec.adopted),
            "entry_into_force": parse_date(row.get("entry_into_force") or spec.entry_into_force),
            "depositary": row.get("depositary") or spec.depositary,
            "source": row.get("source_url") or spec.source,
            "participation_known": spec.participation_known,
            "notes": spec.notes,
        }
        instrument = instruments.get(spec.code)
        if instrument is None:
            instrument = Instrument(code=spec.code, origin="reference", version=1, **values)
            db.session.add(instrument)
            db.session.flush()
            instruments[spec.code] = instrument
            record_reference_version("instrument", instrument, "reference")
        elif instrument.origin == "reference" and _set_if_changed(instrument, values):
            record_reference_version("instrument", instrument, "reference")
            counts["changed"] += 1
        counts["instruments"] += 1

    created: list[tuple[str, Any]] = []
    rows = _read_csv("participation.csv")
    latest_by_instrument: dict[str, date] = {}
    for row in rows:
        row_dates = dates_in_source(row["source_url"]) + [
            d for d in (parse_date(row["signature_date"]), parse_date(row["consent_date"])) if d
        ]
        if row_dates:
            latest = max(row_dates)
            code = row["instrument_code"]
            latest_by_instrument[code] = max(latest, latest_by_instrument.get(code, latest))
    existing = {
        (p.instrument_id, p.state_iso3): p
        for p in db.session.execute(select(Participation)).scalars()
    }
    for row in rows:
        instrument = instruments[row["instrument_code"]]
        signature = parse_date(row["signature_date"])
        consent = parse_date(row["consent_date"])
        source_dates = dates_in_source(row["source_url"])
        values = {
            "state_name_source": row["state_name_en"],
            "signature_date": signature,
            "consent_date": consent,
            "consent_type": row["consent_type"],
            "status": participation_status(signature, consent, row["consent_type"]),
            "source": row["source_url"],
            "data_as_of": max(source_dates)
            if source_dates
            else latest_by_instrument.get(row["instrument_code"]),
        }
        key = (instrument.id, row["state_iso3"])
        record = existing.get(key)
        if record is None:
            record = Participation(
                instrument_id=instrument.id, state_iso3=row["state_iso3"], version=1, **values
            )
            db.session.add(record)
            existing[key] = record
            created.append(("participation", record))
        elif record.origin == "reference" and _set_if_changed(record, values):
            record_reference_version("participation", record, "reference")
            counts["changed"] += 1
        counts["participation"] += 1

    declarations = {
        (d.instrument_id, d.state_iso3): d
        for d in db.session.execute(select(Declaration)).scalars()
    }
    for filename, code, columns in DECLARATION_FILES:
        instrument = instruments[code]
        for row in _read_csv(filename):
            values: dict[str, Any] = {"source": row["source_url"], "quote": row["quote"]}
            for column, attribute in columns.items():
                cell = (row.get(column) or "").strip()
                if attribute in ("legal_basis_extradition", "reservation_disputes"):
                    cell = cell if cell in ("yes", "no") else "unknown"
                values[attribute] = cell
            values["languages"] = language_codes(values.get("languages_text", ""))
            key = (instrument.id, row["state_iso3"])
            record = declarations.get(key)
            if record is None:
                record = Declaration(
                    instrument_id=instrument.id, state_iso3=row["state_iso3"], version=1, **values
                )
                db.session.add(record)
                declarations[key] = record
                created.append(("declaration", record))
            elif record.origin == "reference" and _set_if_changed(record, values):
                record_reference_version("declaration", record, "reference")
                counts["changed"] += 1
            counts["declarations"] += 1
    db.session.flush()
    for object_type, record in created:
        record_reference_version(object_type, record, "reference")
    db.session.flush()
    return counts
