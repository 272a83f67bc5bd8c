"""Interface languages: which ones exist, how the locale is chosen, and writing direction."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, get_locale, gettext, ngettext
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .cldr_names import language_name

#: Interface languages, with their own names; the first is the default.
LANGUAGES: dict[str, str] = {"en": "English", "ar": "العربية", "fr": "Français", "es": "Español"}
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
#: The comma between the items of a list, where a language has its own.
COMMAS: dict[str, str] = {"ar": "\u060c ", "zh": "\u3001"}
#: What follows a label before its value ("Du : …", "致：…"): French sets a no-break space before
#: the colon, Chinese uses the full-width colon; the other languages ": ".
COLONS: dict[str, str] = {"fr": "\u00a0: ", "zh": "\uff1a"}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def N_(message: str) -> str:
    """Marks a string of a data table for extraction; it is translated where it is displayed."""
    return message


class Phrase(str):
    """A message with its own parameters, quoted inside another message (a finding quotes the
    problem an identifier check found). Its value is the English text; `translated` renders it
    with the catalogue of the page or document that shows it."""

    message: str
    params: dict[str, object]

    def __new__(cls, message: str, **params: object) -> Phrase:
        phrase = super().__new__(cls, message % params if params else message)
        phrase.message = message
        phrase.params = params
        return phrase

    def translated(self, translate: Callable[[str], str]) -> str:
        try:
            return translate(self.message) % self.params if self.params else translate(self.message)
        except (KeyError, ValueError, TypeError):
            return str(self)


def phrase_columns(text: str | Phrase | None, column: str) -> dict[str, object]:
    """Column values of a text that may be a Phrase: `column` holds the English text,
    `<column>_message` and `<column>_params` the message id and its parameters (both None for a
    text a user typed, which is never looked up in a catalogue)."""
    if isinstance(text, Phrase):
        return {
            column: str(text),
            f"{column}_message": text.message,
            f"{column}_params": text.params,
        }
    return {column: text, f"{column}_message": None, f"{column}_params": None}


def said_text(
    text: str | None,
    message: str | None,
    params: object = None,
    translate: Callable[[str], str] | None = None,
) -> str:
    """A stored text in the reader's language where the system wrote it (message id and
    parameters), else as typed. Plain text: templates escape it, parameters included."""
    if message:
        arguments = params if isinstance(params, dict) else {}
        try:
            return Phrase(message, **arguments).translated(translate or gettext)
        except (KeyError, ValueError, TypeError):
            pass
    return text or ""


def catalogue_text(value: object) -> str:
    """A label of a data table (or of the directory, which editors may also type) looked up in
    the catalogue, as plain text: unlike Jinja's `_()`, the result is escaped where shown."""
    return gettext(str(value)) if value else ""


def text_direction(language: str) -> str:
    return "rtl" if language.split("_")[0] in RTL_LANGUAGES else "ltr"


def select_locale() -> str:
    if not has_request_context():  # a command or a background job: the default language
        return next(iter(LANGUAGES))
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in LANGUAGES:
        return user_locale
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def due_phrase(days_left: int) -> str:
    """ "overdue by 3 days", "due today" or "in 1 day", with the plural forms of the locale."""
    if days_left < 0:
        return ngettext("overdue by %(num)d day", "overdue by %(num)d days", -days_left)
    if days_left == 0:
        return gettext("due today")
    return ngettext("in %(num)d day", "in %(num)d days", days_left)


def reader_language_name(code: str) -> str:
    """A language's name in the reader's language, from CLDR ("الإنجليزية" for "en" on an Arabic
    page): the template global `language_label`."""
    return language_name(code, str(get_locale() or "en"))


def list_comma(language: str) -> str:
    """ "، " in Arabic, "、" in Chinese, ", " otherwise."""
    return COMMAS.get(language.split("_")[0], ", ")


