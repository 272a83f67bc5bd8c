"""`GET /api/v1/languages`: the languages a request document can be printed in."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..api.routing import api_route
from ..auth.models import User
from .document_languages import catalogue


class LanguageOut(BaseModel):
    code: str = Field(description="ISO 639-1 code, as `lang` of the document endpoints takes it")
    name: str = Field(
        description="the language's name in itself, from CLDR (Babel: "
        "`Locale(code).get_display_name(code)`, first letter capitalised): Deutsch, 中文 (简体)"
    )
    name_en: str = Field(description="its English name, from CLDR")
    direction: Literal["ltr", "rtl"] = Field(description="writing direction of the document")


@api_route(
    "/languages",
    summary="The document languages that exist: every document type prints its fixed text in "
    "each (names in the language itself, from CLDR)",
    tag="requests",
    response=list[LanguageOut],
)
def languages(user: User) -> list[dict[str, str]]:
    return catalogue()
