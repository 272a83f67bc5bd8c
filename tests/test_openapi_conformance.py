"""/api/v1/openapi.json read by other people's tools: openapi-spec-validator accepts it as OpenAPI
3.0.3, and a client generated from it by openapi-python-client drafts, checks and prints a request
on a live server, signed in with a token from `mla-tool token`."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator, validate

from mla_tool.api.openapi_dialect import openapi30_schema
from mla_tool.forms.kinds import KINDS
from mla_tool.forms.samples import complete_request

CLIENT_PACKAGE = "mla_api_client"
#: openapi-python-client reads JSON, text and octet-stream bodies; the document's other binary
#: media types are read as octet-stream (the generator's own setting for this, not a patch).
GENERATOR_CONFIG = {
    "project_name_override": CLIENT_PACKAGE,
    "package_name_override": CLIENT_PACKAGE,
    "post_hooks": [],
    "content_type_overrides": {
        media_type: "application/octet-stream"
        for media_type in (
            "application/pdf",
            "application/x-xliff+xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    },
}


def test_the_document_is_valid_openapi_3_0(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.0.3"
    validate(document, cls=OpenAPIV30SpecValidator)
    text = json.dumps(document)
    assert '"type": "null"' not in text and '"const"' not in text and "prefixItems" not in text


def test_query_parameters_are_never_null(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/v1/openapi.json").get_json()
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation["parameters"]:
                schema = parameter["schema"]
                assert "nullable" not in schema and schema.get("default", "") is not None
                assert None not in schema.get("enum", []), parameter


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (
            {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}], "default": None},
            {"type": "string", "maxLength": 5, "default": None, "nullable": True},
        ),
        (
            {"anyOf": [{"$ref": "#/components/schemas/Urgent"}, {"type": "null"}], "title": "U"},
            {"allOf": [{"$ref": "#/components/schemas/Urgent"}], "title": "U", "nullable": True},
        ),
        (
            {"anyOf": [{"enum": ["a", "b"], "type": "string"}, {"type": "null"}]},
            {"enum": ["a", "b", None], "type": "string", "nullable": True},
        ),
        ({"type": ["integer", "null"]}, {"type": "integer", "nullable": True}),
        ({"const": "pdf", "type": "string"}, {"type": "string", "enum": ["pdf"]}),
        (
            {"type": "number", "exclusiveMinimum": 0},
            {"type": "number", "minimum": 0, "exclusiveMinimum": True},
        ),
        (
            {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]},
            {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
        ),
        ({"type": "string", "default": None}, {"type": "string"}),
        ({"examples": ["x", "y"], "type": "string"}, {"type": "string", "example": "x"}),
        # a property may be called like a keyword: only schemas are rewritten, never names
        (
            {"type": "object", "properties": {"const": {"type": "string"}}},
            {"type": "object", "properties": {"const": {"type": "string"}}},
        ),
    ],
)
def test_json_schema_forms_become_openapi_3_0_forms(schema: Any, expected: Any) -> None:
    assert openapi30_schema(schema) == expected


def _token_from_cli(app: Any, email: str) -> str:
    """`mla-tool token EMAIL`, as CONTRACT.md says an integrator gets one, on the app's database."""
    env = {
        **os.environ,
        "MLA_DATA_DIR": str(app.config["MLA_DATA_DIR"]),
        "MLA_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }
    out = subprocess.run(
        [sys.executable, "-m", "mla_tool.cli", "token", email],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=True,
    )
    return out.stdout.strip()


def _generate_client(live_server: str, folder: Path) -> Path:
    """The document fetched once from the server, then the client generated offline from the file."""
    import httpx

    spec = folder / "openapi.json"
    spec.write_bytes(httpx.get(f"{live_server}/api/v1/openapi.json").content)
    config = folder / "generator.json"
    config.write_text(json.dumps(GENERATOR_CONFIG))
    out = folder / CLIENT_PACKAGE
    generated = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(spec)]
        + ["--meta", "none", "--config", str(config), "--output-path", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    # every operation and schema made it into the client: the generator warns for what it skips
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout
    return folder


def _import_client(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(folder))
    for name in [name for name in sys.modules if name.split(".")[0] == CLIENT_PACKAGE]:
        monkeypatch.delitem(sys.modules, name)
    return importlib.import_module(CLIENT_PACKAGE)


def _pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "request.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    assert out.returncode == 0, out.stderr
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.mark.slow  # generates a package, starts `mla-tool token` and renders a PDF
def test_a_generated_client_drafts_checks_and_prints_a_request(  # type: ignore[no-untyped-def]
    app, live_server, make_user, tmp_path, monkeypatch
) -> None:
    from tests.factories.authorities import make_authority

    user = make_user("prosecutor")
    authority = make_authority()
    token = _token_from_cli(app, user.email)
    _import_client(_generate_client(live_server, tmp_path), monkeypatch)
    api = importlib.import_module(f"{CLIENT_PACKAGE}.api.requests")
    models = importlib.import_module(f"{CLIENT_PACKAGE}.models")
    for name in ("forms_create", "forms_check", "forms_document"):
        importlib.import_module(f"{api.__name__}.{name}")
    client_module = importlib.import_module(CLIENT_PACKAGE)
    client = client_module.AuthenticatedClient(
        base_url=f"{live_server}/api/v1", token=token, raise_on_unexpected_status=True
    )
    anonymous = client_module.AuthenticatedClient(
        base_url=f"{live_server}/api/v1", token="not-a-token", raise_on_unexpected_status=True
    )

    refused = api.forms_create.sync(
        client=anonymous, body=models.RequestDocument.from_dict({"kind": "mla"})
    )
    assert isinstance(refused, models.Error) and refused.error.code == "unauthorized"

    draft = api.forms_create.sync(
        client=client, body=models.RequestDocument.from_dict({"kind": "mla"})
    )
    assert isinstance(draft, models.RequestOut), draft
    check = api.forms_check.sync(draft.id, client=client)
    assert isinstance(check, models.CheckOut) and check.complete is False
    codes = {finding.code for finding in check.findings}
    assert {"facts_missing", "purpose_missing", "measures_missing"} <= codes
    assert {finding.severity.value for finding in check.findings} <= {"error", "warning"}

    # the whole sample request goes through the generated models both ways
    body = models.RequestDocument.from_dict(complete_request(requested_authority=authority))
    created = api.forms_create.sync(client=client, body=body)
    assert isinstance(created, models.RequestOut), created
    assert created.requested_authority == authority and created.status.value == "draft"
    check = api.forms_check.sync(created.id, client=client)
    assert check.complete is True, [finding.to_dict() for finding in check.findings]

    document = api.forms_document.sync(
        created.id,
        client=client,
        format_=models.FormsDocumentFormat.PDF,
        lang=models.FormsDocumentLang.EN,
    )
    pdf = document.payload.read()
    assert pdf.startswith(b"%PDF")
    assert KINDS["mla"].title in _pdf_text(pdf, tmp_path)
