"""The central authority's signing certificate: where it is configured, and loading it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from flask import current_app, has_app_context

from ..i18n import N_, Phrase

if TYPE_CHECKING:  # pyhanko's signers (a second at start-up) are imported when a key is loaded
    from pyhanko.sign.signers import SimpleSigner

#: The settings that name the PKCS#12 file and the file holding its passphrase.
KEY_FILE_SETTING = "MLA_SIGNING_KEY_FILE"
PASSPHRASE_FILE_SETTING = "MLA_SIGNING_PASSPHRASE_FILE"  # noqa: S105 (a setting's name)
SETTINGS = (KEY_FILE_SETTING, PASSPHRASE_FILE_SETTING)

#: What a user reads when signing is not possible, by cause (each names what to set).
PROBLEMS: dict[str, str] = {
    "not_configured": N_(
        "No signing certificate is configured. Set %(key)s to the central authority's PKCS#12"
        " file (.p12) and %(passphrase)s to a file holding its passphrase, then restart the"
        " application."
    ),
    "unreadable": N_(
        "The signing certificate could not be read. Check that %(key)s and %(passphrase)s name"
        " files the application may read."
    ),
    "bad_passphrase": N_(
        "The signing certificate could not be opened: the passphrase in the file %(passphrase)s"
        " is wrong, or %(key)s is not a PKCS#12 file with a private key and its certificate."
    ),
}


class SigningNotConfigured(Exception):
    """Signing is not possible with this configuration; `text` says how to fix it."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.text = Phrase(PROBLEMS[code], key=KEY_FILE_SETTING, passphrase=PASSPHRASE_FILE_SETTING)
        super().__init__(str(self.text))


@dataclass(frozen=True)
class Signer:
    """The loaded key and certificate, with what the record and the stamp say about them."""

    name: str
    fingerprint: str  # SHA-256 of the certificate (DER), hex
    certificate: x509.Certificate
    signer: SimpleSigner = field(repr=False)


def settings() -> dict[str, str]:
    """The two settings: the app's configuration first (instance file, tests), then the
    environment, as `mla_tool.config` reads every other setting."""
    config: Mapping[str, Any] = current_app.config if has_app_context() else {}
    return {name: str(config.get(name) or os.environ.get(name) or "").strip() for name in SETTINGS}


def configuration_problem(values: Mapping[str, str] | None = None) -> str | None:
    """The code of what is missing (no file is decrypted here: cheap enough for every page)."""
    values = settings() if values is None else values
    if not all(values.get(name) for name in SETTINGS):
        return "not_configured"
    if not all(Path(values[name]).is_file() for name in SETTINGS):
        return "unreadable"
    return None


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER encoding, as lower-case hex."""
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()


def signer_name(certificate: x509.Certificate) -> str:
    """The certificate's common name (else its organisation, else the whole subject)."""
    for oid in (x509.NameOID.COMMON_NAME, x509.NameOID.ORGANIZATION_NAME):
        names = certificate.subject.get_attributes_for_oid(oid)
        if names:
            return str(names[0].value)
    return certificate.subject.rfc4514_string()


def load_signer(values: Mapping[str, str] | None = None) -> Signer:
    """Open the PKCS#12 file with its passphrase; SigningNotConfigured says why it failed."""
    values = settings() if values is None else values
    problem = configuration_problem(values)
    if problem:
        raise SigningNotConfigured(problem)
    try:
        data = Path(values[KEY_FILE_SETTING]).read_bytes()
        passphrase = Path(values[PASSPHRASE_FILE_SETTING]).read_bytes().strip()
    except OSError as error:
        raise SigningNotConfigured("unreadable") from error
    from pyhanko.sign.signers import SimpleSigner

    try:
        key, certificate, _others = pkcs12.load_key_and_certificates(data, passphrase or None)
        signer = SimpleSigner.load_pkcs12_data(data, [], passphrase=passphrase or None)
    except ValueError as error:
        raise SigningNotConfigured("bad_passphrase") from error
    if key is None or certificate is None:
        raise SigningNotConfigured("bad_passphrase")
    return Signer(
        name=signer_name(certificate),
        fingerprint=certificate_fingerprint(certificate),
        certificate=certificate,
        signer=signer,
    )
