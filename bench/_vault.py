"""What the vault benches share: their size argument and the installation they upload into."""

from __future__ import annotations

from typing import Any

UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str) -> int:
    """Bytes of a size such as 1G, 256M, 512K or 1000."""
    text = text.strip().upper().removesuffix("B")
    if text and text[-1] in UNITS:
        return int(float(text[:-1]) * UNITS[text[-1]])
    return int(text)


def prepare_vault_case(app: Any) -> tuple[str, int]:
    """Upgrade the app's database, make its master key, and add a caseworker with an outgoing case;
    returns the caseworker's bearer token and the case's id (call it inside an app context)."""
    from flask_migrate import upgrade

    from mla_tool.auth.service import create_user, issue_token
    from mla_tool.cases.opening import open_case
    from mla_tool.extensions import db
    from mla_tool.vault.keys import ensure_master_key

    upgrade()
    ensure_master_key(app.config["MLA_MASTER_KEY_FILE"])
    user = create_user("bench@example.org", "bench password long", "caseworker", "FRA")
    db.session.commit()
    case = open_case(
        direction="outgoing", kind="mla", counterpart_state="MAR", title="Bench", actor=user
    )
    token = issue_token(user)
    db.session.commit()
    return token, case.id
