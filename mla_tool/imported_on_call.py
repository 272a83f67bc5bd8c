"""A function named "module:attribute", imported the first time it is called: the wiring connects
reactions and loaders without importing the modules of those a command never runs."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True, eq=False)  # one object per table row: connecting it twice is a no-op
class ImportedOnCall:
    """Calls `target` ("package.module:function") with what it is given."""

    target: str

    def function(self) -> Any:
        module, _, attribute = self.target.partition(":")
        return getattr(import_module(module), attribute)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function()(*args, **kwargs)
