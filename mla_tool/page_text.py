"""What a page's templates would otherwise compute again and again: the translations of the
request's language, fetched once per page for every `_()`, links that differ only by an id,
built once per page from one `url_for`, and labels computed once per value a page shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Flask, url_for
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

#: An id no row has, which `id_link` replaces in the link it builds once.
_PLACEHOLDER = 987654321


def _newstyle(func: Callable[..., str]) -> Callable[..., str]:
    """Jinja's new-style gettext over `func` (as `install_gettext_callables(newstyle=True)`):
    escaped, and always formatted with its keyword arguments."""

    @pass_context
    def gettext(context: Context, string: str, **variables: Any) -> str:
        text = context.call(func, string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  (a catalogue entry, as Jinja does)
        return text % variables  # type: ignore[no-any-return]

    return gettext


def _newstyle_plural(func: Callable[..., str]) -> Callable[..., str]:
    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = context.call(func, singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  (a catalogue entry, as Jinja does)
        return text % variables  # type: ignore[no-any-return]

    return ngettext


def page_translations() -> dict[str, Any]:
    """`gettext`/`ngettext` (and so `_()`) bound to the page's catalogue, looked up once: each
    call otherwise looks up the request, the locale and the catalogue again (Flask-Babel)."""
    translations = get_translations()
    return {
        "gettext": _newstyle(translations.ugettext),
        "ngettext": _newstyle_plural(translations.ungettext),
    }


def id_link(endpoint: str, name: str) -> Callable[[int], str]:
    """The links to `endpoint` for any integer `name`, from one `url_for`: a list's rows."""
    head, _, tail = url_for(endpoint, **{name: _PLACEHOLDER}).partition(str(_PLACEHOLDER))
    return lambda value: f"{head}{int(value)}{tail}"


#: Characters a query value keeps unescaped, as Werkzeug's URL builder (werkzeug.urls._urlencode).
_QUERY_SAFE = "!$'()*,/:;?@"


def query_link(endpoint: str) -> Callable[[Mapping[str, Any]], str]:
    """The links to `endpoint` (a rule without arguments) with any query string, from one
    `url_for`: what `url_for(endpoint, **args)` gives, for a list's sort and page links."""
    base = url_for(endpoint)

    def link(args: Mapping[str, Any]) -> str:
        query = urlencode([(k, v) for k, v in args.items() if v is not None], safe=_QUERY_SAFE)
        return f"{base}?{query}" if query else base

    return link


def _memoised(
    helper: Callable[[Any], str], known: dict[Any, str] | None = None
) -> Callable[[Any], str]:
    known = {} if known is None else known

    def once(value: Any) -> str:
        if value not in known:
            known[value] = helper(value)
        return known[value]

    return once


def per_value(helper: Callable[[Any], str]) -> Callable[[Any], str]:
    """`helper` (a label, or a macro of one argument such as a status badge) computed once per
    distinct value for the page that asks for it: a list's rows repeat a few values."""
    return _memoised(helper)


#: Values a language's memo of a helper holds before it starts anew (codes are few; a helper
#: asked about arbitrary text must not grow it without end).
MEMO_LIMIT = 4096


def memoise_per_page(app: Flask, helpers: Mapping[str, Callable[[Any], str]]) -> None:
    """Give the pages a memo of these one-argument template helpers (labels of codes in the
    reader's language, asked for on every row), one per helper and interface language, kept by
    the app: each code is named once per language, not once per page. A helper listed here
    depends on its value and the reader's language alone."""
    memos: dict[tuple[str, str], dict[Any, str]] = {}

    @app.context_processor
    def memoised_helpers() -> dict[str, Any]:
        language = str(get_locale())
        remembered = {}
        for name, helper in helpers.items():
            known = memos.setdefault((language, name), {})
            if len(known) > MEMO_LIMIT:
                known.clear()
            remembered[name] = _memoised(helper, known)
        return remembered


def init_page_text(app: Flask) -> None:
    app.context_processor(page_translations)
    app.add_template_global(id_link)
    app.add_template_global(per_value)
