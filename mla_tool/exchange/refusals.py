"""Why the exchange refuses something: refusal codes and messages, and ExchangeError."""

from __future__ import annotations

from ..errors import DomainError
from ..forms.fieldspec import N_

#: Why a package is refused: code -> message (translated by the pages, plain in the CLI).
REFUSALS: dict[str, str] = {
    "not_a_package": N_("This file is not an mla_tool package."),
    "truncated": N_("The package is truncated: the file is incomplete."),
    "tampered": N_("The package has been altered: its content does not decrypt."),
    "malformed": N_("The package is malformed."),
    "unsupported": N_("This package format version is not supported."),
    "bad_signature": N_("The signature does not match: the package was altered or forged."),
    "wrong_recipient": N_("This package is addressed to another authority."),
    "unknown_sender": N_("The sender's key is not in the directory: nothing was imported."),
    "unverified_key": N_(
        "The sender's key has not been verified: compare its fingerprint with the sending "
        "authority and record the verification first."
    ),
    "revoked_key": N_("The sender's key has been revoked: nothing was imported."),
    "expired_key": N_("The verification of the sender's key has expired: verify it again."),
    "digest_mismatch": N_("A file of the package does not match its recorded SHA-256."),
    "replay": N_("This package has already been imported."),
    "unknown_request": N_("This status update answers no package sent from here."),
    "sender_mismatch": N_(
        "This status update does not come from the authority the request went to."
    ),
    "no_identity": N_("This installation has no exchange identity: run `mla-tool init`."),
    "not_allowed": N_("Your role may not register an incoming request."),
    "role_not_allowed": N_("Your role may not mark this case as transmitted."),
    "no_access": N_("You are not on the case this status update belongs to."),
}


#: Why a status update cannot be signed (shown translated on the pages).
STATUS_UPDATE_ERRORS: dict[str, str] = {
    "reason": N_("This status update needs a reason."),
    "not_exchanged": N_("This case did not come through the secure exchange."),
    "key_changed": N_("The sender's key has changed since the request came."),
    "workflow": N_(
        "The case cannot move to the status reported from where it is now: follow its workflow "
        "(for example, under review before refused, in execution before executed)."
    ),
}


#: Refusal code -> HTTP status; other refusals of a package (its format, signature, the trust in
#: its sender's key, a replay) are 409: the body is well formed, this installation refuses it.
STATUS_OF_CODE = {"not_allowed": 403, "role_not_allowed": 403, "no_access": 404}


class ExchangeError(DomainError, ValueError):
    """A refused exchange operation: `code` (see REFUSALS), a message and messages by field."""

    def __init__(self, code: str, message: str | None = None, fields: dict[str, str] | None = None):
        status = 422 if code == "invalid" and fields else STATUS_OF_CODE.get(code, 409)
        super().__init__(status, code, message or REFUSALS.get(code, code), fields)
