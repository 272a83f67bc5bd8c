"""The list of cases: filters read from the query string, sorting and paging."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ...auth.login import permission_required
from ...directory.states import state_options
from ...page_text import query_link
from ..dates import today
from ..errors import CaseError
from ..listing import DEFAULT_SORT, SORT_COLUMNS, CaseFilters, list_cases
from .assignee_picker import assignee_from_args, assignee_text
from .blueprint import bp
from .filter_options import filter_options
from .list_rows import list_rows
from .outcome import flash_errors


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _filters_from_args() -> CaseFilters:
    overdue = request.args.get("overdue")
    sort = request.args.get("sort", DEFAULT_SORT)
    return CaseFilters(
        status=request.args.get("status") or None,
        direction=request.args.get("direction") or None,
        country=(request.args.get("country") or "").strip().upper() or None,
        kind=request.args.get("kind") or None,
        assigned_to=assignee_from_args(),
        overdue=True if overdue in ("1", "true", "on") else None,
        q=(request.args.get("q") or "").strip() or None,
        sort=sort if sort.lstrip("-") in SORT_COLUMNS else DEFAULT_SORT,
        page=max(1, _int_arg("page") or 1),
        per_page=min(200, max(1, _int_arg("per_page") or 25)),
        cursor=request.args.get("cursor") or None,
    )


@bp.route("/")
@permission_required("case.read")
def index() -> str:
    filters = _filters_from_args()
    try:
        page = list_cases(current_user, filters, as_rows=True)
    except CaseError as error:
        flash_errors(error)
        filters = CaseFilters()
        page = list_cases(current_user, filters, as_rows=True)
    args = {k: v for k, v in request.args.items() if k not in ("page", "cursor") and v}
    link = query_link("cases.index")  # one url_for for the page's sort and page links

    def page_url(number: int, cursor: str | None = None) -> str:
        """Page `number`: by its cursor (the next page), or by its number (OFFSET)."""
        if cursor:
            return link({**args, "page": number, "cursor": cursor})
        return link({**args, "page": number})

    def sort_url(key: str) -> str:
        current = filters.sort
        target = f"-{key}" if current == key else key
        return link({**args, "sort": target})

    day = today()
    return render_template(
        "cases/list.html",
        page=page,
        rows=list_rows(page.items, day),
        filters=filters,
        page_url=page_url,
        sort_url=sort_url,
        assignee_text=assignee_text(filters.assigned_to),
        state_options=state_options,
        filter_options=filter_options,
        today=day,
    )
