"""Sample requests of every kind, addressed to an authority, for the tests that print them all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mla_tool.forms.eevidence.follow_up import extension_document, follow_up_document
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.samples import complete_request, extradition_request
from tests.factories.extradition_requests import provisional_request

Sample = Callable[[int], dict[str, Any]]
#: The kinds that also print on the one-page form for a 24/7 contact point.
FORM_KINDS = ("preservation", "emergency_disclosure", "extension")


def preservation(authority: int) -> dict[str, Any]:
    return sample_preservation(requested_authority=authority)


def samples_by_kind(emergency: Sample) -> dict[str, Sample]:
    """Each kind of request as a sample for an authority id; `emergency` builds that kind."""
    return {
        "mla": lambda authority: complete_request("en", requested_authority=authority),
        "extradition": lambda authority: extradition_request(requested_authority=authority),
        "provisional_arrest": lambda authority: {
            **provisional_request(),
            "requested_authority": authority,
        },
        "preservation": preservation,
        "emergency_disclosure": emergency,
        "follow_up": lambda authority: {
            **follow_up_document(preservation(authority), 7),
            "requested_authority": authority,
        },
        "extension": lambda authority: extension_document(preservation(authority), 7),
    }
