"""A complete sample preservation request, for the demo and the tests."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from ... import clock
from .codes import PRESERVATION

#: The months as the sample's English facts name them, whatever the host's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def sample_preservation(**changes: Any) -> dict[str, Any]:
    """A complete preservation request: an IP address, a time, a provider (demo and tests).

    Its dates follow today (`clock.today()`): the demand came four days ago, from an address
    seen that day at 14:03 Paris time, and the data asked for run from 23 days ago to today.
    """
    today = clock.today()
    seen = today - timedelta(days=4)
    document: dict[str, Any] = {
        "kind": PRESERVATION,
        "requesting_state": "FRA",
        "requested_state": "IRL",
        "language": "en",
        "reference": "CYBER-2026-0112",
        "legal_basis": ["BUDAPEST"],
        "requesting_authority": {
            "name": "Cybercrime Unit, Paris Prosecutor's Office",
            "contact_name": "Luc Bernard, Deputy Prosecutor",
            "email": "luc.bernard@justice.example",
            "phone": "+33 1 44 32 00 00",
        },
        "subject": "Investigation of an extortion campaign against hospitals (ransomware).",
        "proceedings": {"authority": "Paris Prosecutor's Office, J3 cyber section"},
        "offences": [
            {
                "name": "Extortion",
                "provision": "Criminal Code, art. 312-1",
                "text": "Extortion is obtaining, by violence or threat, a signature or funds.",
                "max_penalty": "7 years' imprisonment",
            }
        ],
        "facts": (
            f"On {seen.day} {MONTHS[seen.month - 1]} {seen.year} the hospital of Lyon "
            "received a ransom demand after its "
            "systems were encrypted. The demand was sent from a webmail account that was "
            "accessed from the IP address below."
        ),
        "measures": [
            {
                "type": "preserve_data",
                "description": "Subscriber and connection data of the account used to send "
                "the ransom demand.",
                "link_to_facts": (
                    "The ransom demand was sent from this account; the logs show the IP "
                    "address used at that time, which identifies the sender."
                ),
                "procedure": "Please do not notify the account holder.",
                "details": {
                    "identifiers": [
                        {
                            "type": "ip",
                            "value": "81.2.69.160",
                            "observed_at": f"{seen.isoformat()}T14:03:00",
                            "timezone": "Europe/Paris",
                            "port": "51234",
                        },
                        {"type": "email", "value": "payme@Mail.Example.com"},
                    ],
                    "provider": {"name": "Example Mail Ltd", "country": "IRL"},
                    "data_categories": ["subscriber", "traffic"],
                    "date_range": {
                        "from": (today - timedelta(days=23)).isoformat(),
                        "to": today.isoformat(),
                    },
                },
            }
        ],
        "purpose": (
            "The provider keeps connection logs for a short time only; without preservation "
            "they will be deleted before our request for mutual assistance arrives."
        ),
        "preservation": {"mla_to_follow": True},
        "confidential": {"is_confidential": True, "reason": "The suspects must not be alerted."},
    }
    document.update(copy.deepcopy(changes))
    return document
