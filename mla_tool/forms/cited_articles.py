"""The article a document's sentence cites (confidentiality, use of evidence, provisional arrest,
an assurance…) in the instrument the request rests on: a table, with where each number comes from.

A sentence cites the article of the first cited legal basis that has a row; a basis without one
(a bilateral treaty, an Arab convention whose numbers are not verified, reciprocity) makes the
sentence print without an article. Sources of the numbers:
- UNTOC arts. 16 and 18: DOMAIN.md (the project's reading of the text).
- UNCAC art. 46 mirrors UNTOC art. 18 paragraph by paragraph (DOMAIN.md); 46(13) and 46(14) are
  also checked against the declarations quoted in data/uncac_notifications.csv (Poland, Latvia).
- UNCAC art. 44 is UNTOC art. 16 with one paragraph more at 44(2) (extradition without dual
  criminality), so 16(n) is 44(n+1) from there on: 44(1)-(3) read in the Polish text
  (Dz.U. 2007 nr 84 poz. 563), 44(6) in the declarations of data/uncac_notifications.csv, 44(10)
  provisional arrest in the directory's instrument data.
- Budapest art. 29(2)(f), 29(7): the Convention (ETS 185) and DOMAIN.md.
- UN Convention against Cybercrime (2024): only articles, no paragraphs (no text of it is in the
  project): 40 mutual assistance, 41 the 24/7 network, 42 expedited preservation, as the
  directory's instrument data records them.
- The 1988 Convention: art. 6(8) provisional arrest, as the directory's instrument data records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .fieldspec import N_

#: provision -> instrument code -> the article (and paragraph) a sentence on it cites.
PROVISION_ARTICLES: dict[str, dict[str, str]] = {
    # mutual legal assistance
    "dual_criminality": {"UNTOC": "18(9)", "UNCAC": "46(9)"},
    "central_authority": {"UNTOC": "18(13)", "UNCAC": "46(13)"},
    "language": {"UNTOC": "18(14)", "UNCAC": "46(14)"},
    "contents": {"UNTOC": "18(15)", "UNCAC": "46(15)"},
    "additional_information": {"UNTOC": "18(16)", "UNCAC": "46(16)"},
    "use_limitation": {"UNTOC": "18(19)", "UNCAC": "46(19)"},
    "confidentiality": {"UNTOC": "18(20)", "UNCAC": "46(20)"},
    "time": {"UNTOC": "18(24)", "UNCAC": "46(24)"},
    "videoconference": {"UNTOC": "18(18)", "UNCAC": "46(18)"},
    # extradition
    "provisional_arrest": {"UNTOC": "16(9)", "UNCAC": "44(10)", "DRUGS1988": "6(8)"},
    "national_prosecution": {"UNTOC": "16(10)", "UNCAC": "44(11)"},
    "conditional_surrender": {"UNTOC": "16(11)", "UNCAC": "44(12)"},
    "national_enforcement": {"UNTOC": "16(12)", "UNCAC": "44(13)"},
    "extradition_consultation": {"UNTOC": "16(16)", "UNCAC": "44(17)"},
    # expedited preservation of stored data
    "preservation_mla_follows": {"BUDAPEST": "29(2)(f)", "UNCC": "42"},
    "preservation_period": {"BUDAPEST": "29(7)", "UNCC": "42"},
}


def cited_articles(codes: Iterable[str]) -> dict[str, str]:
    """Each provision's article in the first of the cited bases (in the order chosen) that has
    one; a provision no cited basis has is left out."""
    order = [code.upper() for code in codes]
    found: dict[str, str] = {}
    for provision, articles in PROVISION_ARTICLES.items():
        article = next((articles[code] for code in order if code in articles), None)
        if article:
            found[provision] = article
    return found


# -- choices whose label names an article --------------------------------------------------

#: Choices whose label in the wizard names an article of UNTOC (assurances in
#: forms/extradition/choices.py, attendance in forms/measures.py): printed with the label below
#: and the article of the basis used, or with none.
LABELS_CITING: dict[str, tuple[str, str]] = {
    "national_prosecution": (
        N_("If a national is not extradited: prosecution in the requested state"),
        "national_prosecution",
    ),
    "temporary_surrender": (
        N_(
            "Conditional surrender of a national: returned to the requested state to serve "
            "the sentence"
        ),
        "conditional_surrender",
    ),
    "national_enforcement": (
        N_("If a national is not extradited: enforcement of the sentence there"),
        "national_enforcement",
    ),
    "videoconference": (N_("Hearing by videoconference"), "videoconference"),
}
WITH_ARTICLE = N_("%(text)s (article %(article)s)")


def label_citing(code: Any, articles: dict[str, str], gettext: Any) -> str | None:
    """The label of a choice that cites an article, with the article of the basis used (None:
    not such a choice, its usual label applies)."""
    known = LABELS_CITING.get(str(code or ""))
    if known is None:
        return None
    label, provision = known
    article = articles.get(provision)
    if not article:
        return str(gettext(label))
    return str(gettext(WITH_ARTICLE) % {"text": gettext(label), "article": article})


# -- a rule's reference on the review sheet ---------------------------------------------------

#: How a rule's reference names an instrument -> its directory code. Longer names first.
REFERENCE_NAMES: tuple[tuple[str, str], ...] = (
    ("Second Additional Protocol", "BUDAPEST_P2"),
    ("Budapest Convention", "BUDAPEST"),
    ("UNTOC", "UNTOC"),
    ("UNCAC", "UNCAC"),
)
#: The same requirement in another instrument: (code, article number as the reference writes
#: it, without paragraph) -> {basis: (its name in references, its article)}. A paragraph is kept
#: only where the two articles are alike paragraph by paragraph (UNTOC 18 and UNCAC 46).
EQUIVALENTS: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    # a preservation under UNTOC or UNCAC is a request for mutual assistance: its contents
    # are those of art. 18(15) / 46(15); under the Cybercrime Convention, art. 42
    ("BUDAPEST", "29"): {
        "UNTOC": ("UNTOC", "18(15)"),
        "UNCAC": ("UNCAC", "46(15)"),
        "UNCC": ("UN Convention against Cybercrime", "42"),
    },
    ("BUDAPEST", "35"): {"UNCC": ("UN Convention against Cybercrime", "41")},
    ("BUDAPEST", "25"): {"UNCC": ("UN Convention against Cybercrime", "40")},
    ("BUDAPEST", "27"): {"UNCC": ("UN Convention against Cybercrime", "40")},
}
#: An article as a reference writes it: "29(2)(c)", "16(4)-(6)", "18(15)(c)-(d)", "35".
_ARTICLE = re.compile(r"(\d+)((?:\([0-9a-z]+\))*)(?:-\(([0-9a-z]+)\))?")


def _uncac_of_untoc(number: str, paragraphs: str, until: str | None) -> str | None:
    """UNTOC art. 18(n) is UNCAC 46(n); art. 16(n) is UNCAC 44(n+1) from paragraph 2 on."""
    if number == "18":
        return f"46{paragraphs}" + (f"-({until})" if until else "")
    if number != "16":
        return None

    def shifted(paragraph: str) -> str:
        return str(int(paragraph) + 1) if paragraph.isdigit() and int(paragraph) >= 2 else paragraph

    first = re.match(r"\((\d+)\)(.*)", paragraphs)
    if not first:
        return "44"
    start = f"44({shifted(first.group(1))}){first.group(2)}"
    if until is None:
        return start
    return f"{start}-({shifted(until) if not first.group(2) else until})"


def _equivalent(code: str, article: re.Match[str], codes: list[str]) -> tuple[str, str] | None:
    """The (name, article) of the same requirement in the first cited basis that has it."""
    number, paragraphs, until = article.groups()
    for basis in codes:
        if code == "UNTOC" and basis == "UNCAC":
            found = _uncac_of_untoc(number, paragraphs, until)
            if found:
                return ("UNCAC", found)
        equivalent = EQUIVALENTS.get((code, number), {}).get(basis)
        if equivalent:
            return equivalent
    return None


#: An explanation inside a reference, "(proportionality)", "(urgent requests)": not a number.
_EXPLANATION = re.compile(r"\s+\([^)]*[a-z]{3,}[^)]*\)")


def reference_by_basis(reference: str, codes: Iterable[str]) -> str:
    """A rule's reference ("Budapest Convention art. 29(2)(c); Second Additional Protocol art.
    9(3)(e)") as it applies to a request resting on `codes`: the parts naming a cited
    instrument as they are, the others by the same requirement's article in a cited basis, or
    left out. Parts naming no instrument (the Model Treaty, a practice) stay. With no basis
    cited (a draft without one) the reference is left as it is."""
    chosen = [str(code) for code in codes if code]
    if not chosen:
        return reference
    cited = [code.upper() for code in chosen if code != "reciprocity"]
    parts: list[str] = []
    for part in reference.split("; "):
        named = next(((n, c) for n, c in REFERENCE_NAMES if part.startswith(n)), None)
        if named is None or named[1] in cited:
            parts.append(part)
            continue
        name, code = named
        by_name: dict[str, list[str]] = {}
        for article in _ARTICLE.finditer(_EXPLANATION.sub("", part[len(name) :])):
            equivalent = _equivalent(code, article, cited)
            if equivalent and equivalent[1] not in by_name.get(equivalent[0], []):
                by_name.setdefault(equivalent[0], []).append(equivalent[1])
        for other, articles in by_name.items():
            label = "art." if len(articles) == 1 else "arts."
            text = f"{other} {label} {', '.join(articles)}"
            if text not in parts:
                parts.append(text)
    return "; ".join(parts)
