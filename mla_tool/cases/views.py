"""Pages of the case tracker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from ..auth.login import permission_required
from ..auth.models import User
from ..directory.states import state_name, state_options
from ..extensions import db
from ..i18n import Phrase
from . import service, stats, workflow
from .authority import colleague_by_id, holding_authority_clause
from .forms import (
    CHANNEL_LABELS,
    CONSULTATION_LABELS,
    DEADLINE_LABELS,
    DIRECTION_LABELS,
    EVENT_LABELS,
    KIND_LABELS,
    MEMBER_ROLE_LABELS,
    STATUS_LABELS,
    WAY_LABELS,
    AssignForm,
    CaseForm,
    ConsultationForm,
    CorrespondenceForm,
    DeadlineForm,
    EmptyForm,
    InfoRequestForm,
    MemberForm,
    NoteForm,
    TransitionForm,
)
from .models import CASE_KINDS, DIRECTIONS, Deadline

bp = Blueprint("cases", __name__, url_prefix="/cases")


def _translated(name: str, labels: dict[str, Any]) -> dict[str, str]:
    """Labels translated once per request: lists show them on every row."""
    key = f"case_labels_{name}"
    cached = g.get(key)
    if cached is None:
        cached = {code: str(label) for code, label in labels.items()}
        setattr(g, key, cached)
    return cached


@bp.app_context_processor
def case_labels() -> dict[str, Any]:
    return {
        "status_label": lambda s: _translated("status", STATUS_LABELS).get(s, s),
        "kind_label": lambda k: _translated("kind", KIND_LABELS).get(k, k),
        "direction_label": lambda d: _translated("direction", DIRECTION_LABELS).get(d, d),
        "said_note": lambda event: service.said_note(event, _),
    }


#: Why the workflow refused a status change, in words a user reads (the API keeps its codes).
TRANSITION_REFUSALS = {
    "illegal_transition": _l("This case cannot go from “%(from)s” to “%(to)s”."),
    "role_not_allowed": _l("Your role may not move this case from “%(from)s” to “%(to)s”."),
    "reason_required": _l("Moving the case to “%(to)s” needs a reason: write it in the note."),
}
#: Names of the fields the case service reports on, where no form label is at hand.
FIELD_LABELS = {
    "title": _l("Title"),
    "reference": _l("Reference"),
    "counterpart_state": _l("Other state"),
    "on": _l("Date"),
    "respond_by": _l("Reply expected by"),
    "due_on": _l("Due date"),
    "summary": _l("Summary"),
    "note": _l("Note"),
    "label": _l("Label"),
    "remind_days": _l("Remind days before (comma-separated)"),
    "assigned_to": _l("Assign to"),
    "user_id": _l("User"),
}


def _said(text: Any) -> str:
    """A message of the service in the interface language (a Phrase with its parameters)."""
    return text.translated(_) if isinstance(text, Phrase) else _(str(text))


def _flash_errors(error: service.CaseError) -> None:
    refusal = TRANSITION_REFUSALS.get(getattr(error, "code", ""))
    if refusal is not None and getattr(error, "to_status", None):
        label = _translated("status", STATUS_LABELS)
        flash(
            str(refusal)
            % {
                "from": label.get(error.from_status, error.from_status),
                "to": label.get(error.to_status, error.to_status),
            },
            "error",
        )
        return
    detail = "; ".join(f"{FIELD_LABELS.get(k, k)}: {_said(v)}" for k, v in error.fields.items())
    flash(_said(error.message) + (f" ({detail})" if detail else ""), "error")


def _form_errors(form: Any) -> None:
    for name, messages in form.errors.items():
        label = getattr(getattr(form, name, None), "label", None)
        flash(f"{label.text if label else name}: {'; '.join(map(str, messages))}", "error")


def _back(case_id: int, anchor: str = "") -> BaseResponse:
    return redirect(url_for("cases.show", case_id=case_id) + (f"#{anchor}" if anchor else ""))


def _case_or_404(case_id: int) -> Any:
    return service.get_case_for(current_user, case_id)


def _require(permission: str) -> None:
    if not current_user.may(permission):
        abort(403)


# ---------------------------------------------------------------------------------------------
# List


def _consultation_form(case: Any) -> ConsultationForm:
    """The consultation form with the article of the case's kind chosen: art. 16(16) before
    refusing extradition, art. 18(26) before refusing or postponing assistance."""
    form = ConsultationForm()
    if not form.is_submitted():
        extradition = case.kind in ("extradition", "provisional_arrest")
        form.basis.data = "untoc_16_16" if extradition else "untoc_18_26"
    return form


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _filters_from_args() -> service.CaseFilters:
    overdue = request.args.get("overdue")
    sort = request.args.get("sort", service.DEFAULT_SORT)
    return service.CaseFilters(
        status=request.args.get("status") or None,
        direction=request.args.get("direction") or None,
        country=(request.args.get("country") or "").strip().upper() or None,
        kind=request.args.get("kind") or None,
        assigned_to=_int_arg("assigned_to"),
        overdue=True if overdue in ("1", "true", "on") else None,
        q=(request.args.get("q") or "").strip() or None,
        sort=sort if sort.lstrip("-") in service.SORT_COLUMNS else service.DEFAULT_SORT,
        page=max(1, _int_arg("page") or 1),
        per_page=min(200, max(1, _int_arg("per_page") or 25)),
    )


@bp.route("/")
@permission_required("case.read")
def index() -> str:
    filters = _filters_from_args()
    try:
        page = service.list_cases(current_user, filters)
    except service.CaseError as error:
        _flash_errors(error)
        filters = service.CaseFilters()
        page = service.list_cases(current_user, filters)
    people = {
        user_id: user.display_name or user.email
        for user_id, user in service.users_by_id(c.assigned_to for c in page.items).items()
    }
    args = {k: v for k, v in request.args.items() if k != "page" and v}

    def page_url(number: int) -> str:
        return url_for("cases.index", **args, page=number)

    def sort_url(key: str) -> str:
        current = filters.sort
        target = f"-{key}" if current == key else key
        return url_for("cases.index", **{**args, "sort": target})

    return render_template(
        "cases/list.html",
        page=page,
        filters=filters,
        people=people,
        page_url=page_url,
        sort_url=sort_url,
        statuses=workflow.STATUSES,
        kinds=CASE_KINDS,
        directions=DIRECTIONS,
        assignees=_assignee_choices(),
        state_options=state_options,
        today=service.today(),
    )


def _assignee_choices() -> list[User]:
    """Colleagues a new case can be given to: the authority of the user who opens it."""
    query = select(User).where(User.active.is_(True), User.role.in_(service.ASSIGNABLE_ROLES))
    if current_user.country_iso3:
        query = query.where(User.country_iso3 == current_user.country_iso3)
    if current_user.authority_id is not None:
        query = query.where(User.authority_id == current_user.authority_id)
    return list(db.session.execute(query.order_by(User.display_name).limit(500)).scalars())


# ---------------------------------------------------------------------------------------------
# Open / register


@bp.route("/new", methods=["GET", "POST"])
@permission_required("case.create")
def new() -> str | BaseResponse:
    direction = request.values.get("direction", "outgoing")
    if direction not in DIRECTIONS:
        abort(404)
    if direction == "incoming":
        _require("case.register_incoming")
    form = CaseForm(direction=direction)
    form.fill_choices(str(get_locale() or "en"))
    people = _assignee_choices()
    form.assigned_to.choices = [("", _("— not yet —"))] + [
        (str(u.id), u.display_name or u.email) for u in people
    ]
    if form.validate_on_submit():
        try:
            case = service.open_case(
                direction=direction,
                kind=form.kind.data,
                counterpart_state=form.counterpart_state.data,
                title=form.title.data,
                actor=current_user,
                reference=form.reference.data,
                due_date=form.due_date.data,
                confidential=form.confidential.data,
            )
            if direction == "incoming":
                service.record_correspondence(
                    case,
                    current_user,
                    way="received",
                    channel=form.channel.data or "central_authority",
                    on=form.received_on.data or service.today(),
                    summary=_("Request received and registered."),
                )
            chosen = form.assigned_to.data
            if chosen:
                assignee = colleague_by_id(case, chosen)
                if assignee is None:
                    raise service.CaseError(_("No such user."), {"assigned_to": "unknown"})
                service.assign(case, assignee, current_user)
        except service.CaseError as error:
            db.session.rollback()
            _flash_errors(error)
        else:
            db.session.commit()
            flash(_("Case opened."), "success")
            return _back(case.id)
    elif request.method == "POST":
        _form_errors(form)
    return render_template("cases/new.html", form=form, direction=direction)


# ---------------------------------------------------------------------------------------------
# Case page


def _countdown(deadline: Deadline, on: date) -> dict[str, Any]:
    days = (deadline.due_on - on).days
    state = "done" if deadline.done else ("overdue" if days < 0 else "soon" if days <= 7 else "ok")
    return {"deadline": deadline, "days": days, "state": state}


@bp.route("/<int:case_id>")
@permission_required("case.read")
def show(case_id: int) -> str:
    case = _case_or_404(case_id)
    service.record_confidential_view(current_user, case)
    db.session.commit()
    members = service.members_of(case)
    events = service.events_of(case)
    people = service.users_by_id([e.actor_id for e in events] + [case.assigned_to])
    on = service.today()
    rules = {
        t.to_status: t
        for t in workflow.transitions_from(case.direction, case.status)
        if current_user.role in t.roles
    }
    assign_form = AssignForm()
    assign_form.assigned_to.choices = [("", _("— nobody —"))] + [
        (str(u.id), u.display_name or u.email) for u in service.assignable_users(case)
    ]
    assign_form.assigned_to.data = str(case.assigned_to or "")
    return render_template(
        "cases/show.html",
        case=case,
        members=members,
        events=events,
        consulted=any(e.type == "consultation" for e in events),
        people=people,
        member_role_labels=MEMBER_ROLE_LABELS,
        transitions=rules,
        review_comments=service.labelled_review_comments(case),
        review_fields=service.review_fields(case),
        deadlines=[_countdown(d, on) for d in service.deadlines_of(case)],
        deadline_labels=DEADLINE_LABELS,
        channel_labels=CHANNEL_LABELS,
        consultation_labels=CONSULTATION_LABELS,
        way_labels=WAY_LABELS,
        event_labels=EVENT_LABELS,
        overdue=service.is_overdue(case, on),
        title_visible=True,
        counterpart_name=state_name(case.counterpart_state, str(get_locale() or "en")),
        can_write=current_user.may("case.write"),
        can_manage=current_user.may("case.supervise"),
        request_ids=service.request_ids(case),
        transition_form=TransitionForm(),
        note_form=NoteForm(),
        correspondence_form=CorrespondenceForm(),
        consultation_form=_consultation_form(case),
        info_form=InfoRequestForm(),
        deadline_form=DeadlineForm(),
        member_form=MemberForm(),
        member_choices=_member_choices(case, members),
        assign_form=assign_form,
        empty_form=EmptyForm(),
    )


def _member_choices(case: Any, members: list[Any]) -> list[User]:
    present = {user.id for _, user in members}
    query = select(User).where(
        User.active.is_(True),
        User.role.in_(("prosecutor", "caseworker")),
        holding_authority_clause(case),
    )
    users = db.session.execute(query.order_by(User.display_name).limit(500)).scalars()
    return [u for u in users if u.id not in present]


def _post_action(
    case_id: int,
    permission: str,
    form_class: type,
    action: Callable[[Any, Any], Any],
    success: str,
    anchor: str,
) -> BaseResponse:
    """Shared shape of the case-page forms: 404 unless visible, 403 unless allowed, validate,
    call the service, commit or roll back and flash the outcome."""
    case = _case_or_404(case_id)
    _require(permission)
    form = form_class()
    if not form.validate_on_submit():
        _form_errors(form)
        return _back(case.id, anchor)
    try:
        action(case, form)
    except service.CaseError as error:
        db.session.rollback()
        _flash_errors(error)
    else:
        db.session.commit()
        flash(success, "success")
    return _back(case.id, anchor)


#: How many (field, comment) rows the return form offers.
COMMENT_ROWS = 4


def _comment_rows(form: Any) -> dict[str, str]:
    """The field comments chosen in the rows of the return form: field -> comment."""
    comments: dict[str, str] = {}
    for number in range(1, COMMENT_ROWS + 1):
        field = (request.form.get(f"comment_field_{number}") or "").strip()
        text = (request.form.get(f"comment_text_{number}") or "").strip()
        if text and not field:
            raise service.TransitionError(
                "invalid_field_comments",
                _("Choose the field each comment is about."),
                {"field_comments": text[:80]},
            )
        if field and text:
            comments[field] = text
    return comments


def _parse_field_comments(text: str | None) -> dict[str, str]:
    comments: dict[str, str] = {}
    for line in (text or "").splitlines():
        field, sep, comment = line.partition(":")
        if not line.strip():
            continue
        if not sep or not field.strip() or not comment.strip():
            raise service.TransitionError(
                "invalid_field_comments",
                _("Write each field comment as “field: comment”."),
                {"field_comments": line.strip()[:80]},
            )
        comments[field.strip()] = comment.strip()
    return comments


@bp.route("/<int:case_id>/transition", methods=["POST"])
@permission_required("case.read")
def transition(case_id: int) -> Any:
    def act(case: Any, form: TransitionForm) -> None:
        comments = {**_parse_field_comments(form.field_comments.data), **_comment_rows(form)}
        details = {"field_comments": comments} if comments else None
        # the status the page showed: a move made meanwhile by someone else is not built upon
        seen = request.form.get("from_status") or None
        try:
            service.transition(
                case,
                form.to.data,
                current_user,
                note=form.note.data,
                details=details,
                expected_status=seen,
            )
        except service.TransitionError as error:
            if error.code == "status_changed":
                raise StatusChanged() from error
            raise

    try:
        return _post_action(
            case_id, "case.read", TransitionForm, act, _("Status changed."), "timeline"
        )
    except StatusChanged:
        db.session.rollback()
        case = _case_or_404(case_id)
        flash(
            _(
                "While you had this page open, someone else moved the case to “%(now)s”: "
                "nothing was changed. Check its current status below and choose again.",
                now=_translated("status", STATUS_LABELS).get(case.status, case.status),
            ),
            "error",
        )
        return show(case_id), 409


class StatusChanged(Exception):
    """The case's status is no longer the one the page showed."""


