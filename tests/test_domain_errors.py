"""One error hierarchy: services raise DomainError (never Werkzeug's), answered once per channel."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import mla_tool
from mla_tool.errors import ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError
from mla_tool.wiring import answer_domain_error

SOURCE = Path(mla_tool.__file__).parent

#: Exceptions that are not refusals of a user's request: failures of the installation itself
#: (keys, backups, sealed files, configuration, schema) or control flow inside one module.
NOT_DOMAIN_ERRORS = {
    "mla_tool.audit.keyring.AuditKeyError",
    "mla_tool.audit.chain_links.PassFailed",
    "mla_tool.vault.backup.BackupError",
    "mla_tool.vault.backup_manifest.ManifestRefused",
    "mla_tool.vault.crypto.IntegrityError",
    "mla_tool.vault.zip_sniff._NotReadable",
    "mla_tool.signing.config.SigningNotConfigured",
    "mla_tool.cli_schema_guard.NotInitialised",
    "mla_tool.cases.views.case_actions.StatusChanged",
}

#: The services' refusals, by their home module (names and constructors callers rely on).
DOMAIN_ERRORS = (
    "mla_tool.api.errors.ApiError",
    "mla_tool.auth.service.UserError",
    "mla_tool.auth.tokens.TokenError",
    "mla_tool.cases.errors.CaseError",
    "mla_tool.cases.errors.TransitionError",
    "mla_tool.cases.errors.AlreadyAssigned",
    "mla_tool.directory.errors.DirectoryError",
    "mla_tool.directory.transfer.ImportFileError",
    "mla_tool.exchange.crypto.PackageError",
    "mla_tool.exchange.refusals.ExchangeError",
    "mla_tool.forms.errors.RequestError",
    "mla_tool.forms.translations.receive.TranslationRefused",
    "mla_tool.forms.translations.store.TranslationConflict",
    "mla_tool.signing.service.SigningError",
    "mla_tool.vault.service.AttachmentNotFound",
    "mla_tool.vault.uploads.UploadError",
)

#: Modules outside the views and the API that may import werkzeug.exceptions, and why. They
#: only catch what Werkzeug itself raises; none raises one.
WERKZEUG_READERS = {
    "vault/upload_parsing.py": "parse_upload turns the errors of Werkzeug's form parser into UploadError",
    "vault/multipart_reader.py": "Werkzeug's multipart parser, raising its errors as Werkzeug's does",
    "vault/body_gate.py": "a WSGI gate: matching a URL in Werkzeug's map may raise its errors",
}


def _is_http_layer(relative: str) -> bool:
    name = Path(relative).name
    return (
        relative.startswith("api/")
        or "views" in Path(relative).parts[:-1]  # a views package: pages on one blueprint
        or name in {"views.py", "api.py", "wiring.py", "web.py"}
        or name.endswith(("_views.py", "_api.py"))
    )


def _classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(mla_tool.__path__, "mla_tool."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def _werkzeug_imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "werkzeug.exceptions":
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name == "werkzeug.exceptions")
    return names


def test_every_error_class_of_the_services_is_a_domain_error() -> None:
    classes = _classes()
    exceptions = {
        name: cls
        for name, cls in classes.items()
        if issubclass(cls, Exception) and not issubclass(cls, Warning)
    }
    assert set(DOMAIN_ERRORS) <= set(exceptions)
    outside = sorted(
        name
        for name, cls in exceptions.items()
        if not issubclass(cls, DomainError) and name not in NOT_DOMAIN_ERRORS
    )
    assert outside == []


@pytest.mark.parametrize("name", DOMAIN_ERRORS)
def test_a_named_error_is_a_domain_error(name: str) -> None:
    module, _, attribute = name.rpartition(".")
    cls = getattr(importlib.import_module(module), attribute)
    assert issubclass(cls, DomainError)


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (NotFoundError(), 404, "not_found"),
        (ForbiddenError(), 403, "forbidden"),
        (ConflictError("taken"), 409, "conflict"),
        (InvalidError("bad", {"name": "required"}), 422, "validation_error"),
    ],
)
def test_the_subclasses_carry_their_status_and_code(
    error: DomainError, status: int, code: str
) -> None:
    assert (error.status, error.code) == (status, code)


def test_the_old_argument_orders_still_hold() -> None:
    from mla_tool.cases.errors import CaseError, TransitionError
    from mla_tool.directory.errors import DirectoryError
    from mla_tool.exchange.refusals import ExchangeError
    from mla_tool.signing.service import SigningError
    from mla_tool.vault.uploads import UploadError

    assert (CaseError("bad", {"x": "y"}).status, CaseError("bad").fields) == (422, {})
    transition = TransitionError("illegal", "no", from_status="received", to_status="closed")
    assert (transition.status, transition.code, transition.message) == (409, "illegal", "no")
    assert (DirectoryError("gone", status=404).code, DirectoryError("bad").status) == (
        "not_found",
        422,
    )
    assert (ExchangeError("no_access").status, ExchangeError("replay").status) == (404, 409)
    assert ExchangeError("invalid", "bad", {"a": "b"}).status == 422
    assert (SigningError(409, "conflict", "done").text, UploadError(413, "x", "big").status) == (
        "done",
        413,
    )
    assert isinstance(CaseError("bad"), ValueError)  # callers catching ValueError still do


def test_a_refused_translation_file_is_a_domain_error_with_its_parameters() -> None:
    from mla_tool.forms.translations.receive import TranslationRefused
    from mla_tool.forms.translations.store import TranslationConflict

    refused = TranslationRefused(413, "payload_too_large", "at most %(limit)s bytes", limit=5)
    assert (refused.status, refused.code, str(refused)) == (
        413,
        "payload_too_large",
        "at most 5 bytes",
    )
    assert refused.shown(lambda text: text.replace("at most", "au plus")) == "au plus 5 bytes"
    assert str(TranslationRefused(400, "malformed_xliff", "not XLIFF")) == "not XLIFF"
    assert (TranslationConflict("taken").status, TranslationConflict("taken").code) == (
        409,
        "conflict",
    )


def _page(response: Any, path: str) -> str:
    # the menu marks the section of the matched route, which an unknown URL has not
    return response.get_data(as_text=True).replace(path, "/X").replace('aria-current="page"', "")


def test_a_service_not_found_page_is_the_page_of_an_unknown_url(
    make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    client = login(make_user("caseworker"))
    from_service = client.get("/cases/999999")  # get_case_for raises NotFoundError
    unknown = client.get("/no-such-page-999999")
    assert from_service.status_code == unknown.status_code == 404
    assert _page(from_service, "/cases/999999") == _page(unknown, "/no-such-page-999999")


def test_a_service_not_found_answers_the_api_as_an_unknown_url(app: Flask, client) -> None:
    unknown = client.get("/api/v1/no-such-thing")
    with app.test_request_context("/api/v1/cases/1"):
        response, status = answer_domain_error(NotFoundError())
    assert status == unknown.status_code == 404
    assert response.get_json() == unknown.get_json()


def test_a_refusal_is_shown_translated_on_the_pages_and_in_english_to_the_api(app: Flask) -> None:
    refusal = InvalidError("choose a file to attach", {"file": "empty"})
    with app.test_request_context("/cases/1", headers={"Accept-Language": "fr"}):
        page, status = answer_domain_error(refusal)
    assert status == 422
    assert "choisissez un fichier à joindre" in page
    with app.test_request_context("/api/v1/cases/1", headers={"Accept-Language": "fr"}):
        response, status = answer_domain_error(refusal)
    assert (status, response.get_json()["error"]) == (
        422,
        {
            "code": "validation_error",
            "message": "choose a file to attach",
            "fields": {"file": "empty"},
        },
    )


def test_no_service_imports_werkzeug_exceptions() -> None:
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if _is_http_layer(relative):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _werkzeug_imports(tree)
        if imported and relative not in WERKZEUG_READERS:
            offenders.append(f"{relative} imports {sorted(imported)}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.exc is not None:
                called = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(called, ast.Name) and called.id in imported:
                    offenders.append(f"{relative}:{node.lineno} raises {called.id}")
    assert offenders == []
