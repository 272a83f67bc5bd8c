"""PAdES signing of a PDF with a loaded signer, its visible block on the last page (a page
added for it when the last one has no room)."""

from __future__ import annotations

import asyncio
import binascii
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import StaticStampStyle

from . import placement
from .config import Signer, certificate_fingerprint
from .revision import ArchivalRevisionWriter
from .tagging import tag_signature_field

__all__ = ["sign_pdf", "certificate_fingerprint", "FIELD_NAME"]

FIELD_NAME = "CentralAuthoritySignature"
#: Distance of the block from the page's bottom and side edges, in points (inside the margins).
BOTTOM = 66.0
SIDE = 57.0


class ImportedPdfBytes(PdfContent):
    """The first page of a PDF held in memory, drawn as a form XObject (the block's face)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        super().__init__()

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(BytesIO(self.data)), page_ix=0)
        name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
        self.resources.xobject[name.decode("ascii")] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name + b" Do"


def _blank_page(writer: IncrementalPdfFileWriter, media_box: list[float]) -> None:
    """A page added at the end for the block (when the last page has no room for it)."""
    contents = writer.add_object(generic.StreamObject(stream_data=b""))
    page = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Page"),
            pdf_name("/MediaBox"): generic.ArrayObject(generic.FloatObject(v) for v in media_box),
            pdf_name("/Resources"): generic.DictionaryObject(),
            pdf_name("/Contents"): contents,
        }
    )
    writer.insert_page(page)


def _block_box(
    writer: IncrementalPdfFileWriter, pdf: bytes, size: tuple[float, float], rtl: bool
) -> tuple[float, float, float, float]:
    """Where the block goes: the bottom of the last page, on the side lines end on, when no
    text is there; else the top of a page added after it."""
    reader = writer.prev
    count = int(reader.root["/Pages"]["/Count"])
    page_ref, _resources = reader.find_page_for_modification(count - 1)
    media_box = [float(v) for v in page_ref.get_object()["/MediaBox"]]
    x0, y0, x_end, top = media_box
    width, height = size
    left = x0 + SIDE if rtl else x_end - SIDE - width
    if placement.fits_at_bottom(pdf, count, top - y0, BOTTOM, height):
        return (left, y0 + BOTTOM, left + width, y0 + BOTTOM + height)
    _blank_page(writer, media_box)
    return (left, top - BOTTOM - height, left + width, top - BOTTOM)


def sign_pdf(
    pdf_bytes: bytes,
    signer: Signer,
    face: bytes,
    size: tuple[float, float],
    rtl: bool = False,
    description: str | None = None,
) -> bytes:
    """`pdf_bytes` with a PAdES signature (an incremental update) whose visible block on the
    last page shows `face`, a one-page PDF of `size` points; a PDF/A document stays PDF/A
    (ArchivalRevisionWriter), a tagged one has the field in its structure, described by
    `description` (the signer's name if none)."""
    writer = ArchivalRevisionWriter(BytesIO(pdf_bytes), strict=False)
    box = _block_box(writer, pdf_bytes, size, rtl)
    fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME, on_page=-1, box=box))
    tag_signature_field(writer, FIELD_NAME, description or signer.name)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=signer.name,
    )
    style = StaticStampStyle(background=ImportedPdfBytes(face), border_width=0)
    pdf_signer = signers.PdfSigner(meta, signer=signer.signer, stamp_style=style)
    output = BytesIO()
    _run(pdf_signer.async_sign_pdf(writer, output=output))
    return output.getvalue()


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run pyHanko's coroutine to its end, on a thread of its own when this one already runs an
    event loop (pyHanko's blocking wrappers would refuse: asyncio.run inside a loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
