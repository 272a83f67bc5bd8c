"""Electronic-evidence kinds: every rule with a failing and a passing case, categories, routes."""

from __future__ import annotations

import copy
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mla_tool.forms.eevidence.categories import CATEGORY_THRESHOLDS, categories_of
from mla_tool.forms.eevidence.rules import EEVIDENCE_RULES
from mla_tool.forms.eevidence.steps import EMERGENCY_KIND, PRESERVATION_KIND
from mla_tool.forms.forms import format_identifiers, parse_identifiers
from mla_tool.forms.kinds import KINDS, request_kind
from mla_tool.forms.rules import RULES_BY_CODE, RuleContext, evaluate
from tests.factories.rule_cases_eevidence import (  # noqa: F401  (reserving_state: autouse)
    AUTHORITY_24_7,
    CASES,
    details,
    emergency_sample,
    identifiers,
    preservation,
    reserving_state,
)

Mutation = Callable[[dict[str, Any], dict[str, Any]], None]


def codes(document: dict[str, Any], context: dict[str, Any] | None = None) -> list[str]:
    base = {
        "authority": copy.deepcopy(AUTHORITY_24_7),
        "accepted_languages": ["en"],
        "available_legal_bases": ["BUDAPEST"],
    }
    base.update(context or {})
    return [f.code for f in evaluate(RuleContext(document=document, **base)).findings]


def test_every_eevidence_rule_is_registered_and_tested() -> None:
    assert {rule.code for rule in EEVIDENCE_RULES} == set(CASES)
    for rule in EEVIDENCE_RULES:
        assert RULES_BY_CODE[rule.code] is rule
        assert rule.reference.startswith(
            ("Budapest", "Second Additional Protocol", "Regulation (EU) 2023/1543")
        )


def test_samples_are_complete_and_clean() -> None:
    assert codes(preservation()) == []
    assert codes(emergency_sample()) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_then_passes(code: str) -> None:
    make, breaks, holds, context = CASES[code]
    broken = make()
    breaks(broken)
    if code == "eevidence_recipient_not_24_7":
        from tests.factories.authorities import make_authority

        assert code not in codes(broken, context)  # the directory knows no 24/7 contact there
        make_authority("IRL", ["cybercrime_24_7"], name_en="Garda 24/7")
        assert code in codes(broken, context)  # now it does, and another body was chosen
        assert code not in codes(broken)  # the 24/7 contact itself was chosen
        return
    assert code in codes(broken, context)
    fixed = make()
    holds(fixed)
    assert code not in codes(fixed, context)


def test_a_central_authority_is_an_accepted_recipient_but_another_body_is_not() -> None:
    central = {**AUTHORITY_24_7, "functions": ["central_authority_mla"]}
    police = {**AUTHORITY_24_7, "functions": ["police_cooperation"]}
    assert "authority_not_central" not in codes(preservation(), {"authority": central})
    assert "authority_not_central" not in codes(preservation(), {"authority": AUTHORITY_24_7})
    assert "authority_not_central" in codes(preservation(), {"authority": police})


def test_identifier_message_names_the_problem() -> None:
    document = preservation()
    identifiers(document)[0] = {"type": "ip", "value": "81.2.69.160"}
    result = evaluate(RuleContext(document=document, authority=AUTHORITY_24_7))
    messages = [f.message for f in result.findings if f.code == "identifier_unusable"]
    assert messages == [
        "Measure 1: ip 81.2.69.160 identifies no one: an IP address identifies no one "
        "without the date and time seen."
    ]
    identifiers(document)[0] = {"type": "device", "value": "490154203237519"}  # bad IMEI
    found = [f for f in evaluate(RuleContext(document=document)).findings]
    assert any("check digit" in f.message for f in found if f.code == "identifier_unusable")


def test_identifier_problems_are_quoted_in_the_language_of_the_finding(app: Any) -> None:
    from flask_babel import force_locale, gettext

    document = preservation()
    identifiers(document)[0] = {"type": "device", "value": "490154203237519"}  # bad IMEI
    with app.test_request_context(), force_locale("ar"):
        found = evaluate(RuleContext(document=document), gettext).findings
    [message] = [f.message for f in found if f.code == "identifier_unusable"]
    assert "رقم التحقق في IMEI 490154203237519 خاطئ" in message
    assert "check digit" not in message


