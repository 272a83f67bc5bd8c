"""What the web app registers, in one place: pages, API, menu, dashboard panels, template helpers.

`create_app` calls `wire(app)` after `domain_wiring.wire_domains(app)` (request kinds, reactions,
sample data); an app made for a command skips this one. No module registers anything when it is
imported. The tables below are the registries: to add a page, a menu entry or a panel, add a line.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from flask import Blueprint, Flask, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .api import core as api_core
from .api.errors import domain_error_response
from .api.routing import APP_ENDPOINTS_KEY, api_blueprint, declared_endpoints
from .audit import api as audit_api
from .audit import views as audit_views
from .auth import account_views, users_views
from .auth import api as auth_api
from .auth import views as auth_views
from .cases import api as cases_api
from .cases import (
    notifications,
    notifications_views,
    transmission_api,
)
from .cases import views as cases_views
from .cases.dashboard import case_panels
from .cases.page_panels import CasePanel, init_case_panels
from .cases.views.person_links import case_person_links
from .cases.views.transmission_actions import transmission_panel
from .directory import api as directory_api
from .directory import views as directory_views
from .directory.fact_age import fact_age
from .directory.views.blueprint import reader_state_name
from .errors import DomainError
from .exchange import api as exchange_api
from .exchange import views as exchange_views
from .exchange.views import case_exchange_panel, exchange_key_of
from .extensions import csrf
from .forms import (
    acknowledgement_views,
    action_views,
    document_views,
    languages_api,
    request_blueprint,
    request_views,
    step_views,
    version_views,
    versions_api,
)
from .forms import api as forms_api
from .forms.acknowledgement_letter import acknowledgement_letter_panel
from .forms.action_views import case_requests
from .forms.eevidence import views as eevidence_views
from .forms.eevidence.views import eevidence_case_panel, identifier_preview, provider_route
from .forms.extradition import views as extradition_views
from .forms.extradition.views import extradition_case_panel
from .forms.incoming import api as incoming_api
from .forms.incoming import views as incoming_views
from .forms.return_notice import return_notice
from .forms.translations import api as translations_api
from .forms.translations import views as translations_views
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


def answer_domain_error(error: DomainError) -> Any:
    """A refusal a service raised and no view caught: the API's JSON error, or the error page
    with the message in the reader's language (a 404 page is the page of an unknown URL)."""
    if request.path.startswith("/api/"):
        return domain_error_response(error)
    message = error.shown(gettext)
    return render_template("errors/error.html", code=error.status, message=message), error.status


def wire(app: Flask) -> None:
    """Register pages, API, menu, panels and template helpers on `app` (the domains' kinds,
    reactions and sample data are `domain_wiring`'s)."""
    app.register_error_handler(DomainError, answer_domain_error)
    init_navigation(app, NAV, NAV_BADGES)
    init_panels(app, PANEL_PROVIDERS)
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
