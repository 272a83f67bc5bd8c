"""The interface and document catalogues: the interface complete in ar, fr and es, the documents in
those and ru, zh, pt and de; compiled, their provenance recorded, and used by the pages."""

from __future__ import annotations

import html
import re
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from mla_tool import PACKAGE_DIR
from mla_tool.extensions import db
from tests.conftest import csrf_token_from, sign_in
from tests.factories.loaded_once import demo_rows

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = PACKAGE_DIR / "translations"
LANGUAGES = ("ar", "fr", "es")
DOMAINS = {"messages": "babel.cfg", "documents": "babel-documents.cfg"}
#: The languages of each domain's catalogues (scripts/translations); English is the source.
DOMAIN_LANGUAGES = {"messages": LANGUAGES, "documents": (*LANGUAGES, "ru", "zh", "pt", "de")}
CATALOGUES = [(domain, language) for domain in DOMAINS for language in DOMAIN_LANGUAGES[domain]]
#: Script each language's translations are written in: a msgstr without it is one forgotten.
SCRIPTS = {"ru": "[\u0400-\u04ff]", "zh": "[\u4e00-\u9fff]"}
#: The keywords scripts/translations passes to pybabel, on top of Babel's defaults.
KEYWORDS = ("_l", "lazy_gettext", "N_")
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|%[sdifr]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def catalogue(language: str, domain: str) -> Catalog:
    with open(TRANSLATIONS / language / "LC_MESSAGES" / f"{domain}.po", "rb") as handle:
        return read_po(handle, locale=language)


