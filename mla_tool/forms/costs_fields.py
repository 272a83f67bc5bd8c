"""Costs of executing a request: who bears the extraordinary ones, and any estimate.

Ordinary costs are borne by the requested state unless agreed otherwise; where expenses of a
substantial or extraordinary nature are required, the states consult to decide on what terms
the request is executed and the costs borne (UNTOC art. 18(28)).
"""

from __future__ import annotations

from .fieldspec import N_, FieldSpec

#: Who bears the extraordinary costs (the `costs.borne_by` codes), as the document says it.
COST_BEARERS: tuple[tuple[str, str], ...] = (
    ("none_expected", N_("No extraordinary costs are expected.")),
    ("requesting_state", N_("The requesting State will bear the extraordinary costs.")),
    ("to_be_agreed", N_("The terms on which extraordinary costs are borne are to be agreed.")),
)
#: Measures whose execution usually costs more than ordinary: hearings at a distance, transfers,
#: experts, interception and real-time collection, controlled deliveries.
EXTRAORDINARY_COST_MEASURES = frozenset(
    {
        "videoconference",
        "transfer_detained_person",
        "expert_evaluation",
        "interception",
        "realtime_traffic_data",
        "controlled_delivery",
    }
)
COSTS_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "costs.borne_by",
        N_("Extraordinary costs"),
        "choice",
        choices=COST_BEARERS,
        hint=N_("Videoconferences, transfers, experts and interception usually cost more."),
    ),
    FieldSpec("costs.details", N_("Estimate of the costs and how they are met"), "textarea"),
)
