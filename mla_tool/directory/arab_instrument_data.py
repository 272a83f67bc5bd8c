"""The League of Arab States and GCC instruments as data: what the tool adds to
arab_instruments.csv (kind, region, rank, the request kinds each serves, short names, notes),
how the CSV's consent types read, and which CSV column describes the articles of each kind."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_
from .instrument_data import InstrumentSpec

_PARTIAL_NOTE = N_(
    "Participation is recorded from partial sources (League of Arab States lists, official "
    "gazettes, national decrees, news): a state without a row is not recorded, which does not "
    "mean it is not a party."
)


def _arab(
    code: str,
    priority: int,
    kinds: tuple[str, ...],
    short_name: str,
    region: str = "LAS",
    notes: str = _PARTIAL_NOTE,
    **names: str,
) -> InstrumentSpec:
    """A spec whose kinds carry no article of their own: the finder cites the CSV's text."""
    return InstrumentSpec(
        code,
        "regional",
        priority,
        dict.fromkeys(kinds, ""),
        short_name=short_name,
        region=region,
        notes=notes,
        participation_partial=True,
        **names,
    )


_JUDICIAL = ("mla", "extradition", "provisional_arrest")

#: The instruments of arab_instruments.csv (names, dates, depositary and source come from it).
ARAB_INSTRUMENT_SPECS: tuple[InstrumentSpec, ...] = (
    _arab(
        "RIYADH1983",
        10,
        _JUDICIAL,
        N_("Riyadh Agreement (1983)"),
        notes=N_(
            "The party list is incomplete (8 parties named, 4 implied by practice, 9 signatures "
            "only): a state without a row is not recorded, which does not mean it is not a party."
        ),
        name_fr="Convention arabe de Riyad sur la coopération judiciaire",
    ),
    _arab("AACC2010", 11, ("mla", "extradition"), N_("Arab Anti-Corruption Convention (2010)")),
    _arab(
        "ATOC2010",
        12,
        ("mla", "extradition"),
        N_("Arab Organized Crime Convention (2010)"),
        notes=N_(
            "No list of parties was found: the rows come from national decrees and laws; a state "
            "without a row is not recorded, which does not mean it is not a party."
        ),
    ),
    _arab("AMLTF2010", 13, ("mla", "extradition"), N_("Arab Money Laundering Convention (2010)")),
    _arab(
        "ARAB_IT2010",
        14,
        ("mla", "extradition", "preservation"),
        N_("Arab IT Offences Convention (2010)"),
        name_fr="Convention arabe sur la lutte contre les infractions liées aux technologies "
        "de l'information",
    ),
    _arab("ACST1998", 15, _JUDICIAL, N_("Arab Terrorism Convention (1998)")),
    _arab("GCC_JUDG1995", 20, ("mla",), N_("GCC Judgments Agreement (1995)"), region="GCC"),
    _arab("GCC_SEC1994", 21, ("extradition",), N_("GCC Security Agreement (1994)"), region="GCC"),
    _arab("GCC_SEC2012", 22, ("extradition",), N_("GCC Security Agreement (2012)"), region="GCC"),
    _arab(
        "GCC_CT2004",
        23,
        ("mla", "extradition"),
        N_("GCC Terrorism Convention (2004)"),
        region="GCC",
    ),
    # a draft: loaded so that its status is on record, never offered as a legal basis
    _arab(
        "GCC_EXTR_DRAFT",
        29,
        (),
        N_("GCC Extradition Agreement (draft)"),
        region="GCC",
        notes=N_("A draft, not adopted: not a legal basis."),
    ),
)

#: arab_instruments.csv / arab_participation.csv code -> the tool's code (the IT Offences
#: Convention kept the code requests and documents already use).
ARAB_CODE_ALIASES: dict[str, str] = {"AITO2010": "ARAB_IT2010"}

#: Which column of arab_instruments.csv describes the articles for each request kind.
ARTICLE_COLUMNS: dict[str, str] = {
    "mla": "mla_articles",
    "preservation": "mla_articles",
    "extradition": "extradition_articles",
    "provisional_arrest": "extradition_articles",
}

#: Words by which a cell of arab_instruments.csv says its articles were not checked.
UNVERIFIED_MARKS: tuple[str, ...] = ("not verified", "unverified", "approx", "n/a")


@dataclass(frozen=True)
class ConsentClass:
    """How one consent type of arab_participation.csv is recorded."""

    status: str  # party | signatory
    consent_type: str


#: The first words of a consent_type cell (before " — ") -> status and consent type. A signature
#: or a domestic approval alone is never a party.
CONSENT_CLASSES: dict[str, ConsentClass] = {
    "ratification": ConsentClass("party", "ratification"),
    "accession": ConsentClass("party", "accession"),
    "party (date unknown)": ConsentClass("party", "party (date unknown)"),
    "party (implied by practice)": ConsentClass("party", "party (implied by practice)"),
    "domestic approval": ConsentClass("signatory", "domestic approval only"),
    "signature": ConsentClass("signatory", "signature only"),
}
