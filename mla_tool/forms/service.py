"""Transitional: names that modules not yet moved still import from here (delete after them).

The request services live in modules named by what they do: `request_document` (the stored
document), `drafting`, `versions`, `access`, `listing`, `directory_facts`, `checking`,
`submission`, `request_review`, `case_following` and `errors`: import from those. Still
importing from here: `documents.py`, `review_sheet.py` and `extradition/document.py`.
"""

from __future__ import annotations

from .checking import evaluate_document
from .directory_facts import authority_dict, requirement_lines
from .request_document import document_of

__all__ = ["authority_dict", "document_of", "evaluate_document", "requirement_lines"]
