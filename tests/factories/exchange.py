"""Test data builders and fixtures shared by several test modules (exchange)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from mla_tool import create_app
from mla_tool.audit.models import AuditEntry
from mla_tool.auth.models import User
from mla_tool.auth.service import create_user
from mla_tool.cases import dates
from mla_tool.cases.models import Case
from mla_tool.config import Settings
from mla_tool.directory.models import Authority
from mla_tool.exchange import crypto
from mla_tool.exchange.models import ExchangePackage
from mla_tool.exchange.package import sealed_file
from mla_tool.exchange.trust import record_verification
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests import review_support
from tests.conftest import DEFAULT_PASSWORD

EVIDENCE = b"Bank statement of account FR76 3000 6000 0112 3456 7890 189, Jan-Mar 2025\n" * 40


@dataclass
class Installation:
    """One ministry's running tool: its app, its caseworker, its public key bundle."""

    app: Flask
    country: str
    caseworker_id: int
    pem: str
    fingerprint: str

    @contextmanager
    def active(self) -> Iterator[None]:
        with self.app.app_context():
            try:
                yield
            finally:
                db.session.remove()

    def caseworker(self) -> User:
        user = db.session.get(User, self.caseworker_id)
        assert user is not None
        return user

    def data_dir(self) -> Path:
        return Path(self.app.config["MLA_DATA_DIR"])

    def vault_files(self) -> list[Path]:
        root = self.data_dir() / "attachments"
        return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _identity(app: Flask) -> crypto.PublicBundle:
    path = app.config["MLA_EXCHANGE_KEY_FILE"]
    crypto.ensure_identity(path)
    return crypto.load_identity(path).public


def add_peer(peer: Installation, name: str, actor: User, *, verify: bool = True) -> int:
    """The peer's central authority in this installation's directory, its key verified."""
    authority = Authority(
        country_iso3=peer.country,
        functions=["central_authority_mla"],
        name=name,
        name_en=name,
        languages=["en"],
        channels=["central_authority"],
        public_key=peer.pem,
    )
    db.session.add(authority)
    db.session.flush()
    if verify:
        record_verification(
            authority,
            actor,
            fingerprint=peer.fingerprint,
            verified_on=dates.today(),
            method="phone",
            note="read out by the duty officer",
        )
    db.session.commit()
    return authority.id


@pytest.fixture(name="ministry_a")
def ministry_a_fixture(app: Flask, make_user: Any) -> Iterator[Installation]:
    """France: the session app of the test suite (tables cleaned after each test)."""
    public = _identity(app)
    user = make_user("caseworker", country="FRA")
    yield Installation(app, "FRA", user.id, public.pem(), public.fingerprint)
    shutil.rmtree(Path(app.config["MLA_DATA_DIR"]) / "attachments", ignore_errors=True)
    shutil.rmtree(Path(app.config["MLA_DATA_DIR"]) / "exchange", ignore_errors=True)


#: B's data folder as a new installation leaves it and its caseworker's id, per test session.
_NEW_B: dict[Path, tuple[Path, int]] = {}


def _new_installation_b(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """B's schema, master key, exchange identity and caseworker, built once a session (each
    test's B is a copy of the folder); and the caseworker's id."""
    session = tmp_path_factory.getbasetemp()
    if session in _NEW_B:
        return _NEW_B[session]
    data = tmp_path_factory.mktemp("ministry-b-new")
    app_b = create_app({"TESTING": True, "SERVER_NAME": None}, settings=_settings_b(data))
    with app_b.app_context():
        db.create_all()
        from mla_tool.vault.keys import ensure_master_key

        ensure_master_key(app_b.config["MLA_MASTER_KEY_FILE"])
        user = create_user(
            "central.authority@moj.example.ae", DEFAULT_PASSWORD, "caseworker", "ARE"
        )
        db.session.commit()
        _NEW_B[session] = (data, user.id)
        db.session.remove()
        db.engine.dispose()
    _identity(app_b)
    return _NEW_B[session]


def _settings_b(data: Path) -> Settings:
    return Settings.from_environment(
        {"MLA_DATA_DIR": str(data), "MLA_DATABASE_URL": f"sqlite:///{data / 'b.sqlite'}"}
    )


@pytest.fixture(name="ministry_b")
def ministry_b_fixture(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Installation]:
    """The United Arab Emirates: a second app with its own database, master key and identity
    (a copy of the session's new installation)."""
    template, user_id = _new_installation_b(tmp_path_factory)
    data = tmp_path / "ministry-b"
    shutil.copytree(template, data)
    app_b = create_app({"TESTING": True, "SERVER_NAME": None}, settings=_settings_b(data))
    public = _identity(app_b)
    yield Installation(app_b, "ARE", user_id, public.pem(), public.fingerprint)
    with app_b.app_context():
        db.session.remove()
        db.engine.dispose()


@dataclass
class Pair:
    a: Installation
    b: Installation
    b_in_a: int  # the directory id of B's authority in A's directory
    a_in_b: int


@pytest.fixture(name="pair")
def pair_fixture(ministry_a: Installation, ministry_b: Installation) -> Pair:
    b_in_a = add_peer(
        ministry_b, "Ministry of Justice, International Cooperation", ministry_a.caseworker()
    )
    with ministry_b.active():
        a_in_b = add_peer(ministry_a, "Ministère de la Justice, BEPI", ministry_b.caseworker())
    return Pair(ministry_a, ministry_b, b_in_a, a_in_b)


def approved_case(pair: Pair) -> Case:
    """In A: a complete MLA request, submitted and approved by the central authority."""
    actor = pair.a.caseworker()
    request = create_request(actor, {**complete_request(), "requested_authority": pair.b_in_a})
    submit_request(request, actor)
    case = db.session.get(Case, request.case_id)
    review_support.approve(case, actor)
    db.session.commit()
    return case


def attach(client: Any, headers: dict[str, str], case_id: int, content: bytes, name: str) -> int:
    response = client.post(
        f"/api/v1/cases/{case_id}/attachments",
        data={"file": (io.BytesIO(content), name, "text/plain")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def sealed_bytes(package: ExchangePackage) -> bytes:
    path = sealed_file(package)
    assert path is not None
    return path.read_bytes()


def refusals() -> list[dict[str, Any]]:
    import json

    rows = db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "exchange.refused").order_by(AuditEntry.seq)
    ).scalars()
    return [json.loads(row.details) for row in rows]
