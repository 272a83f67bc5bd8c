"""The public key text of a directory entry: the secure-exchange bundle as `mla-tool exchange
identity` prints it (its fingerprint line checked, then dropped), or other PEM public keys."""

from __future__ import annotations

import re

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from ..exchange import crypto  # the bundle format belongs to the exchange
from ..i18n import N_

_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z0-9_ ]+-----.*?-----END [A-Z0-9_ ]+-----", re.S)
_FINGERPRINT_LINE = re.compile(r"^\s*fingerprint:\s*(?P<value>[0-9A-Fa-f ]+?)\s*$", re.M)


def normalise_public_key(text: str) -> str:
    """The text to store; ValueError (a message id) when it is not a readable public key."""
    text = (text or "").strip()
    if not text:
        return text
    if any(f"-----BEGIN {label}-----" in text for label in crypto.BUNDLE_LABELS):
        try:
            bundle = crypto.parse_public_bundle(text)
        except ValueError:
            raise ValueError(
                N_("not a public key bundle as `mla-tool exchange identity` prints it")
            ) from None
        printed = _FINGERPRINT_LINE.search(text)
        if printed and " ".join(printed["value"].upper().split()) != bundle.fingerprint:
            raise ValueError(N_("the fingerprint line does not match the keys above it"))
        return bundle.pem()
    blocks = _PEM_BLOCK.findall(text)
    if not text.startswith("-----BEGIN ") or not blocks:
        raise ValueError(N_("must be a PEM block (-----BEGIN ... -----END ...)"))
    for block in blocks:
        try:
            load_pem_public_key(block.encode("ascii"))
        except (ValueError, UnicodeEncodeError, UnsupportedAlgorithm):
            raise ValueError(N_("a PEM block is not a readable public key")) from None
    return text
