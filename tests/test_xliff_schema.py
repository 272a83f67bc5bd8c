"""XLIFF files against the OASIS XLIFF 1.2 strict schema: every export is valid, an invalid import is
refused before it is read and changes nothing.

Two validators read the kept schema: `xmlschema` (what the application uses) and libxml2 through
lxml, an independent implementation of XML Schema 1.0.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring as safe_fromstring
from lxml import etree

from mla_tool.extensions import db
from mla_tool.forms.translation_models import RequestTranslation
from mla_tool.forms.translations.schema import (
    LOCAL_COPIES,
    XLIFF_12_STRICT,
    first_violation,
    xliff_schema,
)
from tests.factories.xliff import create, export, put, translated

XML_XSD = "http://www.w3.org/2001/xml.xsd"


class _LocalCopies(etree.Resolver):
    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        if url in LOCAL_COPIES:
            return self.resolve_filename(str(LOCAL_COPIES[url]), context)
        return None


@pytest.fixture(scope="module")
def libxml2_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalCopies())
    return etree.XMLSchema(etree.parse(str(XLIFF_12_STRICT), parser))


def test_the_schema_is_the_kept_oasis_file_and_reads_nothing_remote() -> None:
    text = XLIFF_12_STRICT.read_text(encoding="utf-8")
    assert 'targetNamespace="urn:oasis:names:tc:xliff:document:1.2"' in text
    assert XLIFF_12_STRICT.name == "xliff-core-1.2-strict.xsd"
    schema = xliff_schema()
    assert schema.target_namespace == "urn:oasis:names:tc:xliff:document:1.2"
    imported = schema.imports[XML_XSD]
    assert imported.url == Path(LOCAL_COPIES[XML_XSD]).as_uri()
    readme = (XLIFF_12_STRICT.parent / "README.md").read_text(encoding="utf-8")
    assert "php-symfony-translation" in readme and "SHA-256" in readme


@pytest.mark.parametrize("lang", ["fr", "ar", "zh", "de"])
def test_exported_and_translated_files_validate(
    lang: str, client: Any, make_user: Any, api_headers: Any, libxml2_schema: etree.XMLSchema
) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, subject="Blanchiment <&> \"'\u202e")
    raw = export(client, headers, request_id, lang)
    done = translated(raw, prefix="[x] ")  # as a translator's tool writes it back
    for body in (raw, done):
        assert first_violation(safe_fromstring(body)) is None
        document = etree.fromstring(body, etree.XMLParser(resolve_entities=False))
        assert libxml2_schema.validate(document), libxml2_schema.error_log
    assert put(client, headers, request_id, done, lang).status_code == 200


#: Ways to break the schema that an XML parser and translate-toolkit alone would let through.
BREAKAGES = {
    "unknown element": (b"<source>", b"<comment>x</comment><source>"),
    "unit without id": (b' id="subject"', b""),
    "unknown datatype": (b'datatype="plaintext"', b'datatype="prose"'),
    "unknown target state": (b'state="translated"', b'state="done"'),
    "element of another namespace": (b"<source>", b'<x:extra xmlns:x="urn:example"/><source>'),
    "text directly in body": (b"<body>", b"<body>loose text"),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_a_file_breaking_the_schema_is_refused_and_changes_nothing(
    name: str, client: Any, make_user: Any, api_headers: Any, libxml2_schema: etree.XMLSchema
) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers)
    good = translated(export(client, headers, request_id))
    assert put(client, headers, request_id, translated(good, "[OLD] ")).status_code == 200
    before = {(r.path, r.text, r.version) for r in db.session.query(RequestTranslation)}
    old, new = BREAKAGES[name]
    assert old in good
    bad = good.replace(old, new, 1)
    document = etree.fromstring(bad, etree.XMLParser(resolve_entities=False))
    assert not libxml2_schema.validate(document)  # the independent validator agrees
    response = put(client, headers, request_id, bad)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "invalid_xliff"
    assert "XLIFF 1.2 schema" in error["message"] and "/xliff/file" in error["message"]
    db.session.expire_all()
    assert {(r.path, r.text, r.version) for r in db.session.query(RequestTranslation)} == before


def test_the_page_says_why_a_file_breaking_the_schema_was_refused(
    client: Any, make_user: Any, login: Any, page_csrf: Any, api_headers: Any
) -> None:
    user = make_user("prosecutor")
    request_id = create(client, api_headers(user))
    bad = translated(export(client, api_headers(user), request_id)).replace(
        b'datatype="plaintext"', b'datatype="prose"'
    )
    web = login(user)
    token = page_csrf(f"/requests/{request_id}/translations")
    response = web.post(
        f"/requests/{request_id}/translations/fr",
        data={"csrf_token": token, "xliff": (BytesIO(bad), "fr.xliff")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html and "XLIFF 1.2 schema" in html
    assert "datatype" in html
    assert db.session.query(RequestTranslation).count() == 0
