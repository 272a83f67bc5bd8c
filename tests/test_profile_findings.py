"""A finding that reads the requested state's requirement profile names the value it read, its
source and the date it was verified (or that it is not recorded); the demo states' packaged
values come from sources the project holds."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from mla_tool import clock
from mla_tool.directory.errors import DirectoryError
from mla_tool.directory.profiles.lookup import profiles
from mla_tool.directory.profiles.store import set_profile
from mla_tool.forms.eevidence.routing import preservation_days
from mla_tool.forms.rules import RuleContext, evaluate
from mla_tool.forms.rules.findings import Finding
from mla_tool.forms.rules.table import rules_for
from mla_tool.request_kinds import KIND_CODES
from tests.factories import rule_cases_eevidence as eevidence_cases
from tests.factories import rule_cases_extradition as extradition_cases

DATA = Path(__file__).resolve().parent.parent / "mla_tool" / "directory" / "data"


def finding(document: dict, code: str, context: RuleContext | None = None) -> Finding:
    ctx = context or RuleContext(document=document)
    (found,) = [f for f in evaluate(ctx).findings if f.code == code]
    return found


def test_the_content_standard_finding_names_the_profile_value_and_its_source() -> None:
    document = eevidence_cases.preservation()
    document["kind"] = "mla"
    document["measures"][0]["type"] = "stored_content"
    document["requested_state"] = "USA"
    (basis,) = finding(document, "content_evidence_standard").profile
    assert basis.field == "evidence_standard_content" and basis.value == "probable_cause"
    assert "2703" in basis.source and basis.verified_on is None
    document["requested_state"] = "IRL"
    unknown = finding(document, "content_evidence_standard")
    assert unknown.as_dict()["profile"] == [
        {"field": "evidence_standard_content", "value": None, "source": None, "verified_on": None}
    ]


def test_the_netherlands_treaty_condition_is_cited_with_its_date() -> None:
    """UNTOC art. 16(5)(a): the Netherlands' declaration, checked against its stored quote."""
    document = extradition_cases.extradition_request()
    document["requested_state"] = "NLD"
    found = finding(document, "extradition_treaty_required", extradition_cases.context(document))
    (basis,) = found.profile
    assert basis.value is True and "16(5)" in basis.source
    assert basis.verified_on == date(2026, 12, 5)
    assert found.as_dict()["profile"][0]["verified_on"] == "2026-12-05"


def test_a_finding_of_a_rule_that_reads_no_profile_carries_none() -> None:
    document = extradition_cases.extradition_request()
    document.pop("subject", None)
    found = finding(document, "extradition_subject_missing", extradition_cases.context(document))
    assert found.profile == () and "profile" not in found.as_dict()


def test_every_rule_names_only_fields_of_a_state_profile() -> None:
    from mla_tool.directory.profiles.fields import STATE_FIELDS

    for kind in KIND_CODES:
        for rule in rules_for(kind):
            assert set(rule.profile_fields) <= set(STATE_FIELDS), rule.code


def test_packaged_values_citing_the_stored_data_name_a_row_it_holds() -> None:
    """A value whose source says "copy: reference data <file>, row <ISO3>" must rest on a row of
    that file (packaged in mla_tool/directory/data), and no verification date is in the future."""
    cited = re.compile(
        r"(?:copy: |the source of )reference data ([a-z_0-9]+\.csv), row ([A-Z0-9]+)"
    )
    seen = 0
    for holder in profiles().values():
        for fields in holder.values():
            for value in fields.values():
                assert value.verified_on is None or value.verified_on <= clock.today()
                for name, row in cited.findall(value.source):
                    with (DATA / name).open(encoding="utf-8") as handle:
                        keys = {
                            (line.get("state_iso3") or line.get("code") or "")
                            for line in csv.DictReader(handle)
                        }
                    assert row in keys, (name, row)
                    seen += 1
    assert seen >= 5


def test_a_preservation_period_below_sixty_days_is_refused(make_user) -> None:  # noqa: ANN001
    """Budapest art. 29(7): preservation is for not less than sixty days."""
    maintainer = make_user("maintainer")
    with pytest.raises(DirectoryError) as refused:
        set_profile("IRL", {"preservation_days": {"value": 30, "source": "a law"}}, maintainer)
    assert "29(7)" in refused.value.fields["preservation_days"]
    assert set_profile("IRL", {"preservation_days": {"value": 60, "source": "a law"}}, maintainer)
    assert preservation_days({"requested_state": "IRL"}) == 60
