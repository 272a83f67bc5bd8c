"""The caller's API tokens over the API: list them (never the secret) and revoke one."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..api.errors import ApiError
from ..api.routing import api_route
from ..extensions import db
from ..schema_types import utc_text
from .models import ApiToken, User
from .tokens import may_manage_token, revoke_token, token_state, tokens_of


class TokenOut(BaseModel):
    id: int
    name: str = Field(description="what the token is for (may be empty)")
    state: Literal["active", "expired", "revoked"]
    created_at: str
    expires_at: str
    last_used_at: str | None = Field(description="recorded to within five minutes")
    revoked_at: str | None


def _time(value: datetime | None) -> str | None:
    return utc_text(value) if value is not None else None


def token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.id,
        name=token.name,
        state=token_state(token),  # type: ignore[arg-type]
        created_at=utc_text(token.created_at),
        expires_at=utc_text(token.expires_at),
        last_used_at=_time(token.last_used_at),
        revoked_at=_time(token.revoked_at),
    )


@api_route(
    "/tokens",
    summary="The caller's API tokens, newest first (never the token itself)",
    tag="meta",
    response=list[TokenOut],
)
def list_tokens(user: User) -> list[dict[str, object]]:
    return [token_out(token).model_dump(mode="json") for token in tokens_of(user)]


@api_route(
    "/tokens/<int:token_id>",
    "DELETE",
    summary="Revoke one of the caller's tokens (an administrator: anyone's); 401 from then on",
    tag="meta",
    response=TokenOut,
    error_statuses=(404,),
)
def delete_token(user: User, token_id: int) -> TokenOut:
    token = db.session.get(ApiToken, token_id)
    if token is None or not may_manage_token(user, token):
        raise ApiError(404, "not_found", "no such token")
    revoke_token(token, actor=user)
    return token_out(token)
