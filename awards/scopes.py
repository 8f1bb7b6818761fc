"""The one scope helper per model of awards: what a user may see. Every list and object view goes through
these, so scope is decided once; an object outside them is a 404."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from awards.models import Award, Consultation, CouncilMember, Decision, Dossier, Meeting
from clusters.selectors import unit_of
from kernel.types import Viewer


def decisions_visible_to(*, user: Viewer) -> QuerySet[Decision]:
    """The one scope helper for decisions. Provincial users who may view decisions (secretariat, leaders) see
    every one; a unit clerk sees the issued decisions awarding their unit; everyone else none."""
    if not (user.is_authenticated and user.has_perm("awards.view_decision")):
        return Decision.objects.none()
    unit_id = unit_of(user)
    if unit_id is None:
        return Decision.objects.all()
    naming_unit = Award.objects.filter(decision=OuterRef("pk"), unit_id=unit_id)
    return Decision.objects.filter(Exists(naming_unit), status=Decision.Status.ISSUED)


def dossiers_visible_to(*, user: Viewer) -> QuerySet[Dossier]:
    """The one scope helper for nomination dossiers. A unit clerk sees their unit's dossiers (drafts too);
    provincial users who may view dossiers (secretariat, leaders) see every dossier a unit has submitted, never
    another unit's draft; everyone else none."""
    if not (user.is_authenticated and user.has_perm("awards.view_dossier")):
        return Dossier.objects.none()
    unit_id = unit_of(user)
    if unit_id is not None:
        return Dossier.objects.filter(unit_id=unit_id)
    return Dossier.objects.exclude(status=Dossier.Status.DRAFT)


def meetings_visible_to(*, user: Viewer) -> QuerySet[Meeting]:
    """The one scope helper for meetings. Secretariat staff (who may change meetings) see every one; a council
    member sees the meetings of the compositions listing them; the province's leaders (who sign for the leader,
    the council's chair being the province's chair) also every closed meeting, whose minutes they sign; everyone
    else none."""
    if not (user.is_authenticated and user.has_perm("awards.view_meeting")):
        return Meeting.objects.none()
    if user.has_perm("awards.change_meeting"):
        return Meeting.objects.all()
    visible = Q(Exists(CouncilMember.objects.filter(composition=OuterRef("composition"), user=user)))
    if user.has_perm("reports.sign_leader"):
        visible |= Q(status=Meeting.Status.CLOSED)
    return Meeting.objects.filter(visible)


def consultations_visible_to(*, user: Viewer) -> QuerySet[Consultation]:
    """The one scope helper for public consultations in the staff portal. Provincial users who may view them
    (secretariat) see every one; a unit clerk, never given the permission, none (the public pages show the notices
    to everyone, through awards.consultations.selectors, never citizens' feedback)."""
    if not (user.is_authenticated and user.has_perm("awards.view_consultation")):
        return Consultation.objects.none()
    if unit_of(user) is not None:
        return Consultation.objects.none()
    return Consultation.objects.all()