def test_a_provider_elsewhere_with_no_contact_recorded_is_said_in_words() -> None:
    document = preservation()
    details(document)["provider"] = {"name": "ChatApp", "country": "TUV"}
    found = evaluate(RuleContext(document=document, authority=AUTHORITY_24_7)).findings
    [message] = [f.message for f in found if f.code == "provider_in_other_state"]
    assert message.endswith("central authority: none is recorded in the directory.")


def test_mla_requests_with_electronic_measures_are_checked_too() -> None:
    document = preservation()
    document["kind"] = "mla"
    document["measures"][0]["type"] = "stored_content"
    document["measures"][0]["details"]["identifiers"] = [{"type": "phone", "value": "12345"}]
    found = codes(document)
    assert "identifier_unusable" in found
    assert "content_evidence_standard" in found  # content: what the requested state requires
    assert "preservation_mla_undertaking_missing" not in found  # not an MLA rule


def test_categories_and_their_thresholds_rise() -> None:
    levels = [CATEGORY_THRESHOLDS[c] for c in ("subscriber", "traffic", "content")]
    assert [t.level for t in levels] == [1, 3, 4]  # identification-only data sit at 2
    assert levels[0].widest_days > levels[1].widest_days > levels[2].widest_days
    identification = CATEGORY_THRESHOLDS["identification"]
    assert levels[0].level < identification.level < levels[1].level
    # a measure of content asks for content even when only subscriber data is ticked
    item = {"type": "stored_content", "details": {"data_categories": ["subscriber"]}}
    assert categories_of(item) == ["subscriber", "content"]
    per_identifier = {
        "type": "preserve_data",
        "details": {
            "identifiers": [
                {"type": "email", "value": "a@b.example", "data_categories": ["traffic"]}
            ]
        },
    }
    assert categories_of(per_identifier) == ["traffic"]


def test_kinds_are_registered_with_their_steps() -> None:
    assert KINDS["preservation"] is PRESERVATION_KIND
    assert request_kind("emergency_disclosure") is EMERGENCY_KIND
    assert [s.code for s in PRESERVATION_KIND.steps] == [
        "requesting",
        "requested",
        "legal_basis",
        "offences",
        "facts",
        "measures",
        "necessity",
        "review",
    ]
    assert "emergency" in [s.code for s in EMERGENCY_KIND.steps]
    assert PRESERVATION_KIND.measure_codes[0] == "preserve_data"


def test_identifier_lines_carry_port_platform_and_categories(app: Any) -> None:
    text = (
        "ip | 81.2.69.160 | 2026-11-20T14:03:00 | Europe/Paris | port=51234 | "
        "categories=subscriber,traffic\n"
        "account | jdoe | | | platform=Example"
    )
    items = parse_identifiers(text)
    assert items[0]["port"] == "51234"
    assert items[0]["data_categories"] == ["subscriber", "traffic"]
    assert items[1] == {"type": "account", "value": "jdoe", "platform": "Example"}
    assert parse_identifiers(format_identifiers(items)) == items
    with app.test_request_context(), pytest.raises(ValueError, match="colour=red"):
        parse_identifiers("ip | 81.2.69.160 | 2026-11-20T14:03:00 | UTC | colour=red")


def test_a_period_written_in_an_entry_is_read_by_the_migration_that_moves_it() -> None:
    """Migration 0025 moves a period from an entry's free text into the state's profile; below
    Budapest art. 29(7)'s 60 days, or not readable, it is left and warned about."""
    path = Path(__file__).resolve().parent.parent / "migrations/versions"
    spec = importlib.util.spec_from_file_location(
        "m0025", path / "0025_preservation_period_profile.py"
    )
    assert spec and spec.loader
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.periods_in("Preservation period: 90 days.") == ([90], False)
    assert migration.periods_in("Urgent requests by email; preserved for 120 days") == (
        [120],
        False,
    )
    assert migration.periods_in("Preservation period: 30 days") == ([], True)
    assert migration.periods_in("Preservation for ninety days, renewable") == ([], True)
    assert migration.periods_in("nothing here") == ([], False)
