"""Pages of the council meetings: the list (the nominees still waiting for a vote first), a new meeting, and a
meeting's page with its agenda, attendance and quorum, a ballot per nominee, the results and closing. A council
member present at the meeting casts their own open votes from its page.

Each form posts to its own view, which redirects on success (PRG) and shows the page again with what was
typed and the reason on failure."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.council import meetings as services
from awards.council.meeting_forms import (
    AGREE,
    DISAGREE,
    AgendaAddForm,
    AttendanceForm,
    MeetingForm,
    NamedBallotForm,
    SecretBallotForm,
    StandingAppraisalForm,
    WrittenOpinionForm,
)
from awards.council.selectors import AgendaItem, meeting_agenda, meeting_items_waiting, meeting_list
from awards.council.services import council_default
from awards.models import CouncilMember, Meeting, Nomination, VotingRule
from awards.scopes import meetings_visible_to
from kernel.reauth import recent_password_required
from kernel.types import AuthenticatedHttpRequest


@login_required
@permission_required("awards.view_meeting", raise_exception=True)
@require_GET
def meeting_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "awards/meetings/list.html",
        {"waiting": meeting_items_waiting(user=request.user), "meetings": meeting_list(user=request.user)},
    )


@login_required
@permission_required("awards.add_meeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    council = council_default()
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if council is None:
                raise services.MeetingRefused(_("Enter the council and its composition first."))
            meeting = services.meeting_create(
                actor=request.user,
                council=council,
                date=data["date"],
                place=data["place"],
                title=data["title"],
                dossiers=list(data["dossiers"]),
            )
        except services.MeetingRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect("awards:meeting-detail", pk=meeting.pk)
    return render(request, "awards/meetings/form.html", {"form": form, "council": council})


def meeting_for_user(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    visible = meetings_visible_to(user=request.user).select_related("council", "composition__document")
    return get_object_or_404(visible, pk=pk)


def _ballot_form(item: AgendaItem, present_members, data=None):
    """The form to record the ballot on `item`, or to correct it (with a reason) once recorded. In an open vote,
    the votes members cast themselves from the portal are shown and locked."""
    prefix = f"n{item.nomination.pk}"
    ballot = item.ballot
    correcting = ballot is not None
    if item.rule is not None and item.rule.ballot == VotingRule.Ballot.NAMED:
        if ballot is not None:
            votes = {v.member_id: v.agrees for v in ballot.named_votes.all()}
        else:  # the votes members have already cast from the portal
            votes = item.member_votes
        initial = {f"member_{member_id}": AGREE if agrees else DISAGREE for member_id, agrees in votes.items()}
        return NamedBallotForm(
            data,
            members=present_members,
            cast=item.member_votes,
            correcting=correcting,
            prefix=prefix,
            initial=initial,
        )
    initial = {"votes_for": ballot.votes_for, "votes_against": ballot.votes_against} if ballot else {}
    return SecretBallotForm(data, correcting=correcting, prefix=prefix, initial=initial)


@dataclass(frozen=True)
class MyVote:
    """An open-ballot nominee the logged-in member may vote on, with their current vote (None: not yet)."""

    item: AgendaItem
    agrees: bool | None
    conflict: bool


def _my_votes(
    request: AuthenticatedHttpRequest, meeting: Meeting, me: CouncilMember | None, present_ids, quorum, items
) -> list[MyVote]:
    """The open-ballot nominees without a ballot, for a member present at an open meeting with a quorum:
    those still waiting for their vote first, then those they have voted on."""
    if not (
        me is not None
        and me.pk in present_ids
        and quorum.may_vote
        and meeting.status == Meeting.Status.PLANNED
        and request.user.has_perm("awards.add_membervote")
    ):
        return []
    rows = [
        MyVote(item, item.member_votes.get(me.pk), me in item.conflicts)
        for item in items
        if item.ballot is None
        and not item.standing_body
        and item.rule is not None
        and item.rule.ballot == VotingRule.Ballot.NAMED
    ]
    return sorted(rows, key=lambda row: row.agrees is not None)  # stable: agenda order within each group


def _written_opinion_forms(meeting: Meeting, members, present_ids, items, bound_opinion) -> list:
    """(member, form) for each absent member, over the nominees still to be voted on by the council."""
    open_items = [i.nomination for i in items if not i.standing_body and i.ballot is None]
    forms = []
    for member in members:
        if member.pk in present_ids:
            continue
        if bound_opinion and bound_opinion[0] == member.pk:
            forms.append((member, bound_opinion[1]))
            continue
        current = {i.nomination.pk: i.written[member.pk].agrees for i in items if member.pk in i.written}
        dates = [i.written[member.pk].document_date for i in items if member.pk in i.written]
        initial = {"document_date": max(dates)} if dates else {}
        form = WrittenOpinionForm(nominations=open_items, current=current, prefix=f"w{member.pk}", initial=initial)
        forms.append((member, form))
    return forms if open_items else []


def meeting_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    *,
    attendance_form=None,
    bound_ballot=None,
    agenda_form=None,
    bound_appraisal=None,
    bound_opinion=None,
) -> HttpResponse:
    """The meeting's page; `attendance_form`, `bound_ballot`, `bound_appraisal` (nomination id, form) or
    `bound_opinion` (member id, form) carry what was typed."""
    members = list(meeting.composition.members.select_related("unit").order_by("position"))
    present_ids = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    present_members = [m for m in members if m.pk in present_ids]
    quorum = services.meeting_quorum(meeting=meeting)
    items = meeting_agenda(meeting=meeting, members=len(members))
    editable = meeting.status == Meeting.Status.PLANNED and request.user.has_perm("awards.change_meeting")
    rows = []
    for item in items:
        form = None
        if item.standing_body:  # the standing body appraises it: no ballot (the council rules in force)
            if bound_appraisal and bound_appraisal[0] == item.nomination.pk:
                form = bound_appraisal[1]
            elif editable:
                initial = {"result": AGREE if item.appraisal.agrees else DISAGREE} if item.appraisal else {}
                if item.appraisal:
                    initial["remark"] = item.appraisal.remark
                form = StandingAppraisalForm(prefix=f"a{item.nomination.pk}", initial=initial)
        elif bound_ballot and bound_ballot[0] == item.nomination.pk:
            form = bound_ballot[1]  # what was typed, with the reason it was refused
        elif editable and quorum.may_vote and item.rule is not None:
            form = _ballot_form(item, present_members)
            if isinstance(form, NamedBallotForm) and form.all_cast:
                form = None  # every member present voted themself: nothing for the secretary to enter
        rows.append((item, form))
    if editable and attendance_form is None:
        attendance_form = AttendanceForm(meeting=meeting, initial={"present": sorted(present_ids)})
    me = next((m for m in members if request.user.pk is not None and m.user_id == request.user.pk), None)
    rules = quorum.rules
    takes_opinions = rules is not None and rules.takes_written_opinions and meeting.attendance.exists()
    opinion_forms = (
        _written_opinion_forms(meeting, members, present_ids, items, bound_opinion)
        if editable and takes_opinions
        else []
    )
    return render(
        request,
        "awards/meetings/detail.html",
        {
            "meeting": meeting,
            "members": members,
            "present_ids": present_ids,
            "attendance_taken": meeting.attendance.exists(),
            "quorum": quorum,
            "rows": rows,
            "voted": sum(1 for item in items if item.ballot or item.appraisal),
            "editable": editable,
            "attendance_form": attendance_form,
            "me": me,
            "my_votes": _my_votes(request, meeting, me, present_ids, quorum, items),
            "agenda_form": agenda_form or (AgendaAddForm() if editable else None),
            "rules": rules,
            "takes_opinions": takes_opinions,
            "opinion_forms": opinion_forms,
            "written_count": sum(len(item.written) for item in items),
            "standing_members": [m for m in members if m.standing_body],
        },
        status=400 if agenda_form is not None and agenda_form.errors else 200,
    )


@login_required
@permission_required("awards.view_meeting", raise_exception=True)
@require_GET
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return meeting_page(request, meeting_for_user(request, pk))


@login_required
@permission_required("awards.change_meeting", raise_exception=True)
@require_POST
def meeting_agenda_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Dossiers sent to the council after the meeting was planned join its agenda."""
    meeting = meeting_for_user(request, pk)
    form = AgendaAddForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_agenda_add(actor=request.user, meeting=meeting, dossiers=form.cleaned_data["dossiers"])
        except services.MeetingRefused as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("The dossiers are on the agenda."))
            return redirect("awards:meeting-detail", pk=meeting.pk)
    return meeting_page(request, meeting, agenda_form=form)