def msgid_text(message: Any) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def extracted_msgids(domain: str) -> set[str]:
    """What `scripts/translations extract` finds in the code now, read with the same mapping."""
    with open(ROOT / DOMAINS[domain], encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords: dict[str, Any] = dict(DEFAULT_KEYWORDS)
    keywords.update({name: None for name in KEYWORDS})
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return {m for m in found if m}


# -- the catalogues -------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", list(DOMAINS))
def test_catalogues_hold_every_string_of_the_code(domain: str) -> None:
    in_code = extracted_msgids(domain)
    assert len(in_code) > (500 if domain == "messages" else 200)
    for language in DOMAIN_LANGUAGES[domain]:
        in_po = {msgid_text(m) for m in catalogue(language, domain) if m.id}
        missing = sorted(in_code - in_po)
        assert not missing, f"{language}/{domain}: run scripts/translations extract: {missing[:10]}"


@pytest.mark.parametrize(("domain", "language"), CATALOGUES)
def test_every_msgid_is_translated_with_its_placeholders(language: str, domain: str) -> None:
    problems = []
    count = 0
    for message in catalogue(language, domain):
        if not message.id:
            continue
        count += 1
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        expected = placeholders(ids[0])
        if len(ids) > 1:
            # Plural forms may spell a small count out ("يومان", two days) and drop `num`,
            # but never add a placeholder, and the last (general) form keeps them all.
            for text in strings:
                if not set(placeholders(text)) <= set(expected):
                    problems.append(f"placeholders added: {ids[0]!r} -> {text!r}")
            strings = strings[-1:]
        for text in strings:
            if placeholders(text) != expected:
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert count > 200
    assert not problems, "\n".join(problems[:20])


def test_interface_catalogues_are_only_those_of_the_interface_languages() -> None:
    """The interface speaks ar/en/fr/es; only the documents domain has the other four."""
    for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        assert path.parent.parent.name in LANGUAGES, path
    for path in TRANSLATIONS.glob("*/LC_MESSAGES/documents.po"):
        assert path.parent.parent.name in DOMAIN_LANGUAGES["documents"], path


@pytest.mark.parametrize("language", DOMAIN_LANGUAGES["documents"])
def test_document_catalogues_record_their_provenance(language: str) -> None:
    """Each says in its header that its legal wording was machine-assisted and which strings a
    reviewer has confirmed (README, "Translations"); the printed document says nothing of it."""
    header = catalogue(language, "documents").header_comment
    assert "X-Legal-Wording: machine-assisted" in header, header
    reviewed = re.search(r"^# X-Reviewed: (.+)$", header, re.M)
    assert reviewed, header
    confirmed = [m for m in catalogue(language, "documents") if "reviewed" in m.flags]
    if reviewed[1] == "none yet":
        assert confirmed == []
    else:
        assert confirmed, f"{language}: X-Reviewed names strings, but none is flagged reviewed"


@pytest.mark.parametrize(("language", "script"), list(SCRIPTS.items()))
def test_translations_are_written_in_their_script(language: str, script: str) -> None:
    """A msgstr that is the English msgid again is a string someone forgot."""
    allowed = {"PEM", "SHA-256", "time_limit_source", "INTERPOL", "URL", "UTC"}
    for domain in DOMAINS:
        if language not in DOMAIN_LANGUAGES[domain]:
            continue
        for message in catalogue(language, domain):
            if message.id and msgid_text(message) not in allowed:
                string = message.string if isinstance(message.string, str) else message.string[0]
                assert re.search(script, string), f"{language}/{domain}: {message.id!r}"


def test_arabic_translations_are_arabic() -> None:
    """An Arabic msgstr that is the English msgid again is a string someone forgot."""
    allowed = {"PEM", "SHA-256", "time_limit_source"}
    for domain in DOMAINS:
        for message in catalogue("ar", domain):
            if message.id and msgid_text(message) not in allowed:
                string = message.string if isinstance(message.string, str) else message.string[0]
                assert re.search("[\u0600-\u06ff]", string), f"{domain}: {message.id!r}"


@pytest.mark.parametrize(("domain", "language"), CATALOGUES)
def test_committed_mo_files_match_the_po_files(language: str, domain: str) -> None:
    compiled = BytesIO()
    write_mo(compiled, catalogue(language, domain))
    compiled.seek(0)
    fresh = GNUTranslations(compiled)
    mo_path = TRANSLATIONS / language / "LC_MESSAGES" / f"{domain}.mo"
    with open(mo_path, "rb") as handle:
        committed = GNUTranslations(handle)
    # The header entry ("") carries creation dates: compare the messages only.
    fresh_messages = {k: v for k, v in fresh._catalog.items() if k != ""}  # type: ignore[attr-defined]
    committed_messages = {k: v for k, v in committed._catalog.items() if k != ""}  # type: ignore[attr-defined]
    stale = sorted(str(k) for k in fresh_messages.keys() ^ committed_messages.keys())
    changed = sorted(
        str(k)
        for k in fresh_messages.keys() & committed_messages.keys()
        if fresh_messages[k] != committed_messages[k]
    )
    assert not stale and not changed, f"run scripts/translations compile: {(stale + changed)[:10]}"


# -- pages in Arabic ------------------------------------------------------------------------------


def _english_to_arabic() -> dict[str, str]:
    pairs = {}
    for message in catalogue("ar", "messages"):
        if message.id and isinstance(message.id, str) and message.string != message.id:
            pairs[message.id] = message.string
    return pairs


def _visible_texts(page: str) -> list[str]:
    """Text nodes and the attributes people read (title, aria-label, placeholder)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', body)
    nodes = re.sub(r"<[^>]+>", "\n", body).split("\n")
    return [html.unescape(text).strip() for text in nodes + attributes if text.strip()]


@pytest.fixture
def demo_in_arabic(client: Any) -> dict[str, Any]:
    from mla_tool.auth.models import User

    passwords = demo_rows()["passwords"]
    for user in db.session.query(User).all():
        user.locale = "ar"
    db.session.commit()
    return passwords


def _sign_in_demo(client: Any, passwords: dict[str, str], role: str) -> None:
    response = sign_in(client, f"{role}@demo.mla-tool.example", passwords[role])
    assert response.status_code == 302


def _first_wizard_step(client: Any) -> str:
    token = csrf_token_from(client.get("/requests/").get_data(as_text=True))
    response = client.post("/requests/new", data={"kind": "mla", "csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


#: Per page: strings the page shows in any case, which must appear in Arabic instead.
EXPECTED = {
    "/dashboard": ["Dashboard", "Cases", "Directory", "Deadlines in the next two weeks"],
    "/cases/": ["Filter cases", "Other state", "Assigned to", "Mutual legal assistance"],
    "/directory/": ["Search the directory", "Directory of competent authorities", "Languages"],
    "wizard": [
        "Requesting side",
        "Requesting state",
        "Save and continue",
        "Step %(n)s of %(total)s",
    ],
}


@pytest.mark.parametrize("path", list(EXPECTED))
def test_pages_in_arabic_show_no_english_interface_string(
    client: Any, demo_in_arabic: dict[str, str], path: str
) -> None:
    _sign_in_demo(client, demo_in_arabic, "prosecutor" if path == "wizard" else "caseworker")
    url = _first_wizard_step(client) if path == "wizard" else path
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    arabic = _english_to_arabic()
    for msgid in EXPECTED[path]:
        translated = arabic[msgid].split("%(")[0].strip()
        assert translated in page, f"{path}: {arabic[msgid]!r} (for {msgid!r}) is not on the page"
    leftovers = sorted({text for text in _visible_texts(page) if text in arabic})
    assert leftovers == [], f"{path} shows English interface strings: {leftovers}"


def test_french_and_spanish_pages_are_translated(
    client: Any, demo_in_arabic: dict[str, str]
) -> None:
    from mla_tool.auth.models import User

    _sign_in_demo(client, demo_in_arabic, "caseworker")
    for language, expected in (("fr", "Répertoire"), ("es", "Directorio")):
        user = db.session.query(User).filter_by(email="caseworker@demo.mla-tool.example").one()
        user.locale = language
        db.session.commit()
        page = client.get("/cases/").get_data(as_text=True)
        assert f'lang="{language}"' in page and expected in page
        english = {msgid_text(m): m.string for m in catalogue(language, "messages") if m.id}
        leftovers = sorted(
            text for text in set(_visible_texts(page)) if text in english and english[text] != text
        )
        assert leftovers == [], f"{language}: {leftovers}"


@pytest.mark.parametrize(
    ("language", "days", "phrase"),
    [
        ("en", 1, "in 1 day"),
        ("en", 3, "in 3 days"),
        ("en", -1, "overdue by 1 day"),
        ("en", 0, "due today"),
        ("fr", 1, "dans 1 jour"),
        ("fr", -2, "en retard de 2 jours"),
        ("es", 1, "en 1 día"),
        ("ar", 1, "بعد يوم واحد"),
        ("ar", 2, "بعد يومين"),
        ("ar", 5, "بعد 5 أيام"),
        ("ar", 12, "بعد 12 يوما"),
        ("ar", -100, "متأخر بـ 100 يوم"),
    ],
)
def test_counts_take_the_plural_form_of_the_language(app, language, days, phrase) -> None:
    from flask_babel import force_locale

    from mla_tool.i18n import due_phrase

    with app.test_request_context(), force_locale(language):
        assert due_phrase(days) == phrase
