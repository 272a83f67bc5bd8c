"""Test data builders and fixtures shared by several test modules (signing)."""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.forms.access import get_request_for
from mla_tool.forms.drafting import create_request
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from mla_tool.signing import config as signing_config
from tests import review_support
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority

SIGNER = "Central Authority of Testland"


PASSPHRASE = b"correct horse battery staple"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ministry of Justice (test)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name, issuer: x509.Name, key: Any, signing_key: Any, ca: bool
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    return builder.sign(signing_key, hashes.SHA256())


#: The PKI of each test session (two RSA keys take a while to make): its modules share it.
_PKI: dict[Path, dict[str, Any]] = {}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A CA, a signing certificate it issued, the PKCS#12 file and its passphrase file (made
    once a session: the files are only read)."""
    session = tmp_path_factory.getbasetemp()
    if session not in _PKI:
        _PKI[session] = _new_pki(tmp_path_factory.mktemp("pki"))
    return dict(_PKI[session])


def _new_pki(folder: Path) -> dict[str, Any]:
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = _certificate(
        _name("Testland Root CA"), _name("Testland Root CA"), ca_key, ca_key, True
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(_name(SIGNER), ca_cert.subject, key, ca_key, False)
    p12 = pkcs12.serialize_key_and_certificates(
        b"signing", key, cert, [ca_cert], serialization.BestAvailableEncryption(PASSPHRASE)
    )
    key_file = folder / "authority.p12"
    key_file.write_bytes(p12)
    passphrase_file = folder / "passphrase"
    passphrase_file.write_bytes(PASSPHRASE + b"\n")
    wrong_passphrase = folder / "wrong-passphrase"
    wrong_passphrase.write_bytes(b"not the passphrase\n")
    return {
        "ca": ca_cert,
        "cert": cert,
        "key_file": str(key_file),
        "passphrase_file": str(passphrase_file),
        "wrong_passphrase_file": str(wrong_passphrase),
        "folder": folder,
    }


@pytest.fixture
def configured(app: Any, pki: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setitem(app.config, signing_config.KEY_FILE_SETTING, pki["key_file"])
    monkeypatch.setitem(app.config, signing_config.PASSPHRASE_FILE_SETTING, pki["passphrase_file"])
    return pki


def submitted_request(caseworker: Any) -> int:
    item = create_request(caseworker, complete_request("en", requested_authority=make_authority()))
    submit_request(item, caseworker)
    db.session.commit()
    return item.id


def approved_request(caseworker: Any) -> int:
    request_id = submitted_request(caseworker)
    item = get_request_for(caseworker, request_id)
    review_support.approve(db.session.get(Case, item.case_id), caseworker)
    db.session.commit()
    return request_id


def review_page(client: Any, request_id: int) -> str:
    response = client.get(f"/requests/{request_id}/step/review")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def sign_on_page(client: Any, request_id: int, lang: str = "en") -> Any:
    token = csrf_token_from(review_page(client, request_id))
    return client.post(
        f"/requests/{request_id}/document/signed", data={"lang": lang, "csrf_token": token}
    )


def pyhanko_status(pdf: bytes, ca: x509.Certificate) -> Any:
    from io import BytesIO

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    (signature,) = reader.embedded_signatures
    root = asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root])
    # on a thread of its own: pyHanko runs asyncio, and Playwright's loop may run on this one
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, signature, context).result()


def pdfsig(pdf: bytes, folder: Path) -> str:
    """pdfsig's report. Its HOME is an empty folder, so NSS runs without a database and trusts
    no CA (the throwaway CA is not trusted: the certificate is reported as such)."""
    assert shutil.which("pdfsig"), "pdfsig (poppler-utils) is installed by scripts/setup-system"
    path = folder / "signed.pdf"
    path.write_bytes(pdf)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    done = subprocess.run(
        ["pdfsig", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    return done.stdout + done.stderr