@login_required
@permission_required("awards.change_meeting", raise_exception=True)
@require_POST
def meeting_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            quorum = services.meeting_attendance_set(
                actor=request.user, meeting=meeting, present_member_ids={m.pk for m in form.cleaned_data["present"]}
            )
        except services.MeetingRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            text = _("Attendance recorded: %(present)s of %(members)s members present, %(required)s needed.") % {
                "present": quorum.present,
                "members": quorum.members,
                "required": quorum.required,
            }
            (messages.success if quorum.reached else messages.warning)(request, text)
            return redirect("awards:meeting-detail", pk=meeting.pk)
    return meeting_page(request, meeting, attendance_form=form)


def _ballot_post(request: AuthenticatedHttpRequest, pk: int, nomination_pk: int, *, correcting: bool) -> HttpResponse:
    """Record (or correct) the ballot on one nominee from the agenda's form; the page again on failure."""
    meeting = meeting_for_user(request, pk)
    nomination = get_object_or_404(Nomination, pk=nomination_pk, dossier__meetings=meeting)
    members = list(meeting.composition.members.order_by("position"))
    present_ids = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    item = next(i for i in meeting_agenda(meeting=meeting, members=len(members)) if i.nomination.pk == nomination.pk)
    if correcting != (item.ballot is not None):
        if correcting:
            text = _("No ballot is recorded on this nominee yet: record it first.")
        else:
            text = _("The ballot on this nominee is already recorded: correct it, giving the reason, instead.")
        messages.error(request, f"{nomination.recipient_name}: {text}")
        return redirect(reverse("awards:meeting-detail", args=[meeting.pk]) + f"#n{nomination.pk}")
    form = _ballot_form(item, [m for m in members if m.pk in present_ids], data=request.POST)
    if form.is_valid():
        try:
            if correcting:
                ballot = services.ballot_correct(
                    actor=request.user, meeting=meeting, nomination=nomination, reason=form.reason(), **form.counts()
                )
            else:
                ballot = services.ballot_record(
                    actor=request.user, meeting=meeting, nomination=nomination, **form.counts()
                )
        except services.MeetingRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            done = _("The ballot was corrected.") if correcting else _("The ballot was recorded.")
            messages.success(request, f"{nomination.recipient_name}: {done} {ballot.explanation}")
            return redirect("awards:meeting-detail", pk=meeting.pk)
    return meeting_page(request, meeting, bound_ballot=(nomination.pk, form))


