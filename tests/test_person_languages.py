"""The wizard's languages of a person are named as CLDR names each language in itself."""

from __future__ import annotations

from mla_tool.cldr_names import own_language_name
from mla_tool.forms.person_fields import PERSON_LANGUAGES, PERSON_LANGUAGES_FIELD


def test_each_language_is_named_in_itself_as_cldr_names_it() -> None:
    assert [(code, own_language_name(code)) for code, _name in PERSON_LANGUAGES] == list(
        PERSON_LANGUAGES
    )
    assert PERSON_LANGUAGES_FIELD.choices == PERSON_LANGUAGES
    assert len({code for code, _name in PERSON_LANGUAGES}) == len(PERSON_LANGUAGES)
