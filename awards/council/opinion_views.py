"""The meeting page's forms the council rules add (awards.council.opinions): an absent member's written
opinion, and the standing body's appraisal of a nominee whose award the rules leave to it. Each posts to its own
view, which redirects on success and shows the meeting's page again, with what was typed, on failure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.council.meeting_forms import AGREE, StandingAppraisalForm, WrittenOpinionForm
from awards.council.meeting_views import meeting_for_user, meeting_page
from awards.council.opinions import standing_appraisal_record, written_opinion_record
from awards.council.rules import MeetingRefused
from awards.council.selectors import meeting_agenda
from awards.models import Nomination
from kernel.types import AuthenticatedHttpRequest


@login_required
@permission_required("awards.change_meeting", raise_exception=True)
@require_POST
def meeting_appraisal(request: AuthenticatedHttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    """The secretary records the standing body's appraisal of one nominee."""
    meeting = meeting_for_user(request, pk)
    nomination = get_object_or_404(Nomination, pk=nomination_pk, dossier__meetings=meeting)
    form = StandingAppraisalForm(request.POST, prefix=f"a{nomination.pk}")
    if form.is_valid():
        try:
            appraisal = standing_appraisal_record(
                actor=request.user,
                meeting=meeting,
                nomination=nomination,
                agrees=form.cleaned_data["result"] == AGREE,
                remark=form.cleaned_data["remark"],
            )
        except MeetingRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"{nomination.recipient_name}: {appraisal.explanation}")
            return redirect(reverse("awards:meeting-detail", args=[meeting.pk]) + f"#n{nomination.pk}")
    return meeting_page(request, meeting, bound_appraisal=(nomination.pk, form))


@login_required
@permission_required("awards.change_meeting", raise_exception=True)
@require_POST
def meeting_written_opinion(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """The secretary records an absent member's written opinion on the nominees still to be voted on."""
    meeting = meeting_for_user(request, pk)
    member = get_object_or_404(meeting.composition.members, pk=member_pk)
    members = meeting.composition.members.count()
    open_items = [
        i.nomination for i in meeting_agenda(meeting=meeting, members=members) if not i.standing_body and not i.ballot
    ]
    form = WrittenOpinionForm(request.POST, nominations=open_items, prefix=f"w{member.pk}")
    if form.is_valid():
        try:
            written_opinion_record(
                actor=request.user,
                meeting=meeting,
                member=member,
                document_date=form.cleaned_data["document_date"],
                opinions=form.opinions(),
            )
        except MeetingRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The written opinion of %(name)s is recorded.") % {"name": member.full_name})
            return redirect(reverse("awards:meeting-detail", args=[meeting.pk]) + "#written-opinions")
    return meeting_page(request, meeting, bound_opinion=(member.pk, form))