@login_required
@permission_required("awards.change_meeting", raise_exception=True)
@require_POST
def meeting_ballot(request: AuthenticatedHttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    """The first recording of the ballot on a nominee."""
    return _ballot_post(request, pk, nomination_pk, correcting=False)


@login_required
@permission_required("awards.change_meeting", raise_exception=True)
@recent_password_required
@require_POST
def meeting_ballot_correct(request: AuthenticatedHttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    """Correcting a recorded ballot while the meeting is open: a reason and a recent password are required."""
    return _ballot_post(request, pk, nomination_pk, correcting=True)


@login_required
@permission_required("awards.add_membervote", raise_exception=True)
@require_POST
def meeting_vote(request: AuthenticatedHttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    """A council member casts or changes their own vote on an open-ballot nominee (never for someone else)."""
    meeting = meeting_for_user(request, pk)
    nomination = get_object_or_404(Nomination, pk=nomination_pk, dossier__meetings=meeting)
    choice = request.POST.get("vote")
    try:
        if choice not in (AGREE, DISAGREE):
            raise services.MeetingRefused(_("Choose whether you agree or disagree."))
        cast = services.member_vote_cast(
            actor=request.user, meeting=meeting, nomination=nomination, agrees=choice == AGREE
        )
    except services.MeetingRefused as error:
        messages.error(request, f"{nomination.recipient_name}: {' '.join(error.messages)}")
    else:
        ballot = cast.ballot
        if not cast.changed:
            text = (
                _("Your vote was already recorded as such: you agree.")
                if choice == AGREE
                else _("Your vote was already recorded as such: you disagree.")
            )
            messages.info(request, f"{nomination.recipient_name}: {text}")
        else:
            text = (
                _("Your vote is recorded: you agree.") if choice == AGREE else _("Your vote is recorded: you disagree.")
            )
            messages.success(request, f"{nomination.recipient_name}: {text}")
        if ballot is not None:
            messages.info(request, f"{nomination.recipient_name}: {ballot.explanation}")
    return redirect(reverse("awards:meeting-detail", args=[meeting.pk]) + "#my-votes")


@login_required
@permission_required("awards.change_meeting", raise_exception=True)
@recent_password_required
@require_POST
def meeting_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request, pk)
    try:
        services.meeting_close(actor=request.user, meeting=meeting)
    except services.MeetingRefused as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is closed: every nominee has its result."))
    return redirect("awards:meeting-detail", pk=meeting.pk)
