"""Text folding for search: Arabic (tashkeel, tatweel, hamza, alef maqsura, ta marbuta) and
Latin (case, accents), the same on stored text and on queries, for the directory and the cases."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Letters folded to one form after the combining marks are gone (NFKD already splits
#: أ إ آ ؤ ئ into a base letter plus a combining hamza or madda).
_LETTER_FOLDS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla -> ا
        "\u0649": "\u064a",  # ى alef maqsura -> ي
        "\u0629": "\u0647",  # ة ta marbuta -> ه
        "\u0640": None,  # ـ tatweel
        "\u06cc": "\u064a",  # ی Farsi yeh -> ي
        "\u06a9": "\u0643",  # ک keheh -> ك
        # Latin letters with a stroke or without a dot, which NFKD leaves whole
        "\u0131": "i",  # ı dotless i
        "\u0141": "l",  # Ł
        "\u0142": "l",  # ł
        "\u00d8": "o",  # Ø
        "\u00f8": "o",  # ø
        "\u0110": "d",  # Đ
        "\u0111": "d",  # đ
        "\u0126": "h",  # Ħ
        "\u0127": "h",  # ħ
    }
)
#: Arabic-Indic and Eastern Arabic-Indic digits -> ASCII digits.
_DIGITS = str.maketrans(
    {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
)
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str | None) -> str:
    """Fold `text` for matching: no diacritics or tatweel, one alef, ي for ى, ه for ة, casefolded
    Latin without accents, punctuation as single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.translate(_LETTER_FOLDS).translate(_DIGITS).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).replace("_", " ").split())


def query_terms(query: str | None) -> list[str]:
    """The normalised words of a search query (each must occur in the entry)."""
    return [term for term in normalise(query).split(" ") if term]


def like_pattern(term: str) -> str:
    """A LIKE pattern matching `term` anywhere, with LIKE's wildcards escaped (escape char \\)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def compact(text: str | None) -> str:
    """`text` folded with no separators at all: "+962 79-555" and "96279555" meet here."""
    return normalise(text).replace(" ", "")


def folded_parts(parts: Iterable[str | None]) -> str:
    """The folded text of several fields, each kept apart by " / " so no word spans two."""
    return " / ".join(dict.fromkeys(f for f in (normalise(p) for p in parts) if f))


def query_phrases(query: str | None) -> list[str]:
    """The folded words of a query as typed (split on spaces only), each of which must occur:
    an identifier typed as one word ("10.0.0.1", "j.doe@x.org") stays one phrase."""
    return list(dict.fromkeys(f for f in (normalise(w) for w in (query or "").split()) if f))
