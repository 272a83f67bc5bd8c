"""Everything the app registers, in one place: pages, API, menu, dashboard, sample data, hooks.

`create_app` calls `wire(app)`; no module registers anything when it is imported. The tables below
are the registries: to add a page, a menu entry, a panel or a loader, add a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from flask import Blueprint, Flask, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from . import signals
from .api import core as api_core
from .api.errors import domain_error_response
from .api.routing import APP_ENDPOINTS_KEY, api_blueprint, declared_endpoints
from .audit import api as audit_api
from .audit import views as audit_views
from .auth import account_views, users_views
from .auth import api as auth_api
from .auth import views as auth_views
from .cases import api as cases_api
from .cases import hooks as case_hooks
from .cases import (
    notifications,
    notifications_views,
    notify_events,
    stats_aggregates,
    transmission_api,
)
from .cases import views as cases_views
from .cases.dashboard import case_panels
from .cases.demo import load_sample_cases
from .cases.page_panels import CasePanel, init_case_panels
from .cases.views.person_links import case_person_links
from .cases.views.transmission_actions import transmission_panel
from .demo import DemoLoader, init_demo
from .directory import api as directory_api
from .directory import health as directory_health
from .directory import views as directory_views
from .directory.demo import load_sample_directory
from .directory.fact_age import fact_age
from .directory.views.blueprint import reader_state_name
from .errors import DomainError
from .exchange import api as exchange_api
from .exchange import views as exchange_views
from .exchange.views import case_exchange_panel, exchange_key_of
from .extensions import csrf, db
from .forms import (
    acknowledgement_views,
    action_views,
    document_views,
    languages_api,
    request_blueprint,
    request_views,
    step_views,
    version_marks,
    version_views,
    versions_api,
)
from .forms import api as forms_api
from .forms.acknowledgement_letter import acknowledgement_letter_panel
from .forms.action_views import case_requests
from .forms.case_basis import note_case_legal_basis, note_legal_basis
from .forms.case_following import follow_case
from .forms.demo import load_sample_requests
from .forms.directory_facts import authority_uses
from .forms.eevidence import registration as eevidence_registration
from .forms.eevidence import views as eevidence_views
from .forms.eevidence.demo import load_sample_preservation
from .forms.eevidence.expiry import extend_expiry, open_expiry
from .forms.eevidence.views import eevidence_case_panel, identifier_preview, provider_route
from .forms.extradition import registration as extradition_registration
from .forms.extradition import views as extradition_views
from .forms.extradition.views import extradition_case_panel
from .forms.incoming import api as incoming_api
from .forms.incoming import views as incoming_views
from .forms.listing import request_ids_of_case
from .forms.request_review import review_cycle_of, review_fields_of_case
from .forms.return_notice import return_notice
from .forms.search_entries import connect_search_index
from .forms.translations import api as translations_api
from .forms.translations import views as translations_views
from .forms.transmission_documents import record_with_documents, transmission_choices
from .home import views as home_views
from .home.navigation import NavItem, init_navigation
from .home.panels import PanelProvider, init_panels
from .i18n import reader_language_name
from .page_text import memoise_per_page
from .request_kinds import kind_label
from .signing import api as signing_api
from .signing import views as signing_views
from .vault import api as vault_api
from .vault import views as vault_views
from .vault.views import attachments_for_page

#: The page blueprints, in the order they are registered.
PAGE_BLUEPRINTS: tuple[Blueprint, ...] = (
    home_views.bp,
    auth_views.bp,  # with the Account pages of account_views
    users_views.bp,
    directory_views.bp,
    request_blueprint.bp,  # the pages of request_views, step_views, action_views, document_views
    eevidence_views.bp,
    extradition_views.bp,
    translations_views.bp,
    signing_views.bp,
    cases_views.bp,
    acknowledgement_views.bp,
    notifications_views.bp,
    vault_views.bp,
    exchange_views.bp,
    audit_views.bp,
)

#: Modules holding pages of a blueprint declared elsewhere (imported above for their routes).
PAGE_MODULES: tuple[ModuleType, ...] = (
    account_views,
    request_views,
    step_views,
    action_views,
    version_views,
    incoming_views,
    document_views,
)

#: The API modules; their order is the order of the OpenAPI document.
API_MODULES: tuple[ModuleType, ...] = (
    audit_api,
    auth_api,
    cases_api,
    transmission_api,
    directory_api,
    exchange_api,
    forms_api,
    versions_api,
    incoming_api,
    languages_api,
    translations_api,
    signing_api,
    vault_api,
    api_core,
)

#: Views exempt from the global CSRF check. The API takes bearer tokens only, never cookies;
#: an upload's body would be parsed into a clear temporary file (the view checks the token itself).
CSRF_EXEMPT_VIEWS: tuple[Callable[..., Any], ...] = (
    vault_views.upload,
    incoming_views.incoming_register,
)
#: Helpers every template may call, by name (globals, so macros imported without context see them
#: too): a template relies on these being there, never asks whether they are.
TEMPLATE_GLOBALS: dict[str, Callable[..., Any]] = {
    "kind_label": kind_label,
    "state_name": reader_state_name,
    "fact_age": fact_age,
    "identifier_preview": identifier_preview,
    "provider_route": provider_route,
    "exchange_key_of": exchange_key_of,
    "review_return": return_notice,
    "language_label": reader_language_name,
}

#: Template globals of one argument that a page calls once per row with few distinct values
#: (labels in the reader's language): each page keeps what they return.
PAGE_MEMOISED_GLOBALS: tuple[str, ...] = ("kind_label", "state_name", "language_label")

#: The boxes other domains add to the case page, in order within their column; each template
#: reads its data as `panel.data` (None or empty: it shows nothing).
CASE_PANELS: tuple[CasePanel, ...] = (
    CasePanel("main", "cases/_transmission.html", transmission_panel),
    CasePanel("main", "cases/_attachments.html", attachments_for_page),
    CasePanel("main", "exchange/_case_panel.html", case_exchange_panel),
    CasePanel("side", "cases/_requests.html", case_requests),
    CasePanel("side", "cases/_acknowledgement_letter.html", acknowledgement_letter_panel),
    CasePanel("side", "cases/_person_links.html", case_person_links),
    CasePanel("side", "cases/_eevidence.html", eevidence_case_panel),
    CasePanel("side", "requests/_case_extradition.html", extradition_case_panel),
)

#: The main menu: label, endpoint, permission that shows it, position (lower first).
NAV: tuple[NavItem, ...] = (
    NavItem(_l("Requests"), "requests.index", "request.read", 15),
    NavItem(_l("Directory"), "directory.index", "directory.read", 20),
    NavItem(_l("Legal basis"), "directory.legal_basis", "directory.read", 25),
    NavItem(_l("Cases"), "cases.index", "case.read", 30),
    NavItem(_l("Notifications"), "notifications.index", "case.read", 35),
    NavItem(_l("Secure exchange"), "exchange.index", "exchange.manage", 45),
    NavItem(_l("Statistics"), "cases.stats_page", "stats.read", 60),
    NavItem(_l("Audit log"), "audit.index", "audit.read", 85),
    NavItem(_l("Account"), "auth.account", "account.own", 90),
    NavItem(_l("Users"), "users.index", "users.manage", 95),
)

#: Counters shown beside a menu entry, by endpoint.
NAV_BADGES: dict[str, Callable[[Any], int]] = {
    "notifications.index": notifications.unread_count,
}

#: Dashboard panels, by provider (each panel has its own position; equal ones keep this order).
PANEL_PROVIDERS: tuple[PanelProvider, ...] = (
    notifications_views.unread_panel,
    notifications_views.sweep_panel,
    case_panels,
    directory_views.stale_panel,
    request_views.drafts_panel,
)

#: Sample data (`mla-tool demo`), in order: the directory first, as requests and cases refer to
#: it; the wizard's drafts before the preservation draft, as they are added only while the sample
#: prosecutor has no sample request (the order of imports once put the preservation first).
DEMO_LOADERS: tuple[DemoLoader, ...] = (
    load_sample_directory,
    load_sample_cases,
    load_sample_requests,
    load_sample_preservation,
)

#: Request kinds beyond MLA, added to the wizard's tables (each is idempotent), in this order.
KIND_REGISTRATIONS: tuple[Callable[[], None], ...] = (
    eevidence_registration.register,
    extradition_registration.register,
)


def connect_reactions() -> None:
    """Cross-domain reactions and hooks (process-wide; connecting twice changes nothing)."""
    # the case tracker asks the wizard about the requests of a case, never importing it
    case_hooks.REQUEST_IDS_PROVIDER = request_ids_of_case
    case_hooks.REVIEW_FIELDS_PROVIDER = review_fields_of_case
    case_hooks.REVIEW_CYCLE_PROVIDER = review_cycle_of
    case_hooks.TRANSMISSION_CHOICES_PROVIDER = transmission_choices
    case_hooks.TRANSMISSION_RECORDER = record_with_documents
    # the directory health page counts how often requests name each entry
    directory_health.AUTHORITY_USES_PROVIDER = authority_uses
    # the search index follows every save of a case or a request
    connect_search_index(db.session)
    # the statistics' maintained counts follow every save of a case, in its transaction
    stats_aggregates.connect_stats_aggregates(db.session)
    signals.case_moved.connect(stats_aggregates.on_case_moved)
    # the requests of a case's review cycle follow its status
    signals.case_moved.connect(follow_case)
    # a preservation's expiry deadline opens on submission, an extension's when it is sent
    signals.request_submitted.connect(open_expiry)
    signals.request_transmitted.connect(extend_expiry)
    # the people who must act are told of a request's events
    signals.request_submitted.connect(notify_events.on_request_submitted)
    signals.request_transmitted.connect(notify_events.on_request_transmitted)
    signals.request_reviewed.connect(notify_events.on_request_reviewed)
    signals.case_moved.connect(notify_events.on_case_moved)
    signals.case_opened.connect(notify_events.on_case_opened)
    # the versions a request was submitted, returned, approved and sent in are marked
    signals.request_submitted.connect(version_marks.on_request_submitted)
    signals.request_reviewed.connect(version_marks.on_request_reviewed)
    signals.request_transmitted.connect(version_marks.on_request_transmitted)
    signals.case_moved.connect(version_marks.on_case_moved)
    # the statistics count a case under the legal basis its requests cite first
    signals.request_submitted.connect(note_legal_basis)
    signals.request_transmitted.connect(note_legal_basis)
    signals.case_moved.connect(note_case_legal_basis)


def answer_domain_error(error: DomainError) -> Any:
    """A refusal a service raised and no view caught: the API's JSON error, or the error page
    with the message in the reader's language (a 404 page is the page of an unknown URL)."""
    if request.path.startswith("/api/"):
        return domain_error_response(error)
    message = error.shown(gettext)
    return render_template("errors/error.html", code=error.status, message=message), error.status


def wire(app: Flask) -> None:
    """Register pages, API, menu, panels, sample data, request kinds and reactions on `app`."""
    for register in KIND_REGISTRATIONS:
        register()
    connect_reactions()
    app.register_error_handler(DomainError, answer_domain_error)
    init_navigation(app, NAV, NAV_BADGES)
    init_panels(app, PANEL_PROVIDERS)
    init_demo(app, DEMO_LOADERS)
    init_case_panels(app, CASE_PANELS)
    for name, helper in TEMPLATE_GLOBALS.items():
        app.add_template_global(helper, name)
    memoise_per_page(app, {name: TEMPLATE_GLOBALS[name] for name in PAGE_MEMOISED_GLOBALS})
    for view in CSRF_EXEMPT_VIEWS:
        csrf.exempt(view)
    for blueprint in PAGE_BLUEPRINTS:
        app.register_blueprint(blueprint)
    endpoints = declared_endpoints(API_MODULES)
    app.extensions[APP_ENDPOINTS_KEY] = endpoints
    api = api_blueprint(endpoints)
    csrf.exempt(api)  # the API takes bearer tokens only, never cookies
    app.register_blueprint(api)
