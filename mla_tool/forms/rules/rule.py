"""A rule and what it looks at: the request kinds, the context and the check's signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ... import clock
from ...request_kinds import KIND_CODES, MLA
from ..fieldspec import get_path
from .dismissal import dismissed_pairs
from .findings import Miss

ALL_KINDS = frozenset(KIND_CODES)
MLA_KINDS = frozenset({MLA})


@dataclass
class RuleContext:
    """What the rules look at: the document (JSON form) and what the directory says."""

    document: dict[str, Any]
    #: Languages the requested state accepts; None when the directory does not know.
    accepted_languages: list[str] | None = None
    #: The addressed authority as a plain dict (country, functions, requirements…), if found.
    authority: dict[str, Any] | None = None
    #: Requirements the directory records for the requested state and authority.
    requirements: list[str] = field(default_factory=list)
    #: Instrument codes both states share for this kind; None when unknown.
    available_legal_bases: list[str] | None = None
    #: Per chosen instrument code, the dated facts of both parties and the requested state's
    #: declaration (`directory.party_facts.basis_facts`): why a basis does not serve.
    legal_basis_facts: dict[str, Any] = field(default_factory=dict)
    #: Where the accepted languages come from (`directory.language_facts`): basis, source, as_of.
    language_fact: dict[str, Any] | None = None
    today: date = field(default_factory=clock.today)
    #: The stored request's id (its translations are looked up by it); None for a bare document.
    request_id: int | None = None

    @property
    def kind(self) -> str:
        return str(self.document.get("kind") or MLA)

    def value(self, path: str) -> Any:
        return get_path(self.document, path)

    @property
    def dismissed(self) -> frozenset[tuple[str, str]]:
        return frozenset(dismissed_pairs(self.document))

    def items(self, name: str) -> list[dict[str, Any]]:
        value = self.document.get(name)
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


Check = Callable[[RuleContext], list[Miss]]


@dataclass(frozen=True)
class Rule:
    code: str
    field: str
    severity: str
    check: Check
    message: str
    reference: str
    weight: int = 1
    kinds: frozenset[str] = MLA_KINDS
    #: When given and false, the rule does not concern this document and is not scored.
    applies: Callable[[RuleContext], bool] | None = None
    #: The article to cite instead of `reference` for some request kinds (extradition…).
    kind_references: tuple[tuple[str, str], ...] = ()
    #: The author may dismiss a finding of this rule for one field (a warning that can be wrong,
    #: e.g. a quotation left in its original language); it then counts as met there.
    dismissible: bool = False
    #: The requested state's profile fields the rule reads: its findings name each value with
    #: its source and the date it was verified, or say that it is not recorded.
    profile_fields: tuple[str, ...] = ()

    def reference_for(self, kind: str) -> str:
        return dict(self.kind_references).get(kind, self.reference)
