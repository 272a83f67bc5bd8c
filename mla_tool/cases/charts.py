"""Geometry of the statistics' horizontal bar charts, mirrored for right-to-left languages."""

from __future__ import annotations

from typing import Any

LABEL_WIDTH = 200
#: Characters of a label shown (its whole text is in the bar's tooltip): at 12px, at most about
#: 7px a character (Latin or Arabic), they fit in the label column: "Renvoyée pour corrections".
LABEL_CHARACTERS = 28
VALUE_ROOM = 60
GAP = 6
LABEL_PAD = 6
VALUE_PAD = 4


def _shortened(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(
    values: dict[str, float | int | None],
    *,
    width: int = 600,
    bar_height: int = 20,
    rtl: bool = False,
) -> dict[str, Any]:
    """Bars, labels and value texts placed for the SVG the template draws (no JS, no CDN).

    Left to right: label column on the left, bars grow rightwards, the value after the bar. Right
    to left, the mirror image: labels on the right, bars grow leftwards. The SVG is drawn in
    `direction: ltr` and each text says its own direction: a label ends next to its bar (its
    "end" is its right edge left to right, its left edge right to left, where an ellipsis goes
    too), the value starts after the bar's end, away from it.
    """
    numbers = {k: float(v or 0) for k, v in values.items()}
    top = max(numbers.values(), default=0) or 1.0
    plot = width - LABEL_WIDTH - VALUE_ROOM
    bars = []
    for index, (key, value) in enumerate(numbers.items()):
        y = index * (bar_height + GAP)
        length = round(plot * value / top, 1)
        x = width - LABEL_WIDTH - length if rtl else LABEL_WIDTH
        bars.append(
            {
                "label": key,
                "short_label": _shortened(key),
                "value": values[key],
                "x": x,
                "y": y,
                "width": length,
                "height": bar_height,
                "text_y": y + bar_height * 0.7,
                "label_x": width - LABEL_WIDTH + LABEL_PAD if rtl else LABEL_WIDTH - LABEL_PAD,
                "value_x": x - VALUE_PAD if rtl else x + length + VALUE_PAD,
            }
        )
    return {
        "width": width,
        "height": max(1, len(bars)) * (bar_height + GAP),
        "label_width": LABEL_WIDTH,
        "label_direction": "rtl" if rtl else "ltr",
        "value_anchor": "end" if rtl else "start",
        "rtl": rtl,
        "bars": bars,
    }
