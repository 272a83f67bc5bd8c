"""Builds the pydantic models whose build was deferred at import (`defer_build`): `mla-tool serve`
builds them before it listens, so that no request pays for one, and no command pays for all."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel


def _models(base: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for model in base.__subclasses__():
        yield model
        yield from _models(model)


def build_deferred_models(package: str = "mla_tool.") -> int:
    """Build the validator of every model of `package` imported and not built yet; how many."""
    pending = {
        model
        for model in _models(BaseModel)
        if model.__module__.startswith(package) and not model.__pydantic_complete__
    }
    for model in sorted(pending, key=lambda model: f"{model.__module__}.{model.__qualname__}"):
        model.model_rebuild(force=True)
    return len(pending)
