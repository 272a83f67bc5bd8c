"""Article references stay left to right in right-to-left text: "(المادة 18(9))" keeps "18(9)"."""

from __future__ import annotations

from mla_tool.directory.article_direction import isolate_articles


def test_article_references_are_isolated_left_to_right() -> None:
    assert str(isolate_articles("انتفاء ازدواجية التجريم (المادة 18(9))")) == (
        'انتفاء ازدواجية التجريم (المادة <bdi dir="ltr">18(9)</bdi>)'
    )
    assert '<bdi dir="ltr">18(21)(د)</bdi>' in isolate_articles("(المادة 18(21)(د))")
    assert '<bdi dir="ltr">art. 16(4)-(6)</bdi>' in isolate_articles("UNTOC art. 16(4)-(6)")
    assert "<bdi" not in isolate_articles("2024 (5 cases)")


def test_the_rest_of_the_text_is_escaped() -> None:
    assert str(isolate_articles("<b>18(9)</b>")) == '&lt;b&gt;<bdi dir="ltr">18(9)</bdi>&lt;/b&gt;'
    assert str(isolate_articles(None)) == ""


def test_a_message_s_values_keep_their_own_direction() -> None:
    from mla_tool.directory.article_direction import format_isolated

    filled = format_isolated("{state} ({article})", {"state": "مصر", "article": "art. 16(5)"})
    assert str(filled) == "<bdi>مصر</bdi> (<bdi>art. 16(5)</bdi>)"
    assert str(format_isolated("{x}", {"x": "<script>"})) == "<bdi>&lt;script&gt;</bdi>"
    assert '<bdi dir="ltr">art. 1(2)</bdi>' in isolate_articles("applied by art. 1(2) of it")