@bp.route("/<int:case_id>/notes", methods=["POST"])
@permission_required("case.read")
def add_note(case_id: int) -> BaseResponse:
    return _post_action(
        case_id,
        "case.write",
        NoteForm,
        lambda case, form: service.add_event(case, "note", current_user, note=form.note.data),
        _("Note added."),
        "timeline",
    )


@bp.route("/<int:case_id>/correspondence", methods=["POST"])
@permission_required("case.read")
def add_correspondence(case_id: int) -> BaseResponse:
    return _post_action(
        case_id,
        "case.write",
        CorrespondenceForm,
        lambda case, form: service.record_correspondence(
            case,
            current_user,
            way=form.way.data,
            channel=form.channel.data,
            on=form.on.data,
            summary=form.summary.data,
        ),
        _("Correspondence recorded."),
        "timeline",
    )


@bp.route("/<int:case_id>/consultations", methods=["POST"])
@permission_required("case.read")
def add_consultation(case_id: int) -> BaseResponse:
    return _post_action(
        case_id,
        "case.write",
        ConsultationForm,
        lambda case, form: service.record_consultation(
            case,
            current_user,
            basis=form.basis.data,
            with_whom=form.with_whom.data,
            on=form.on.data,
            summary=form.summary.data,
        ),
        _("Consultation recorded."),
        "timeline",
    )


