"""Roles and what each may do: one table that pages, API and services all read."""

from __future__ import annotations

ROLES: tuple[str, ...] = ("prosecutor", "caseworker", "maintainer", "admin", "auditor")

#: permission -> roles holding it. Case membership is checked on top of this (cases.access).
PERMISSIONS: dict[str, frozenset[str]] = {
    "directory.read": frozenset(ROLES),
    "directory.edit": frozenset({"maintainer", "admin"}),
    "request.draft": frozenset({"prosecutor", "caseworker"}),
    "request.read": frozenset({"prosecutor", "caseworker", "admin"}),
    "request.review": frozenset({"caseworker"}),
    "case.read": frozenset({"prosecutor", "caseworker", "admin", "auditor"}),
    "case.create": frozenset({"caseworker", "prosecutor"}),
    "case.register_incoming": frozenset({"caseworker"}),
    "case.supervise": frozenset({"caseworker", "admin"}),
    "case.write": frozenset({"caseworker", "prosecutor"}),
    "stats.read": frozenset({"caseworker", "admin", "auditor"}),
    "audit.read": frozenset({"auditor"}),  # the auditor checks the administrators too
    "users.manage": frozenset({"admin"}),
    "account.own": frozenset(ROLES),  # one's own sessions, tokens and password
    "keys.manage": frozenset({"admin"}),
    "attachment.upload": frozenset({"prosecutor", "caseworker"}),
    "exchange.manage": frozenset({"caseworker", "admin"}),
}


def role_may(role: str | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return role in PERMISSIONS[permission]
