"""How a document names its legal bases: each instrument in the document's language, with the
article it gives for the kind of request ("…against Corruption, article 44(10)")."""

from __future__ import annotations

import re
from typing import Any

from ..directory.models import Instrument
from ..extensions import db
from .cited_articles import PROVISION_ARTICLES
from .cited_bases import RECIPROCITY, kind_article
from .fieldspec import N_
from .treaty_titles import treaty_title

#: How each legal basis is cited: instrument name and the article on mutual legal assistance.
#: The names are in the documents catalogue, so they print in every document language.
INSTRUMENT_CITATIONS: dict[str, tuple[str, str]] = {
    "UNTOC": (N_("United Nations Convention against Transnational Organized Crime"), "18"),
    "UNCAC": (N_("United Nations Convention against Corruption"), "46"),
    "BUDAPEST": (N_("Convention on Cybercrime (Budapest)"), "25"),
    "DRUGS1988": (
        N_(
            "United Nations Convention against Illicit Traffic in Narcotic Drugs and "
            "Psychotropic Substances"
        ),
        "7",
    ),
    "UNCC": (N_("United Nations Convention against Cybercrime"), "40"),
}

#: The article the conventions above give for each kind of request they serve: MLA (the table
#: above), extradition, and provisional arrest (cited_articles.py, with its sources). A kind
#: not here is cited with the article of the instrument's directory entry.
KIND_ARTICLES: dict[str, dict[str, str]] = {
    "mla": {code: article for code, (_, article) in INSTRUMENT_CITATIONS.items()},
    "extradition": {"UNTOC": "16", "UNCAC": "44", "DRUGS1988": "6", "BUDAPEST": "24"},
    "provisional_arrest": PROVISION_ARTICLES["provisional_arrest"],
}

#: An article reference as the directory records it ("art. 16(9)", "arts. 25, 27").
_ARTICLE_NUMBER = re.compile(r"\d+(?:\([0-9a-z]+\))*")
_ARTICLE_REFERENCE = re.compile(
    rf"arts?\.\s*({_ARTICLE_NUMBER.pattern}(?:\s*,\s*{_ARTICLE_NUMBER.pattern})*)"
)


def article_numbers(reference: str) -> list[str]:
    """The article numbers in a directory article reference, without its explanations.

    "art. 25(3) (urgent requests by expedited means); 24/7 network, art. 35" -> ["25(3)", "35"]
    """
    plain = re.sub(r"\s+\([^)]*\)", "", reference)  # "(art. 31 for stored data)" explains
    numbers: list[str] = []
    for match in _ARTICLE_REFERENCE.finditer(plain):
        numbers.extend(n for n in _ARTICLE_NUMBER.findall(match.group(1)) if n not in numbers)
    return numbers


def instrument_name(code: str, language: str, gettext: Any, instrument: Any = None) -> str:
    """An instrument's name in the document's language: the catalogue's for the conventions it
    names, the title table's (treaty_titles.py), the directory's in that language (Arabic,
    French, Spanish), and only then its English one (a bilateral treaty recorded in English)."""
    known = INSTRUMENT_CITATIONS.get(code.upper())
    if known is not None:
        return str(gettext(known[0]))
    titled = treaty_title(code, language)
    if titled:
        return titled
    if instrument is None:
        return code
    return str(instrument.own_name(language) or instrument.name_en or code)


def _directory_citation(code: str, kind: str, language: str, gettext: Any) -> str | None:
    """A legal basis cited with the article its directory entry gives for `kind`."""
    instrument = db.session.query(Instrument).filter_by(code=code).one_or_none()
    if instrument is None:
        return None
    name = instrument_name(code, language, gettext, instrument)
    numbers = article_numbers(kind_article(instrument.articles or {}, kind))
    if not numbers:
        return name
    if len(numbers) == 1:
        return gettext("%(instrument)s, article %(article)s") % {
            "instrument": name,
            "article": numbers[0],
        }
    return gettext("%(instrument)s, articles %(articles)s") % {
        "instrument": name,
        "articles": ", ".join(numbers),
    }


def legal_basis_citations(
    codes: list[str], gettext: Any, kind: str = "mla", language: str = "en"
) -> list[str]:
    """Each cited basis by its name and the article it gives for `kind` (KIND_ARTICLES, else
    the directory's): UNTOC art. 18 for MLA, 16 for extradition, 16(9) for provisional arrest."""
    citations = []
    for code in codes:
        known = INSTRUMENT_CITATIONS.get(code.upper())
        article = KIND_ARTICLES.get(kind, {}).get(code.upper())
        if known and article:
            citations.append(
                gettext("%(instrument)s, article %(article)s")
                % {"instrument": gettext(known[0]), "article": article}
            )
        elif code == RECIPROCITY:
            citations.append(gettext("the principle of reciprocity"))
        else:
            cited = _directory_citation(code, kind, language, gettext)
            if cited is None:  # not in the directory (yet): its name alone
                cited = instrument_name(code, language, gettext) if known else None
            citations.append(cited or code)
    return citations
