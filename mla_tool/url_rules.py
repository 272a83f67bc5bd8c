"""URL rules whose URL builders are compiled at the first URL built from them, not at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    """A Werkzeug rule that generates and compiles its two URL builders (Python code written
    per rule) the first time `url_for` needs one: adding the pages' and the API's rules did it
    for every rule at start-up, most of `create_app`'s own time, which a command that builds
    no URL never uses. Matching is unchanged (its pattern is still made when the rule is added).
    """

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compile_now = super()._compile_builder
        slot = "_build_unknown" if append_unknown else "_build"

        def build_first(rule: Rule, *args: Any, **kwargs: Any) -> tuple[str, str]:
            built = compile_now(append_unknown).__get__(rule, None)
            setattr(rule, slot, built)  # the next URL goes straight to the compiled builder
            return built(*args, **kwargs)  # type: ignore[no-any-return]

        return build_first
