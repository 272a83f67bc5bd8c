"""The URL rules compile their builders when first used, and build the URLs eager rules build."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Map, Rule

from mla_tool.url_rules import LazyBuilderRule


def _sample(rule: Rule) -> dict[str, Any]:
    return {
        name: 7 if "int" in type(conv).__name__.lower() else "x y"
        for name, conv in rule._converters.items()
    }


def test_the_app_s_rules_compile_their_builders_when_first_used(app: Any) -> None:
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]  # Flask's own
    assert rules and all(isinstance(rule, LazyBuilderRule) for rule in rules)
    rule = LazyBuilderRule("/cases/<int:case_id>", endpoint="show")
    adapter = Map([rule]).bind("example.org")
    assert rule._build_unknown.__name__ == "build_first"
    assert adapter.build("show", {"case_id": 42}) == "/cases/42"
    assert rule._build_unknown.__name__ != "build_first"  # compiled once, then used as it is
    assert adapter.build("show", {"case_id": 43, "q": "a b"}) == "/cases/43?q=a+b"


def test_every_rule_builds_what_an_eager_rule_builds(app: Any) -> None:
    eager = Map(
        [
            Rule(r.rule, endpoint=r.endpoint, methods=r.methods, defaults=r.defaults)
            for r in app.url_map.iter_rules()
        ]
    )
    eager_adapter = eager.bind("example.org")
    lazy_adapter = app.url_map.bind("example.org")
    for rule in app.url_map.iter_rules():
        values = {**_sample(rule), "extra": "ä&b"}
        for _ in range(2):  # the first build compiles, the second uses the compiled builder
            assert lazy_adapter.build(
                rule.endpoint, values, method=sorted(rule.methods or {"GET"})[0]
            ) == eager_adapter.build(
                rule.endpoint, values, method=sorted(rule.methods or {"GET"})[0]
            ), rule.rule


def test_a_query_link_is_what_url_for_builds(app: Any) -> None:
    from flask import url_for

    from mla_tool.page_text import query_link

    cases = [
        {},
        {"sort": "-updated"},
        {"q": "Müller & Söhne/2026 (a+b) 100% ?#", "status": "in_execution", "page": 3},
        {"country": "DEU", "cursor": "eyJ2IjpbMSwiMjAyNiJdfQ==", "assigned_to": "x@y.z"},
    ]
    with app.test_request_context("/"):
        link = query_link("cases.index")
        for args in cases:
            assert link(args) == url_for("cases.index", **args), args
