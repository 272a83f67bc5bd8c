"""Cross-cutting HTTP behaviour of the pages: security headers, session expiry, error pages."""

from __future__ import annotations

from flask import Flask, Response, render_template, request, session
from flask_wtf.csrf import CSRFError

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


def init_web(app: Flask) -> None:
    app.after_request(set_security_headers)

    @app.before_request
    def keep_session_sliding() -> None:
        # Idle sessions expire after PERMANENT_SESSION_LIFETIME; each request renews the window.
        session.permanent = True

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return render_template("errors/error.html", code=400, message=error.description), 400

    for code in (400, 403, 404, 405, 409, 413, 429, 500):

        def handler(error, code=code):  # type: ignore[no-untyped-def]
            if _wants_json():
                from .api.errors import json_error_from_http

                return json_error_from_http(error, code)
            message = getattr(error, "description", "") if code != 500 else ""
            return render_template("errors/error.html", code=code, message=message), code

        app.register_error_handler(code, handler)
