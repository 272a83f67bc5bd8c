"""Where the signature block goes: the bottom of the last page when that is free of text,
else a page added for it. Text positions come from poppler's `pdftotext -bbox`."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: pdftotext -bbox prints one <word … yMin="…" yMax="…"> per word (top-down coordinates).
_WORD = re.compile(rb'<word [^>]*yMin="([\d.]+)" [^>]*yMax="([\d.]+)"')
#: Free space kept between the last line of text and the block, in points.
GAP = 8.0


def lowest_text(pdf: bytes, page_number: int, below: float) -> float | None:
    """The bottom (top-down, in points) of the lowest word on page `page_number` (1-based) that
    starts above `below` (the running foot is lower); None when poppler is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="mla-sign-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            [tool, "-bbox", "-f", str(page_number), "-l", str(page_number), str(path), "-"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    if done.returncode != 0:
        return None
    bottoms = [float(y_max) for y_min, y_max in _WORD.findall(done.stdout) if float(y_min) < below]
    return max(bottoms, default=0.0)


def fits_at_bottom(
    pdf: bytes, page_number: int, page_height: float, bottom: float, height: float
) -> bool:
    """Whether a block `height` high, `bottom` points above the page's lower edge, stays clear
    of the page's text (assumed so when the text cannot be read)."""
    lowest = lowest_text(pdf, page_number, below=page_height - bottom)
    return lowest is None or lowest + GAP <= page_height - bottom - height
