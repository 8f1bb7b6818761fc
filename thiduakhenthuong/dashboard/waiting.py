"""What waits for the signed-in person, by role: a few counts, each with the list that shows those items.

- a unit clerk: their unit's dossiers returned to fix, and those being prepared, not submitted yet;
- secretariat staff: dossiers to receive, to vet, to put before the council (or decide), to decide or forward
  after the council; draft decisions to issue; meetings to hold and close;
- a council member: open-ballot nominees waiting for their own vote, and the meetings they are on;
- a leader: draft decisions, i.e. prepared and not yet signed (the portal has no signing or approval step of its
  own: staff issue a decision once it is signed), and dossiers the council has reviewed, waiting for a decision.

- secretariat staff also: public consultations taking feedback, those whose window is over (to close with their
  outcome), and citizens' feedback still to answer (one query for the three).

A constant number of queries whatever the data: one grouped count per kind of object, and the council's waiting
list (awards.council.selectors.meeting_items_waiting, itself constant)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.council.selectors import meeting_items_waiting
from awards.models import Consultation, Decision, Dossier, Meeting
from awards.scopes import consultations_visible_to, decisions_visible_to, dossiers_visible_to, meetings_visible_to
from clusters.selectors import unit_of
from kernel.roles import is_secretariat
from kernel.types import Viewer

S = Dossier.Status


@dataclass(frozen=True)
class WaitingItem:
    label: str  # what waits, and what is to be done with it
    count: int
    url: str  # the list of those items


def waiting_for(*, user: Viewer) -> list[WaitingItem]:
    """What waits for `user`, in the order of their work; empty for a role that waits for nothing."""
    items: list[WaitingItem] = []
    clerk = unit_of(user) is not None
    if clerk and user.has_perm("awards.view_dossier"):
        items += _clerk(user)
    if not clerk and is_secretariat(user):
        items += _secretariat(user)
    elif not clerk and user.has_perm("awards.view_decision"):
        items += _leader(user)
    if user.has_perm("awards.add_membervote"):
        items += _council_member(user)
    return items


def _dossiers_url(status: str) -> str:
    return reverse("awards:dossier-list") + "?" + urlencode({"status": status})


def _dossier_items(user: Viewer, wanted: list[tuple[str, str]]) -> list[WaitingItem]:
    """(status, label) → the count of the user's dossiers in each status, in one query, linked to their list."""
    rows = dossiers_visible_to(user=user).filter(status__in=[status for status, _label in wanted]).order_by()
    counts = dict(rows.values_list("status").annotate(n=Count("*")).values_list("status", "n"))
    return [WaitingItem(label, counts.get(status, 0), _dossiers_url(status)) for status, label in wanted]


def _drafts(user: Viewer, label: str) -> WaitingItem:
    drafts = decisions_visible_to(user=user).filter(status=Decision.Status.DRAFT).count()
    return WaitingItem(label, drafts, reverse("awards:decision-list") + "?" + urlencode({"status": "draft"}))


def _clerk(user: Viewer) -> list[WaitingItem]:
    return _dossier_items(
        user,
        [
            (S.RETURNED, _("Dossiers returned to your unit, to fix and submit again")),
            (S.DRAFT, _("Dossiers being prepared, not submitted yet")),
        ],
    )


def _secretariat(user: Viewer) -> list[WaitingItem]:
    meetings = meetings_visible_to(user=user).filter(status=Meeting.Status.PLANNED).count()
    return [
        *_dossier_items(
            user,
            [
                (S.SUBMITTED, _("Dossiers submitted, to receive")),
                (S.RECEIVED, _("Dossiers received, to vet")),
                (S.VETTED, _("Dossiers vetted, to put before the council or decide")),
                (S.REVIEWED, _("Dossiers reviewed by the council, to decide or forward")),
            ],
        ),
        _drafts(user, _("Draft decisions, to issue once signed")),
        WaitingItem(_("Council meetings to hold and close"), meetings, reverse("awards:meeting-list")),
        *_consultations(user),
    ]


def _consultations(user: Viewer) -> list[WaitingItem]:
    """Consultations taking feedback, those whose window is over and not closed, and feedback to answer."""
    if not user.has_perm("awards.view_consultation"):
        return []
    today, is_open = timezone.localdate(), Q(status=Consultation.Status.OPEN)
    counts = consultations_visible_to(user=user).aggregate(
        running=Count("pk", filter=is_open & Q(end_date__gte=today), distinct=True),
        over=Count("pk", filter=is_open & Q(end_date__lt=today), distinct=True),
        unanswered=Count("feedback", filter=Q(feedback__answered_at__isnull=True)),
    )
    url = reverse("awards:consultation-list")
    return [
        WaitingItem(_("Public consultations taking feedback"), counts["running"], url),
        WaitingItem(_("Public consultations whose window is over, to close with their outcome"), counts["over"], url),
        WaitingItem(_("Feedback from citizens, to answer"), counts["unanswered"], url),
    ]


def _leader(user: Viewer) -> list[WaitingItem]:
    items = [_drafts(user, _("Draft decisions prepared, awaiting signature"))]
    if user.has_perm("awards.view_dossier"):
        items += _dossier_items(user, [(S.REVIEWED, _("Dossiers reviewed by the council, awaiting a decision"))])
    return items


def _council_member(user: Viewer) -> list[WaitingItem]:
    waiting = meeting_items_waiting(user=user)
    url = reverse("awards:meeting-list")
    return [
        WaitingItem(_("Nominees waiting for your vote"), sum(1 for item in waiting if item.mine), url),
        WaitingItem(_("Open meetings with nominees still to vote on"), len({item.meeting.pk for item in waiting}), url),
    ]