def label_colon(language: str) -> str:
    """ " : " (no-break space first) in French, "：" in Chinese, ": " otherwise: the template
    global `colon` of pages and documents."""
    return COLONS.get(language.split("_")[0], ": ")


@cache
def _number_symbols(language: str) -> tuple[str, str]:
    return get_group_symbol(language), get_decimal_symbol(language)


def number_text(value: float, language: str | None = None) -> str:
    """A number as a reader of `language` (the page's, by default) writes it ("12 345,5" in
    French): what Babel's format_decimal writes (#,##0.###) for the interface's languages, from
    the locale's two symbols, read once. Babel's took 4 ms for the 470 figures of a UNTOC page."""
    group, decimal = _number_symbols(language or str(get_locale() or "en"))
    whole = isinstance(value, int)
    text = f"{value:,}" if whole else f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


#: The units of a file's size after bytes, each 1,024 of the one before: IEC symbols, which
#: every interface language writes as they are.
SIZE_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def file_size_text(size: int, language: str | None = None) -> str:
    """A file's size as a reader of `language` (the page's, by default) writes it, in the
    largest unit it fills, to a tenth ("2 GiB", "1,5 MiB" in French, "900 B")."""
    value, unit = float(size), 0
    while value >= 1024 and unit < len(SIZE_UNITS) - 1:
        value, unit = value / 1024, unit + 1
    shown = round(value, 1)
    number = number_text(int(shown) if shown.is_integer() else shown, language)
    return f"{number}\u00a0{SIZE_UNITS[unit]}"


@pass_context
def size_filter(context: Context, size: int) -> Markup:
    """The template filter `file_size`: `file_size_text` in the page's language, a left-to-right
    run (in a right-to-left line "2 GiB" would otherwise read "GiB 2")."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(
        file_size_text(size, context.get("current_language"))
    )


@pass_context
def number_filter(context: Context, value: float) -> str:
    """The template filter `number`: `number_text` in the page's language (`current_language`
    of the page's context, which a request's locale look-up would cost on every figure)."""
    return number_text(value, context.get("current_language"))


class PageColon:
    """The template global `colon`: `label_colon` in the language of the page being rendered, read
    when it is printed (a global, so that macros imported without context print it too)."""

    def __str__(self) -> str:
        return label_colon(str(get_locale() or "en"))

    __html__ = __str__


def reading_arrow(language: str) -> str:
    """The arrow of "from → to": it points the other way in a right-to-left language."""
    return "←" if text_direction(language) == "rtl" else "→"


def time_tag(day: date | str | None) -> Markup | str:
    """A date for a page (a date or an ISO date), in `<time>`, which is laid out by its own
    direction: in a right-to-left line "2026-12-10" would otherwise read "10-12-2026". Nothing
    stays nothing; a value that is not a date is escaped text. The template filter `day`."""
    if day is None or day == "":
        return ""
    text = day.isoformat() if isinstance(day, date) else str(day)
    if isinstance(day, date) or ISO_DAY.fullmatch(text):
        return Markup('<time datetime="{0}">{0}</time>').format(text)
    return escape(text)


def init_babel(app: Flask, babel: Babel) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(app.root_path + "/translations"))
    babel.init_app(app, locale_selector=select_locale)
    # globals, not context: macros imported without context use them too
    app.add_template_global(said_text)
    app.add_template_global(catalogue_text)
    app.add_template_filter(time_tag, "day")
    app.add_template_filter(number_filter, "number")
    app.add_template_filter(size_filter, "file_size")
    app.add_template_global(PageColon(), "colon")

    @app.context_processor
    def language_context() -> dict[str, object]:
        language = str(get_locale() or "en")
        return {
            "current_language": language,
            "text_direction": text_direction(language),
            "languages": LANGUAGES,
            "due_phrase": due_phrase,
            "arrow": reading_arrow(language),
            "comma": list_comma(language),
        }

    @app.before_request
    def remember_request_start() -> None:
        g.setdefault("page_language", None)