@bp.route("/<int:case_id>/info-requests", methods=["POST"])
@permission_required("case.read")
def add_info_request(case_id: int) -> BaseResponse:
    return _post_action(
        case_id,
        "case.write",
        InfoRequestForm,
        lambda case, form: service.record_info_request(
            case,
            current_user,
            way=form.way.data,
            on=form.on.data,
            summary=form.summary.data,
            respond_by=form.respond_by.data,
        ),
        _("Request for information recorded."),
        "timeline",
    )


def _remind_days(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").replace(" ", "").split(",") if part]


@bp.route("/<int:case_id>/deadlines", methods=["POST"])
@permission_required("case.read")
def add_deadline(case_id: int) -> BaseResponse:
    return _post_action(
        case_id,
        "case.write",
        DeadlineForm,
        lambda case, form: service.add_deadline(
            case,
            kind=form.kind.data,
            due_on=form.due_on.data,
            label=form.label.data or "",
            remind_days=_remind_days(form.remind_days.data),
            actor=current_user,
        ),
        _("Deadline added."),
        "deadlines",
    )


@bp.route("/<int:case_id>/deadlines/<int:deadline_id>/done", methods=["POST"])
@permission_required("case.read")
def complete_deadline(case_id: int, deadline_id: int) -> BaseResponse:
    def act(case: Any, form: Any) -> None:
        deadline = db.session.get(Deadline, deadline_id)
        if deadline is None or deadline.case_id != case.id:
            abort(404)
        service.complete_deadline(deadline, current_user)

    return _post_action(case_id, "case.write", EmptyForm, act, _("Deadline met."), "deadlines")


@bp.route("/<int:case_id>/assign", methods=["POST"])
@permission_required("case.read")
def assign(case_id: int) -> BaseResponse:
    def act(case: Any, form: AssignForm) -> None:
        chosen = form.assigned_to.data or ""
        assignee = colleague_by_id(case, chosen) if chosen else None
        if chosen and assignee is None:
            raise service.CaseError(_("No such user."), {"assigned_to": "unknown"})
        service.assign(case, assignee, current_user)

    return _post_action(case_id, "case.supervise", AssignForm, act, _("Case assigned."), "members")


@bp.route("/<int:case_id>/members", methods=["POST"])
@permission_required("case.read")
def add_member(case_id: int) -> BaseResponse:
    def act(case: Any, form: MemberForm) -> None:
        user = colleague_by_id(case, form.user_id.data)
        if user is None:
            raise service.CaseError(_("No such user."), {"user_id": "unknown"})
        service.add_member(case, user, form.role_in_case.data, current_user)

    return _post_action(case_id, "case.supervise", MemberForm, act, _("Member added."), "members")


@bp.route("/<int:case_id>/members/<int:user_id>/remove", methods=["POST"])
@permission_required("case.read")
def remove_member(case_id: int, user_id: int) -> BaseResponse:
    def act(case: Any, form: Any) -> None:
        user = db.session.get(User, user_id)
        if user is None:
            raise service.CaseError(_("No such user."), {"user_id": "unknown"})
        service.remove_member(case, user, current_user)

    return _post_action(case_id, "case.supervise", EmptyForm, act, _("Member removed."), "members")


# ---------------------------------------------------------------------------------------------
# Statistics


@bp.route("/stats")
@permission_required("stats.read")
def stats_page() -> str:
    data = stats.compute_stats(current_user)
    counts = data["counts"]
    language = str(get_locale() or "en")
    states = {code: state_name(code, language) for code in counts["by_counterpart_state"]}
    labelled = (
        (_("Cases by status"), "by_status", STATUS_LABELS),
        (_("Cases by kind"), "by_kind", KIND_LABELS),
        (_("Cases by direction"), "by_direction", DIRECTION_LABELS),
        (_("Cases by other state"), "by_counterpart_state", states),
        (_("Cases opened by month"), "by_month", {}),
    )
    charts = [
        (title, stats.bar_chart({str(labels.get(k, k)): v for k, v in counts[key].items()}))
        for title, key, labels in labelled
    ]
    duration_titles = {
        "transmission_to_execution": _("Days from transmission to execution (outgoing)"),
        "receipt_to_reply": _("Days from receipt to execution or refusal (incoming)"),
    }
    duration_charts = []
    for name, block in data["durations"].items():
        duration_charts.append(
            (
                duration_titles.get(name, name),
                block,
                stats.bar_chart(
                    {
                        state_name(k, language): v["median_days"]
                        for k, v in block["by_state"].items()
                    }
                ),
                stats.bar_chart(
                    {KIND_LABELS.get(k, k): v["median_days"] for k, v in block["by_kind"].items()}
                ),
            )
        )
    return render_template(
        "cases/stats.html", data=data, charts=charts, duration_charts=duration_charts
    )


@bp.route("/stats.csv")
@permission_required("stats.read")
def stats_csv() -> Response:
    body = stats.stats_csv(stats.compute_stats(current_user))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=case-statistics.csv"},
    )
