"""What every app registers, an app for a command included: request kinds, reactions, sample data.

`create_app` calls `wire_domains(app)`, then, unless the app is a command's, `wiring.wire(app)`
(pages, API, menu, panels). No module registers anything when it is imported. Kind
registrations, reactions, hooks and sample-data loaders are named "module:function" and imported
when first called, so that a command imports only the domains it uses: to add one, add a row here.
The app of a command that reads no request (`cli.READ_NO_REQUEST`: `app.config[REQUEST_KINDS]`
False) registers no kind beyond MLA: importing the kinds' steps and rules was a fifth of its
start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from blinker import NamedSignal
from flask import Flask

from . import signals
from .cases import hooks as case_hooks
from .cases import stats_aggregates
from .demo import DemoLoader, init_demo
from .directory import health as directory_health
from .extensions import db
from .forms.search_entries import connect_search_index
from .imported_on_call import ImportedOnCall as on_call

#: Request kinds beyond MLA, added to the wizard's tables (each is idempotent), in this order.
KIND_REGISTRATIONS: tuple[Callable[[], None], ...] = (
    on_call("mla_tool.forms.eevidence.registration:register"),
    on_call("mla_tool.forms.extradition.registration:register"),
)
#: The app.config key that, False, leaves KIND_REGISTRATIONS out of an app (a command's that reads
#: no request, case or wizard table); absent or true, they are registered.
REQUEST_KINDS = "MLA_REQUEST_KINDS"

#: The slots through which one domain asks another without importing it: (module, slot, function).
#: The case tracker asks the wizard about the requests of a case; the directory health page counts
#: how often requests name each entry.
HOOKS: tuple[tuple[ModuleType, str, Callable[..., Any]], ...] = (
    (case_hooks, "REQUEST_IDS_PROVIDER", on_call("mla_tool.forms.listing:request_ids_of_case")),
    (
        case_hooks,
        "REVIEW_FIELDS_PROVIDER",
        on_call("mla_tool.forms.request_review:review_fields_of_case"),
    ),
    (case_hooks, "REVIEW_CYCLE_PROVIDER", on_call("mla_tool.forms.request_review:review_cycle_of")),
    (
        case_hooks,
        "TRANSMISSION_CHOICES_PROVIDER",
        on_call("mla_tool.forms.transmission_documents:transmission_choices"),
    ),
    (
        case_hooks,
        "TRANSMISSION_RECORDER",
        on_call("mla_tool.forms.transmission_documents:record_with_documents"),
    ),
    (
        directory_health,
        "AUTHORITY_USES_PROVIDER",
        on_call("mla_tool.forms.directory_facts:authority_uses"),
    ),
)

#: Cross-domain reactions: (signal, receiver), connected in this order (each signal calls its
#: receivers in the order they were connected).
REACTIONS: tuple[tuple[NamedSignal, Callable[..., Any]], ...] = (
    # the statistics' maintained counts follow every move of a case
    (signals.case_moved, stats_aggregates.on_case_moved),
    # the requests of a case's review cycle follow its status
    (signals.case_moved, on_call("mla_tool.forms.case_following:follow_case")),
    # a preservation's expiry deadline opens on submission, an extension's when it is sent
    (signals.request_submitted, on_call("mla_tool.forms.eevidence.expiry:open_expiry")),
    (signals.request_transmitted, on_call("mla_tool.forms.eevidence.expiry:extend_expiry")),
    # the people who must act are told of a request's events
    (signals.request_submitted, on_call("mla_tool.cases.notify_events:on_request_submitted")),
    (signals.request_transmitted, on_call("mla_tool.cases.notify_events:on_request_transmitted")),
    (signals.request_reviewed, on_call("mla_tool.cases.notify_events:on_request_reviewed")),
    (signals.case_moved, on_call("mla_tool.cases.notify_events:on_case_moved")),
    (signals.case_opened, on_call("mla_tool.cases.notify_events:on_case_opened")),
    # the versions a request was submitted, returned, approved and sent in are marked
    (signals.request_submitted, on_call("mla_tool.forms.version_marks:on_request_submitted")),
    (signals.request_reviewed, on_call("mla_tool.forms.version_marks:on_request_reviewed")),
    (signals.request_transmitted, on_call("mla_tool.forms.version_marks:on_request_transmitted")),
    (signals.case_moved, on_call("mla_tool.forms.version_marks:on_case_moved")),
    # the statistics count a case under the legal basis its requests cite first
    (signals.request_submitted, on_call("mla_tool.forms.case_basis:note_legal_basis")),
    (signals.request_transmitted, on_call("mla_tool.forms.case_basis:note_legal_basis")),
    (signals.case_moved, on_call("mla_tool.forms.case_basis:note_case_legal_basis")),
)

#: Sample data (`mla-tool demo`), in order: the directory first, as requests and cases refer to
#: it; the wizard's drafts before the preservation draft, as they are added only while the sample
#: prosecutor has no sample request (the order of imports once put the preservation first).
DEMO_LOADERS: tuple[DemoLoader, ...] = (
    on_call("mla_tool.directory.demo:load_sample_directory"),
    on_call("mla_tool.cases.demo:load_sample_cases"),
    on_call("mla_tool.forms.demo:load_sample_requests"),
    on_call("mla_tool.forms.eevidence.demo:load_sample_preservation"),
)


def connect_reactions() -> None:
    """Cross-domain reactions and hooks (process-wide; connecting twice changes nothing)."""
    for module, slot, function in HOOKS:
        setattr(module, slot, function)
    # the search index follows every save of a case or a request
    connect_search_index(db.session)
    # the statistics' maintained counts follow every save of a case, in its transaction
    stats_aggregates.connect_stats_aggregates(db.session)
    for signal, receiver in REACTIONS:
        signal.connect(receiver)


def wire_domains(app: Flask) -> None:
    """Register request kinds (unless `app.config[REQUEST_KINDS]` is False), reactions, hooks
    and sample data."""
    if app.config.get(REQUEST_KINDS, True):
        for register in KIND_REGISTRATIONS:
            register()
    connect_reactions()
    init_demo(app, DEMO_LOADERS)
