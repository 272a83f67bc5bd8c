"""The case status workflow: every (from, to) pair per direction and role, reasons, field comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mla_tool.cases import errors, membership, opening, review, timeline, transitions, workflow
from mla_tool.cases.models import CaseEvent
from mla_tool.extensions import db

ROLES = ("prosecutor", "caseworker", "admin")

#: The paths CONTRACT.md spells out, walked by the roles that make them.
OUTGOING_PATH = [
    ("under_review", "prosecutor"),
    ("returned", "caseworker"),
    ("under_review", "prosecutor"),
    ("approved", "caseworker"),
    ("transmitted", "caseworker"),
    ("in_execution", "caseworker"),
    ("info_requested", "caseworker"),
    ("in_execution", "caseworker"),
    ("partially_executed", "caseworker"),
    ("executed", "caseworker"),
    ("closed", "caseworker"),
]
INCOMING_PATH = [
    ("under_review", "caseworker"),
    ("in_execution", "caseworker"),
    ("info_requested", "caseworker"),
    ("in_execution", "caseworker"),
    ("postponed", "caseworker"),
    ("in_execution", "caseworker"),
    ("executed", "caseworker"),
    ("closed", "caseworker"),
]


@pytest.fixture
def team(make_user: Callable[..., Any]) -> dict[str, Any]:
    return {role: make_user(role) for role in ROLES}


def _case(team: dict[str, Any], direction: str, status: str) -> Any:
    creator = team["caseworker"]
    case = opening.open_case(
        direction=direction, kind="mla", counterpart_state="DEU", title="T", actor=creator
    )
    for role in ("prosecutor", "admin"):
        membership.add_member(case, team[role], "member", creator)
    case.status = status
    db.session.flush()
    return case


def test_the_table_only_names_known_statuses_and_roles() -> None:
    for (direction, source, target), rule in workflow.TRANSITIONS.items():
        assert source in workflow.DIRECTION_STATUSES[direction]
        assert target in workflow.DIRECTION_STATUSES[direction]
        assert rule.roles <= {"prosecutor", "caseworker", "admin", "auditor", "maintainer"}
    # closed is terminal, in both directions
    assert not [k for k in workflow.TRANSITIONS if k[1] == "closed"]
    # refusal, postponement and withdrawal need a reason wherever they appear
    for (_d, _s, target), rule in workflow.TRANSITIONS.items():
        if target in ("refused", "postponed", "withdrawn", "returned"):
            assert rule.reason_required, (_d, _s, target)


@pytest.mark.parametrize("direction", ["outgoing", "incoming"])
def test_withdrawn_is_reachable_from_every_open_status(direction: str) -> None:
    for status in workflow.DIRECTION_STATUSES[direction]:
        expected = status not in ("executed", "refused", "withdrawn", "closed")
        assert (workflow.find_transition(direction, status, "withdrawn") is not None) is expected


@pytest.mark.parametrize("direction", ["outgoing", "incoming"])
def test_every_pair_is_allowed_or_refused_as_the_table_says(
    direction: str, team: dict[str, Any]
) -> None:
    checked = 0
    for source in workflow.DIRECTION_STATUSES[direction]:
        case = _case(team, direction, source)
        for target in workflow.STATUSES:
            rule = workflow.find_transition(direction, source, target)
            for role in ROLES:
                user = team[role]
                allowed = rule is not None and role in rule.roles
                assert (target in transitions.allowed_transitions(case, user)) is allowed
                nested = db.session.begin_nested()
                events_before = db.session.query(CaseEvent).filter_by(case_id=case.id).count()
                if allowed:
                    if rule.reason_required:
                        with pytest.raises(errors.TransitionError) as missing:
                            transitions.transition(case, target, user, note="   ")
                        assert missing.value.code == "reason_required"
                        assert case.status == source
                    event = transitions.transition(case, target, user, note="because")
                    assert (event.from_status, event.to_status) == (source, target)
                    assert event.actor_id == user.id and event.note == "because"
                    assert case.status == target
                else:
                    with pytest.raises(errors.TransitionError) as refused:
                        transitions.transition(case, target, user, note="because")
                    expected_code = "illegal_transition" if rule is None else "role_not_allowed"
                    assert refused.value.code == expected_code
                    assert case.status == source
                    count = db.session.query(CaseEvent).filter_by(case_id=case.id).count()
                    assert count == events_before
                nested.rollback()
                db.session.refresh(case)
                checked += 1
    assert checked == len(workflow.DIRECTION_STATUSES[direction]) * len(workflow.STATUSES) * 3


@pytest.mark.parametrize(
    ("direction", "path"), [("outgoing", OUTGOING_PATH), ("incoming", INCOMING_PATH)]
)
def test_the_contract_paths_walk_through(
    direction: str, path: list[tuple[str, str]], team: dict[str, Any]
) -> None:
    creator = team["prosecutor"] if direction == "outgoing" else team["caseworker"]
    case = opening.open_case(
        direction=direction, kind="mla", counterpart_state="ESP", title="Walk", actor=creator
    )
    membership.add_member(case, team["caseworker"], "supervisor", team["caseworker"])
    membership.add_member(case, team["prosecutor"], "member", team["caseworker"])
    assert case.status == workflow.INITIAL_STATUS[direction]
    for target, role in path:
        transitions.transition(case, target, team[role], note="reason")
    db.session.commit()
    moves = [
        (e.from_status, e.to_status)
        for e in reversed(timeline.events_of(case))
        if e.type == "transition"
    ]
    expected_from = [workflow.INITIAL_STATUS[direction]] + [t for t, _r in path[:-1]]
    assert moves == list(zip(expected_from, [t for t, _r in path], strict=True))
    assert transitions.allowed_transitions(case, team["caseworker"]) == []


def test_returning_a_draft_keeps_field_comments_for_the_wizard(team: dict[str, Any]) -> None:
    prosecutor, caseworker = team["prosecutor"], team["caseworker"]
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="ITA", title="R", actor=prosecutor
    )
    membership.add_member(case, caseworker, "supervisor", caseworker)
    assert review.review_comments(case) == {}
    transitions.transition(case, "under_review", prosecutor)
    with pytest.raises(errors.TransitionError) as bad:
        transitions.transition(case, "returned", caseworker, details={"field_comments": ["x"]})
    assert bad.value.code == "invalid_field_comments"
    transitions.transition(
        case,
        "returned",
        caseworker,
        details={"field_comments": {"facts": "Dates are missing.", "purpose": " "}},
    )
    assert review.review_comments(case) == {"facts": "Dates are missing."}
    transitions.transition(case, "under_review", prosecutor)
    transitions.transition(
        case, "returned", caseworker, note="again", details={"field_comments": {"offences": "?"}}
    )
    assert review.review_comments(case) == {"offences": "?"}
    # field comments only travel with a return
    transitions.transition(case, "under_review", prosecutor)
    with pytest.raises(errors.TransitionError):
        transitions.transition(case, "approved", caseworker, details={"field_comments": {"a": "b"}})


def test_an_unknown_status_is_refused(team: dict[str, Any]) -> None:
    case = _case(team, "outgoing", "draft")
    with pytest.raises(errors.TransitionError) as error:
        transitions.transition(case, "teleported", team["caseworker"])
    assert error.value.code == "illegal_transition"
    assert case.status == "draft"
