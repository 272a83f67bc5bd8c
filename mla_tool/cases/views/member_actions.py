"""Case-page forms that change who is on the case: assign it, add or remove a member."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ...auth.login import permission_required
from .. import membership
from ..forms import AssignForm, EmptyForm, MemberForm
from .blueprint import bp
from .case_actions import post_action


@bp.route("/<int:case_id>/assign", methods=["POST"])
@permission_required("case.read")
def assign(case_id: int) -> BaseResponse:
    def act(case: Any, form: AssignForm) -> None:
        chosen = form.assigned_to.data or ""
        assignee = membership.colleague_or_refuse(case, chosen, "assigned_to") if chosen else None
        membership.assign(case, assignee, current_user)

    return post_action(case_id, "case.supervise", AssignForm, act, _("Case assigned."), "members")


@bp.route("/<int:case_id>/members", methods=["POST"])
@permission_required("case.read")
def add_member(case_id: int) -> BaseResponse:
    def act(case: Any, form: MemberForm) -> None:
        user = membership.colleague_or_refuse(case, form.user_id.data, "user_id")
        membership.add_member(case, user, form.role_in_case.data, current_user)

    return post_action(case_id, "case.supervise", MemberForm, act, _("Member added."), "members")


@bp.route("/<int:case_id>/members/<int:user_id>/remove", methods=["POST"])
@permission_required("case.read")
def remove_member(case_id: int, user_id: int) -> BaseResponse:
    return post_action(
        case_id,
        "case.supervise",
        EmptyForm,
        lambda case, form: membership.remove_member(
            case, membership.user_or_refuse(user_id), current_user
        ),
        _("Member removed."),
        "members",
    )
