"""A code without a label never prints raw: the lookup fails loudly under tests (so a new code
cannot slip into a document) and in service leaves the value out, with a warning in the log."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from mla_tool.forms import documents
from mla_tool.forms.code_labels import choice_label, identifier_type_label
from mla_tool.forms.extradition.choices import SOUGHT_ROLES
from mla_tool.forms.samples import extradition_request


def test_an_unlabelled_code_fails_loudly_under_tests(app: Flask) -> None:
    with app.app_context():
        assert choice_label(SOUGHT_ROLES, "accused", str) == "Accused"
        assert choice_label(SOUGHT_ROLES, "", str) == ""
        with pytest.raises(LookupError, match="sought"):
            choice_label(SOUGHT_ROLES, "sought", str)
        with pytest.raises(LookupError):
            identifier_type_label("imsi_catcher", str)


def test_an_extradition_person_sought_fails_to_render_under_tests(app: Flask) -> None:
    data = extradition_request()
    data["persons"][0]["role"] = "sought"
    with app.app_context(), pytest.raises(LookupError, match="sought"):
        documents.render_html(None, data, "fr")


def test_in_service_an_unlabelled_code_prints_nothing(caplog: pytest.LogCaptureFixture) -> None:
    service = Flask("service")  # not testing
    with service.app_context(), caplog.at_level(logging.WARNING):
        assert choice_label(SOUGHT_ROLES, "sought", str) == ""
    assert "'sought' has no label" in caplog.text


def test_in_service_a_person_with_an_unlabelled_role_prints_without_it(app: Flask) -> None:
    data = extradition_request()
    data["persons"][0]["role"] = "sought"
    name = data["persons"][0]["name"]
    with app.app_context():
        app.testing = False
        try:
            html = documents.render_html(None, data, "fr")
        finally:
            app.testing = True
    assert "sought" not in html
    assert name in html and "()" not in html
