"""Findings that quote a list (the directory's channels, the languages a state accepts for the
supporting documents) join it with the comma of the language they print in, and name
languages, not their codes: "العربية، الإنجليزية" in Arabic, "arabe, anglais" in French."""

from __future__ import annotations

from types import SimpleNamespace

from mla_tool.forms import documents
from mla_tool.forms.code_labels import (
    LanguageNames,
    choice_labels,
    list_comma,
    list_semicolon,
    translation_language,
)
from mla_tool.forms.extradition.annex_checks import documents_not_translated
from mla_tool.forms.extradition.provisional_checks import ChannelNames
from mla_tool.forms.fieldspec import DATA_CATEGORIES
from mla_tool.forms.rules.language import language_not_accepted


def test_a_document_catalogue_knows_its_language() -> None:
    assert translation_language(documents.gettext_for("ar")) == "ar"
    assert translation_language(documents.gettext_for("zh")) == "zh"
    assert translation_language(documents.gettext_for("en")) == "en"


def test_channels_are_joined_with_the_arabic_comma_in_arabic() -> None:
    names = ChannelNames(["central_authority", "diplomatic"])
    arabic = names.translated(documents.gettext_for("ar"))
    assert "\u060c " in arabic and ", " not in arabic
    assert ", " in names.translated(documents.gettext_for("fr"))


def test_accepted_languages_print_by_name_with_the_language_comma() -> None:
    names = LanguageNames(["ar", "en"])
    assert str(names) == "Arabic, English"
    assert names.translated(documents.gettext_for("fr")) == "arabe, anglais"
    arabic = names.translated(documents.gettext_for("ar"))
    assert arabic == "العربية\u060c الإنجليزية"


def test_the_untranslated_annex_finding_quotes_language_names() -> None:

    items = [{"type": "warrant", "language": "fr"}]
    ctx = SimpleNamespace(accepted_languages=["ar", "en"], items=lambda _path: items)
    [(path, params)] = documents_not_translated(ctx)  # type: ignore[arg-type]
    assert path == "supporting_documents[0].translated"
    assert isinstance(params["languages"], LanguageNames)
    assert params["languages"].translated(documents.gettext_for("ar")) == "العربية\u060c الإنجليزية"


def test_chinese_lists_use_the_enumeration_comma() -> None:

    assert list_comma("zh") == "\u3001" and list_semicolon("zh") == "\uff1b"
    gettext = documents.gettext_for("zh")
    categories = tuple((code, code) for code in DATA_CATEGORIES)
    printed = choice_labels(categories, ["subscriber", "traffic"], gettext, list_comma("zh"))
    assert printed == gettext("Subscriber information") + "\u3001" + gettext("Traffic data")
    assert "," not in printed
    names = LanguageNames(["ar", "en"]).translated(gettext)
    assert "\u3001" in names and ", " not in names


def test_the_request_language_finding_quotes_language_names() -> None:
    """The finding "the requested state accepts: …" names the languages, never "ar, en"."""

    ctx = SimpleNamespace(accepted_languages=["ar", "en"], value=lambda _path: "fr")
    [(path, params)] = language_not_accepted(ctx)  # type: ignore[arg-type]
    assert path == "language"
    assert isinstance(params["languages"], LanguageNames)
    assert params["languages"].translated(documents.gettext_for("fr")) == "arabe, anglais"
