"""Cross-cutting HTTP behaviour of the pages: security headers, session expiry, error pages.

The API's JSON errors (and pydantic with them) are imported when a request needs one: every app,
a command's included, is given these handlers, and a command answers no request.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError

from .extensions import db
from .log_hygiene import install_log_hygiene
from .page_text import init_page_text

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if request.endpoint and not request.endpoint.startswith("static"):
        headers.setdefault("Cache-Control", "no-store")
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


NUL_MESSAGE = "text may not contain NUL characters"


def _field_with_nul() -> str | None:
    """The first query or form field, or the JSON body, holding a NUL character (U+0000).

    PostgreSQL cannot store NUL in text, and no legitimate input has one: refusing it here, before
    any view runs, gives one clear answer on every route instead of a database error on some.
    Multipart bodies are left to their stream parser (file contents may hold any byte).
    """
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            return key.replace("\x00", "")
    if request.mimetype == "application/x-www-form-urlencoded":
        for key, value in request.form.items(multi=True):
            if "\x00" in key or "\x00" in value:
                return key.replace("\x00", "")
    elif (
        request.is_json
        and (request.content_length or 0) <= current_app.config.get("MLA_MAX_JSON_BYTES", 0)
        and b"\\u0000" in request.get_data(cache=True).lower()
    ):
        return "body"
    return None


def init_web(app: Flask) -> None:
    install_log_hygiene(app)
    init_page_text(app)  # each page's translations and row links, computed once
    app.after_request(set_security_headers)

    @app.before_request
    def keep_session_sliding() -> None:
        # Idle sessions expire after PERMANENT_SESSION_LIFETIME; each request renews the window.
        session.permanent = True

    @app.before_request
    def refuse_nul_characters():  # type: ignore[no-untyped-def]
        field = _field_with_nul()
        if field is None:
            return None
        if _wants_json():
            from .api.errors import error_response

            return error_response(422, "validation_error", NUL_MESSAGE, {field: NUL_MESSAGE})
        message = _("Text may not contain NUL characters.")
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unreachable(error: Exception):  # type: ignore[no-untyped-def]
        app.logger.error("database unreachable: %s", type(error).__name__)
        if _wants_json():
            from .api.errors import error_response

            response, status = error_response(
                503, "database_unavailable", "the database cannot be reached; nothing was saved"
            )
        else:
            response, status = Response(render_template("errors/database.html")), 503
        response.status_code = status
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        message = _("The form has expired; reload the page and try again.")
        return render_template("errors/error.html", code=400, message=message), 400

    for code in (400, 403, 404, 405, 409, 413, 429, 500):

        def handler(error, code=code):  # type: ignore[no-untyped-def]
            if code == 500:
                # the failed transaction would fail the error page too (which reads the user)
                # and its traceback, with the data it held, would reach the server's log
                db.session.rollback()
            if _wants_json():
                from .api.errors import json_error_from_http

                return json_error_from_http(error, code)
            message = getattr(error, "description", "") if code != 500 else ""
            if message == getattr(type(error), "description", None):
                message = ""  # Werkzeug's default text is English; the page's heading says it
            return render_template("errors/error.html", code=code, message=message), code

        app.register_error_handler(code, handler)
