"""The instruments the tool knows, as data: request kinds, instrument kinds, members of the
regional organisations, each instrument's names, kind and articles per request kind, and which
packaged CSV columns hold declarations. reference.py loads them into the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_
from ..request_kinds import KIND_CODES

REQUEST_KINDS: tuple[str, ...] = KIND_CODES
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
    "GCC": _codes("ARE BHR KWT OMN QAT SAU"),
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
    name_es: str = ""
    short_name: str = ""  # in the catalogue (N_): pages show it in the reader's language
    region: str = ""
    scope: str = ""
    adopted: str = ""
    entry_into_force: str = ""
    depositary: str = ""
    source: str = ""
    notes: str = ""
    participation_known: bool = True
    #: the recorded participation is known to be incomplete (see Instrument.participation_partial)
    participation_partial: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


#: What a protocol of UNTOC cites (in the catalogue: pages show it in the reader's language).
_PROTOCOL_ARTICLES = {
    "mla": N_("art. 18 UNTOC, applied by art. 1(2) of the Protocol"),
    "extradition": N_("art. 16 UNTOC, applied by art. 1(2) of the Protocol"),
    "provisional_arrest": N_("art. 16(9) UNTOC, applied by art. 1(2) of the Protocol"),
}

#: The instruments: names, kind, and the article to cite for each kind of request. An article
#: "" means the instrument covers that kind but the tool records no article (check the text); one
#: with words beyond its numbers is in the catalogue (N_), so that pages show it translated.
INSTRUMENT_SPECS: tuple[InstrumentSpec, ...] = (
    InstrumentSpec(
        "UNTOC",
        "global",
        10,
        {"mla": "art. 18", "extradition": "art. 16", "provisional_arrest": "art. 16(9)"},
        name_ar="اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
        name_fr="Convention des Nations Unies contre la criminalité transnationale organisée",
        name_es="Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
        short_name=N_("UNTOC (Palermo, 2000)"),
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
        name_es="Convención de las Naciones Unidas contra la Corrupción",
        short_name=N_("UNCAC (Mérida, 2003)"),
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
        name_es="Convención de las Naciones Unidas contra el Tráfico Ilícito de Estupefacientes y "
        "Sustancias Sicotrópicas",
        short_name=N_("1988 Convention (Vienna)"),
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
        name_es="Protocolo para prevenir, reprimir y sancionar la trata de personas, especialmente "
        "mujeres y niños",
        short_name=N_("Trafficking in Persons Protocol"),
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
        name_es="Protocolo contra el tráfico ilícito de migrantes por tierra, mar y aire",
        short_name=N_("Smuggling of Migrants Protocol"),
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
        name_es="Protocolo contra la fabricación y el tráfico ilícitos de armas de fuego, sus "
        "piezas y componentes y municiones",
        short_name=N_("Firearms Protocol"),
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
            "mla": N_("arts. 25, 27 (art. 31 for stored computer data)"),
            "extradition": "art. 24",
            "preservation": "art. 29",
            "emergency_disclosure": N_(
                "art. 25(3) (urgent requests by expedited means); 24/7 network, art. 35"
            ),
        },
        name_ar="اتفاقية مجلس أوروبا بشأن الجريمة الإلكترونية (اتفاقية بودابست)",
        name_fr="Convention sur la cybercriminalité",
        name_es="Convenio sobre la Ciberdelincuencia",
        short_name=N_("Budapest Convention (2001)"),
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
            "mla": N_(
                "art. 8 (giving effect to orders for subscriber information and traffic data)"
            ),
            "emergency_disclosure": N_(
                "art. 9 (expedited disclosure in an emergency); art. 10 (emergency mutual "
                "assistance)"
            ),
        },
        name_ar="البروتوكول الإضافي الثاني لاتفاقية الجريمة الإلكترونية",
        name_fr="Deuxième Protocole additionnel à la Convention sur la cybercriminalité relatif "
        "au renforcement de la coopération et de la divulgation de preuves électroniques",
        name_es="Segundo Protocolo adicional al Convenio sobre la Ciberdelincuencia relativo a la "
        "cooperación reforzada y la revelación de pruebas electrónicas",
        short_name=N_("Second Additional Protocol (2022)"),
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
            "emergency_disclosure": N_("art. 41 (24/7 network)"),
        },
        name_ar="اتفاقية الأمم المتحدة لمكافحة الجرائم السيبرانية",
        name_fr="Convention des Nations Unies contre la cybercriminalité",
        name_es="Convención de las Naciones Unidas contra la Ciberdelincuencia",
        short_name=N_("UN Convention against Cybercrime (2024)"),
        notes=N_("Not in force; the data holds signatures only."),
    ),
    InstrumentSpec(
        "EUR_MLA1959",
        "regional",
        30,
        {"mla": N_("arts. 1, 3 (letters rogatory)")},
        name_en="European Convention on Mutual Assistance in Criminal Matters (ETS No. 30)",
        name_fr="Convention européenne d'entraide judiciaire en matière pénale",
        name_es="Convenio Europeo de Asistencia Judicial en Materia Penal",
        name_ar="الاتفاقية الأوروبية للمساعدة المتبادلة في المسائل الجنائية",
        short_name=N_("European MLA Convention (1959)"),
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
        name_es="Convenio Europeo de Extradición",
        name_ar="الاتفاقية الأوروبية لتسليم المجرمين",
        short_name=N_("European Extradition Convention (1957)"),
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
        name_es="Convención Interamericana sobre Asistencia Mutua en Materia Penal",
        short_name=N_("Inter-American MLA Convention (Nassau, 1992)"),
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
        name_es="Convención Interamericana sobre Extradición",
        short_name=N_("Inter-American Extradition Convention (Caracas, 1981)"),
        region="OAS",
        adopted="1981-02-25",
        depositary="General Secretariat of the Organization of American States",
        notes=N_("Participation is not recorded in the tool."),
        participation_known=False,
    ),
)

#: Declarations read from the packaged CSVs: file, instrument, and column -> Declaration field.
#: Files of the same instrument are merged per state (reference.py).
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
        "untoc_notifications.csv",
        "UNTOC",
        {
            "central_authority_18_13": "central_authority",
            "languages_18_14": "languages_text",
            "legal_basis_extradition_16_5": "legal_basis_extradition",
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
