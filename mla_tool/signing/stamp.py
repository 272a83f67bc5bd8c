"""The visible signature block: signer, UTC date and time, "Digitally signed", in the
document's language, rendered by WeasyPrint (so every script is shaped) as a one-page PDF."""

from __future__ import annotations

from datetime import datetime

from markupsafe import escape

from ..forms import documents
from ..i18n import N_

#: The block's size on the page, in PDF points (width, height).
STAMP_SIZE = (230.0, 60.0)

#: The block's fixed words; they come from the documents' catalogues, like the rest of the page.
DIGITALLY_SIGNED = N_("Digitally signed")
SIGNED_BY = N_("Signed by")
SIGNED_AT = N_("Date and time (UTC)")

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

STYLE = """
@page { size: %(width)spt %(height)spt; margin: 0; }
html { font-family: "Noto Sans", "DejaVu Sans", "Noto Sans Arabic", "Noto Naskh Arabic",
       "Noto Sans CJK SC", sans-serif; font-size: 8pt; line-height: 1.3; color: #0b2e59; }
body { margin: 0; }
.stamp { box-sizing: border-box; width: %(width)spt; height: %(height)spt; padding: 4pt 6pt;
         border: 1.2pt solid #0b2e59; border-radius: 3pt; overflow: hidden; }
.stamp p { margin: 0; white-space: nowrap; overflow: hidden; }
.stamp .head { font-weight: bold; font-size: 9.5pt; margin-bottom: 2pt; }
"""


def stamp_html(name: str, signed_at: datetime, language: str) -> str:
    """The block as HTML: fixed words from the catalogue, the signer's name escaped."""
    gettext = documents.gettext_for(language)
    direction = "rtl" if language in RTL_LANGUAGES else "ltr"
    width, height = STAMP_SIZE
    when = signed_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    rows = [
        f'<p class="head">{escape(gettext(DIGITALLY_SIGNED))}</p>',
        f"<p>{escape(gettext(SIGNED_BY))}: <bdi>{escape(name)}</bdi></p>",
        f'<p>{escape(gettext(SIGNED_AT))}: <bdi dir="ltr">{escape(when)}</bdi></p>',
    ]
    style = STYLE % {"width": width, "height": height}
    return (
        f'<!doctype html><html lang="{escape(language)}" dir="{direction}"><head>'
        f'<meta charset="utf-8"><style>{style}</style></head>'
        f'<body><div class="stamp">{"".join(rows)}</div></body></html>'
    )


def stamp_description(name: str, language: str) -> str:
    """The block in words, for a screen reader (the signature field's /TU)."""
    return f"{documents.gettext_for(language)(DIGITALLY_SIGNED)}: {name}"


def stamp_pdf(name: str, signed_at: datetime, language: str) -> bytes:
    """The block as a one-page PDF of STAMP_SIZE, drawn into the signature's appearance (its
    fonts embedded; untagged: an annotation's appearance is no part of the structure tree)."""
    return documents.html_to_pdf(stamp_html(name, signed_at, language), archival=False)
