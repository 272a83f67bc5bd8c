"""`mla-tool serve` builds every pydantic model deferred at import before it listens."""

from __future__ import annotations

from flask import Flask
from pydantic import BaseModel

from mla_tool.forms.schemas import RequestDocument
from mla_tool.schema_warmup import _models, build_deferred_models


def test_every_model_of_the_app_is_built_after_the_warm_up(app: Flask) -> None:
    assert RequestDocument.model_config.get("defer_build") is True
    build_deferred_models()
    ours = [model for model in _models(BaseModel) if model.__module__.startswith("mla_tool.")]
    assert len(ours) > 50  # every API module's models are imported by the app
    assert [model.__qualname__ for model in ours if not model.__pydantic_complete__] == []
    assert build_deferred_models() == 0
