"""The signature's revision of a PDF/A document: pyHanko's incremental writer, except that the
document's XMP packet is kept as it was written (PDF/A and PDF/UA identification, extension
schemas and their prefixes) and only its producer and modification date follow the information
dictionary's, as PDF/A asks (pyHanko's own rewrite would name pyHanko alone as producer)."""

from __future__ import annotations

from datetime import UTC, datetime

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR

from ..forms.document_xmp import revised_xmp


class ArchivalRevisionWriter(IncrementalPdfFileWriter):
    """An incremental writer for a PDF that has XMP metadata and an information dictionary."""

    _metadata: generic.Reference | None = None

    def _update_meta(self) -> None:
        """pyHanko's hook, run before the revision is written (the first time does it all)."""
        if self._metadata is not None:
            return
        if "/Metadata" not in self.root or self._info is None:
            super()._update_meta()
            return
        now = datetime.now(UTC).replace(microsecond=0)
        info = self._info.get_object()
        producer = str(info.get("/Producer") or "")
        if VENDOR not in producer:
            producer = f"{producer}; {VENDOR}" if producer else VENDOR
        info[pdf_name("/Producer")] = generic.TextStringObject(producer)
        info[pdf_name("/ModDate")] = generic.pdf_date(now)
        self.mark_update(self._info)
        packet = revised_xmp(self.root["/Metadata"].data, producer, now.isoformat())
        stream = generic.StreamObject(
            {pdf_name("/Type"): pdf_name("/Metadata"), pdf_name("/Subtype"): pdf_name("/XML")},
            stream_data=packet,
        )
        self._metadata = self.add_object(stream)
        self.root[pdf_name("/Metadata")] = self._metadata
        self.update_root()
