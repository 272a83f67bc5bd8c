"""Which language a user's text is in: py3langid's model (shipped in its wheel), built once.

bench/language_detection.py compares py3langid with lingua-language-detector on short legal
text in ar, en, fr, es, de, ru and pt; the thresholds below come from its numbers. Both were
right on every text of six words or more; py3langid was chosen as it also read text crowded with
account numbers and names right (lingua took a Russian transfer order for German), kept a wide
margin between a text's own language and others, and needs ~120 MB and a second to load where
lingua needs ~290 MB and several seconds (its wheel is 96 MB; py3langid's 5 MB, with numpy).
"""

from __future__ import annotations

import re
import threading
from typing import Any

#: The languages a request is written in (forms.forms.COMMON_LANGUAGES; a test keeps them
#: equal): the model chooses among these only.
IDENTIFIED_LANGUAGES = (
    "ar",
    "en",
    "fr",
    "es",
    "ru",
    "zh",
    "pt",
    "de",
    "it",
    "nl",
    "tr",
    "fa",
    "ur",
)
#: Words needed before a text is judged: with fewer, both libraries compared still took French,
#: Spanish or Portuguese for another language ("Le suspect a", "Se solicita que"); from six words
#: on neither erred.
MIN_WORDS = 6
#: Another language is named only when the document's own gets less than this probability: from
#: six words on, a text's own language never got less than 0.44, another never more than 0.24.
DOUBT = 0.2

TOKEN = re.compile(r"\S+")

_lock = threading.Lock()
_built: dict[str, Any] = {}


def telling_words(text: str) -> list[str]:
    """The words that show a language: not numbers, references or names in capitals."""
    words = []
    for token in TOKEN.findall(text):
        letters = [character for character in token if character.isalpha()]
        if not letters or any(character.isdigit() for character in token):
            continue
        if len(letters) > 1 and token.isupper():
            continue  # BENSAÏD, UNTOC, FZE
        words.append(token)
    return words


def _identifier() -> Any:
    """The model, loaded on first use (about a second), once per process, restricted to
    IDENTIFIED_LANGUAGES; py3langid only reads it afterwards, so threads may share it."""
    with _lock:
        if "identifier" not in _built:
            # numpy and the model load when a text is first judged, not when the CLI starts
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(IDENTIFIED_LANGUAGES))
            _built["identifier"] = identifier
        return _built["identifier"]


def language_probabilities(text: str) -> dict[str, float] | None:
    """Each identified language's probability for the text; None when it is too short."""
    words = telling_words(text)
    if len(words) < MIN_WORDS:
        return None
    return {code: float(p) for code, p in _identifier().rank(" ".join(words))}


def guess_language(text: str) -> str | None:
    """The language the text is most likely in; None when it is too short to judge."""
    probabilities = language_probabilities(text)
    if not probabilities:
        return None
    return max(probabilities, key=probabilities.__getitem__)


def other_language(text: str, expected: str) -> str | None:
    """The language the text is clearly written in when it is not `expected`, else None.

    None too when the text is too short, or `expected` is not a language the model knows."""
    if expected not in IDENTIFIED_LANGUAGES:
        return None
    probabilities = language_probabilities(text)
    if not probabilities or probabilities.get(expected, 0.0) >= DOUBT:
        return None
    best = max(probabilities, key=probabilities.__getitem__)
    return best if best != expected else None
