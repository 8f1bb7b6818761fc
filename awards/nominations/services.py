"""Writes for nomination dossiers: one transition table, one service per transition, each in a transaction
with its audit entry (who, when, before, after, reason).

    draft → submitted → received → vetted → at_meeting → reviewed → decided (or forwarded → decided)
    submitted, received or vetted → returned (with a reason) → submitted again
    vetted → decided directly when the kind of commendation skips the council (đột xuất)

A unit prepares and submits; the secretariat receives, returns with a reason, vets each nominee and sends the
dossier to a council meeting (issue #4: meetings, ballots and decisions from approved nominees build on this).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record
from awards.models import (
    AwardType,
    Ballot,
    CommendationKind,
    Decision,
    Dossier,
    DossierFile,
    Nomination,
    StandingAppraisal,
)
from awards.nominations.eligibility import nominations_eligibility
from awards.nominations.nominees import NomineeFields, nominee_errors, nominees_write
from awards.nominations.notices import dossier_notify
from awards.people.services import nominees_link_awards
from campaigns.models import Campaign
from clusters.models import Unit
from clusters.reorganisation import ended_units
from kernel.concurrency import version_bump
from kernel.lib.formatting import vn_date
from kernel.lib.symbols import format_symbol
from kernel.models import NoticeKind
from kernel.types import Actor

S = Dossier.Status
Errors = dict[str, list[str]]  # messages by field name
Reason = str | Callable[[Dossier], str]  # an audit entry's reason, or a function of the moved dossier giving it
Check = Callable[[Dossier], dict[str, object] | None]  # refuses a move, or gives fields written with it
DOSSIER_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.RECEIVED, S.RETURNED},
    S.RETURNED: {S.SUBMITTED},
    S.RECEIVED: {S.VETTED, S.RETURNED},
    S.VETTED: {S.AT_MEETING, S.DECIDED, S.RETURNED},
    S.AT_MEETING: {S.REVIEWED},
    S.REVIEWED: {S.DECIDED, S.FORWARDED},
    S.FORWARDED: {S.DECIDED},
    S.DECIDED: set(),
}
EDITABLE = {S.DRAFT, S.RETURNED}


@dataclass
class DossierFields:
    unit: Unit
    commendation_kind: CommendationKind
    year: int
    title: str
    campaign: Campaign | None = None


class DossierInvalid(ValidationError):
    """Errors by field (`fields`), by nominee row (`rows`: index → field → messages) and overall (`general`)."""

    def __init__(
        self, *, fields: Errors | None = None, rows: dict[int, Errors] | None = None, general: list[str] | None = None
    ) -> None:
        self.fields, self.rows, self.general = fields or {}, rows or {}, general or []
        messages = [m for ms in self.fields.values() for m in ms] + self.general
        messages += [m for row in self.rows.values() for ms in row.values() for m in ms]
        super().__init__(messages)


class DossierTransitionRefused(ValidationError):
    pass


def dossier_snapshot(dossier: Dossier) -> dict:
    return {
        "status": dossier.status,
        "title": dossier.title,
        "unit": dossier.unit_id,
        "year": dossier.year,
        "commendation_kind": dossier.commendation_kind_id,
        "campaign": dossier.campaign_id,
        "nominations": [
            {
                "name": n.recipient_name,
                "kind": n.recipient_kind,
                "award_type": n.award_type_id,
                "person": n.person_id,
                "vetting_ok": n.vetting_ok,
                "vetting_remark": n.vetting_remark,
                "result": n.result,
            }
            for n in dossier.nominations.all()
        ],
        "files": [f"{f.get_kind_display()}: {f.original_name}" for f in dossier.files.all()],
        **({"forwarding_letter": forwarding_letter_snapshot(dossier)} if dossier.forwarding_number else {}),
    }


def forwarding_letter_symbol(dossier: Dossier) -> str:
    """ "12/TTr-UBND", or "" while the dossier has no forwarding letter."""
    if dossier.forwarding_number is None:
        return ""
    return format_symbol(dossier.forwarding_number, dossier.forwarding_symbol)


def forwarding_letter_snapshot(dossier: Dossier) -> dict:
    return {
        "number_and_symbol": forwarding_letter_symbol(dossier),
        "date": dossier.forwarding_date.isoformat() if dossier.forwarding_date else None,
        "signer_name": dossier.forwarding_signer_name,
        "signer_title": dossier.forwarding_signer_title,
    }


def council_required(dossier: Dossier) -> bool:
    return dossier.commendation_kind.council_review


def _errors(
    fields: DossierFields, nominees: list[NomineeFields], *, actor: Actor, dossier: Dossier | None = None
) -> None:
    field_errors: dict[str, list[str]] = {}
    if not fields.title.strip():
        field_errors["title"] = [_("Give the dossier a title.")]
    this_year = timezone.localdate().year
    if not 1945 <= fields.year <= this_year:
        field_errors["year"] = [_("The year of the achievements is between 1945 and %(year)s.") % {"year": this_year}]
    # The catalog as it stands on the day the list is written: the decision comes later still. The dossier has no
    # date of its own: that day is also the one its unit proposes on, which must exist then (Thông tư 15/2025/TT-BNV).
    ended = ended_units(on=timezone.localdate())
    refused = ended.refusal_for_unit(fields.unit.pk)
    if refused:
        field_errors["unit"] = [refused]
    general, rows = nominee_errors(nominees, actor=actor, dossier=dossier, on=timezone.localdate(), ended=ended)
    if field_errors or rows or general:
        raise DossierInvalid(fields=field_errors, rows=rows, general=general)


@transaction.atomic
def dossier_create(*, actor: Actor, fields: DossierFields, nominees: list[NomineeFields]) -> Dossier:
    _errors(fields, nominees, actor=actor)
    dossier = Dossier.objects.create(
        unit=fields.unit,
        commendation_kind=fields.commendation_kind,
        year=fields.year,
        title=fields.title.strip(),
        campaign=fields.campaign,
        created_by=acting_user(actor),
    )
    nominees_write(dossier, nominees)
    audit_record(actor=actor, action="dossier.create", obj=dossier, before=None, after=dossier_snapshot(dossier))
    return dossier


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("commendation_kind").get(pk=dossier.pk)


def dossier_lock_editable(dossier: Dossier, *, refusal: str, expected_version: int | None = None) -> Dossier:
    """The dossier, locked for the transaction, while it is with the unit (prepared or returned); otherwise
    DossierTransitionRefused with `refusal`. Every write to the nominees or files of a dossier starts here, and
    moves its version on (kernel.concurrency), checked against `expected_version` unless None."""
    dossier = _lock(dossier)
    if dossier.status not in EDITABLE:
        raise DossierTransitionRefused(refusal)
    version_bump(dossier, expected_version=expected_version)
    return dossier


@transaction.atomic
def dossier_update(
    *,
    actor: Actor,
    dossier: Dossier,
    fields: DossierFields,
    nominees: list[NomineeFields],
    expected_version: int | None = None,
) -> Dossier:
    """Rewrite a dossier's fields and nominees. `expected_version`: the version its form was loaded from
    (EditConflict when someone saved since); None for callers that loaded no form (the Excel import)."""
    dossier = dossier_lock_editable(
        dossier,
        refusal=_("Only a dossier being prepared or returned can be edited."),
        expected_version=expected_version,
    )
    _errors(fields, nominees, actor=actor, dossier=dossier)
    before = dossier_snapshot(dossier)
    dossier.unit, dossier.commendation_kind, dossier.year = fields.unit, fields.commendation_kind, fields.year
    dossier.title, dossier.campaign = fields.title.strip(), fields.campaign
    dossier.save()
    nominees_write(dossier, nominees)
    audit_record(actor=actor, action="dossier.update", obj=dossier, before=before, after=dossier_snapshot(dossier))
    return dossier


def dossier_move(
    *, actor: Actor, dossier: Dossier, target: str, action: str, reason: Reason = "", check: Check | None = None
) -> Dossier:
    """The one way a dossier changes status. `reason` is text, or a function of the moved dossier."""
    dossier = _lock(dossier)
    if target not in DOSSIER_TRANSITIONS[dossier.status]:
        raise DossierTransitionRefused(
            _("A dossier that is %(status)s cannot become %(target)s.")
            % {"status": dossier.get_status_display(), "target": Dossier.Status(target).label}
        )
    # A check may return fields written with the move (the forwarding letter), after the snapshot before it.
    changes = (check(dossier) if check else None) or {}
    version_bump(dossier, expected_version=None)  # an edit form still open is now out of date
    before = dossier_snapshot(dossier)
    now = timezone.now()
    dossier.status, dossier.status_changed_at = target, now
    if target == S.SUBMITTED:
        dossier.submitted_at = now
    for field, value in changes.items():
        setattr(dossier, field, value)
    dossier.save(update_fields=["status", "status_changed_at", "submitted_at", *changes])
    if callable(reason):
        reason = reason(dossier)
    audit_record(actor=actor, action=action, obj=dossier, before=before, after=dossier_snapshot(dossier), reason=reason)
    return dossier


@dataclass(frozen=True)
class RequiredFile:
    kind: str
    label: str
    present: bool


def dossier_required_files(dossier: Dossier, *, files: Iterable[DossierFile] | None = None) -> list[RequiredFile]:
    """The kinds of file a dossier needs before it is submitted, each with whether one is attached (`files`: the
    dossier's files if already read). Luật TĐKT 2022 Đ84: a submission (tờ trình) and achievement reports; the
    minutes of the unit's review unless the kind skips the council (simplified procedure)."""
    kinds = {f.kind for f in files} if files is not None else set(dossier.files.values_list("kind", flat=True))
    needed = [DossierFile.Kind.SUBMISSION, DossierFile.Kind.ACHIEVEMENTS]
    if council_required(dossier):
        needed.append(DossierFile.Kind.MINUTES)
    return [RequiredFile(kind, str(DossierFile.Kind(kind).label), kind in kinds) for kind in needed]


def _complete_for_submission(dossier: Dossier) -> None:
    missing = [required.label for required in dossier_required_files(dossier) if not required.present]
    if not dossier.nominations.exists():
        raise DossierTransitionRefused(_("Add at least one nominee before submitting."))
    if missing:
        raise DossierTransitionRefused(_("Attach before submitting: %(files)s.") % {"files": ", ".join(missing)})


def dossier_submit(*, actor: Actor, dossier: Dossier) -> Dossier:
    with transaction.atomic():
        return dossier_move(
            actor=actor, dossier=dossier, target=S.SUBMITTED, action="dossier.submit", check=_complete_for_submission
        )


def dossier_receive(*, actor: Actor, dossier: Dossier) -> Dossier:
    with transaction.atomic():
        dossier = dossier_move(actor=actor, dossier=dossier, target=S.RECEIVED, action="dossier.receive")
        dossier_notify(dossier=dossier, kind=NoticeKind.DOSSIER_RECEIVED)
        return dossier


def dossier_return(*, actor: Actor, dossier: Dossier, reason: str) -> Dossier:
    reason = (reason or "").strip()
    if not reason:
        raise DossierInvalid(fields={"reason": [_("Say what the unit must fix.")]})
    with transaction.atomic():
        dossier = dossier_move(actor=actor, dossier=dossier, target=S.RETURNED, action="dossier.return", reason=reason)
        dossier_notify(dossier=dossier, kind=NoticeKind.DOSSIER_RETURNED, reason=reason)
        return dossier


@dataclass
class VettingFields:
    nomination_id: int
    meets_criteria: bool
    remark: str = ""


def dossier_vet(*, actor: Actor, dossier: Dossier, verdicts: list[VettingFields]) -> Dossier:
    """Staff's remarks on every nominee; a nominee that does not meet the criteria needs a remark."""
    with transaction.atomic():
        locked = _lock(dossier)
        nominations = list(
            locked.nominations.select_related("award_type", "dossier__unit").prefetch_related("eligibility_overrides")
        )
        by_id = {n.pk: n for n in nominations}
        eligibility = dict(zip(by_id, nominations_eligibility(nominations)))
        rows = {}
        given = {v.nomination_id for v in verdicts}
        if given != set(by_id):
            raise DossierInvalid(general=[_("Give a verdict on every nominee of the dossier.")])
        for index, verdict in enumerate(verdicts):
            if not verdict.meets_criteria and not verdict.remark.strip():
                rows[index] = {"remark": [_("Say why this nominee does not meet the criteria.")]}
            elif verdict.meets_criteria:
                failing = [r for r in eligibility[verdict.nomination_id] if r.blocking]
                if failing:
                    names = "; ".join(r.rule.name for r in failing)
                    message = _(
                        "These rules fail and are not overridden: %(rules)s. Override them with a reason, "
                        "or vet the nominee as not meeting the criteria."
                    )
                    rows[index] = {"meets_criteria": [message % {"rules": names}]}
        if rows:
            raise DossierInvalid(rows=rows)

        def write_verdicts(dossier: Dossier) -> None:
            for verdict in verdicts:
                nomination = by_id[verdict.nomination_id]
                nomination.vetting_ok, nomination.vetting_remark = verdict.meets_criteria, verdict.remark.strip()
                nomination.save(update_fields=["vetting_ok", "vetting_remark"])

        return dossier_move(actor=actor, dossier=locked, target=S.VETTED, action="dossier.vet", check=write_verdicts)


def dossier_send_to_meeting(*, actor: Actor, dossier: Dossier) -> Dossier:
    def needs_council(dossier: Dossier) -> None:
        if not council_required(dossier):
            raise DossierTransitionRefused(
                _("%(kind)s dossiers skip the council: decide them directly.") % {"kind": dossier.commendation_kind}
            )

    with transaction.atomic():
        return dossier_move(
            actor=actor, dossier=dossier, target=S.AT_MEETING, action="dossier.to_meeting", check=needs_council
        )


def dossier_mark_reviewed(*, actor: Actor, dossier: Dossier) -> Dossier:
    """Called when the council's meeting closes: every nominee of the dossier has its result."""
    return dossier_move(actor=actor, dossier=dossier, target=S.REVIEWED, action="dossier.reviewed")


def dossier_waiting_for(dossier: Dossier) -> tuple[str, str]:
    """(who, what) the dossier waits for, as its page shows it."""
    waiting: dict[str, tuple[str, str]] = {
        S.DRAFT: (_("the unit"), _("to complete and submit the dossier")),
        S.RETURNED: (_("the unit"), _("to fix the dossier and submit it again")),
        S.SUBMITTED: (_("the secretariat"), _("to receive the dossier")),
        S.RECEIVED: (_("the secretariat"), _("to vet every nominee")),
        S.VETTED: (
            (_("the secretariat"), _("to put the dossier on a council meeting's agenda"))
            if council_required(dossier)
            else (_("the secretariat"), _("to prepare the decision (ad hoc: no council review)"))
        ),
        S.AT_MEETING: (_("the council"), _("to vote on each nominee")),
        S.REVIEWED: (_("the secretariat"), _("to prepare the decision or forward the proposal")),
        S.FORWARDED: (_("the central level"), _("to decide on the proposal")),
        S.DECIDED: ("", ""),
    }
    return waiting[dossier.status]


def nomination_decidable(nomination: Nomination) -> bool:
    """Approved by the council, or, for a kind that skips the council, found to meet the criteria. A State
    award is decided centrally: only once the province's letter has forwarded its dossier."""
    dossier = nomination.dossier
    if nomination.award_type.level == AwardType.Level.STATE:
        return dossier.status == S.FORWARDED and nomination.result == Nomination.Result.PASSED
    if dossier.status in (S.REVIEWED, S.FORWARDED):
        return nomination.result == Nomination.Result.PASSED
    return dossier.status == S.VETTED and not council_required(dossier) and nomination.vetting_ok is True


def nominations_dated_after(*, nominations: Iterable[Nomination], date: datetime.date) -> list[str]:
    """Names of the nominees a decision of `date` would precede: voted by the council at a later meeting, or
    forwarded by a later letter. A decision cannot come before what it decides on."""
    voted_on = {
        nomination_id: meeting_date
        for model in (Ballot, StandingAppraisal)  # a vote, or the standing body's appraisal (council rules)
        for nomination_id, meeting_date in model.objects.filter(
            nomination__in=nominations, meeting__status="closed"
        ).values_list("nomination_id", "meeting__date")
    }
    late = []
    for nomination in nominations:
        earliest = max(
            [d for d in (voted_on.get(nomination.pk), nomination.dossier.forwarding_date) if d is not None],
            default=None,
        )
        if earliest is not None and date < earliest:
            late.append(f"{nomination.recipient_name} ({vn_date(earliest)})")
    return late


def nominations_link_awards(*, actor: Actor, decision: Decision) -> list[Nomination]:
    """Called by decision_issue: each gathered nominee gets the award of the same award type, recipient kind and
    name; a dossier whose approved nominees all have their award is decided. Returns nominees left unmatched
    (their names were edited in the draft)."""
    awards = list(decision.awards.select_related("award_type"))
    unmatched, matched = [], []
    for nomination in decision.nominations.select_related("dossier__commendation_kind").order_by("pk"):
        match = next(
            (
                a
                for a in awards
                if (a.award_type_id, a.recipient_kind, a.recipient_name)
                == (nomination.award_type_id, nomination.recipient_kind, nomination.recipient_name)
            ),
            None,
        )
        if match is None:
            unmatched.append(nomination)
            continue
        awards.remove(match)
        nomination.award = match
        nomination.save(update_fields=["award"])
        matched.append((nomination, match))
    # Rows rewritten since the draft was gathered lost their person: the nominees bring it back.
    nominees_link_awards(actor=actor, pairs=matched, reason=_("From approved nominees"))
    for dossier in Dossier.objects.filter(nominations__decisions=decision).distinct():
        undecided = dossier.nominations.filter(result=Nomination.Result.PASSED, award__isnull=True)
        if not undecided.exists() and S.DECIDED in DOSSIER_TRANSITIONS[dossier.status]:
            dossier = dossier_move(actor=actor, dossier=dossier, target=S.DECIDED, action="dossier.decided")
            dossier_notify(dossier=dossier, kind=NoticeKind.DOSSIER_DECIDED, decision=decision)
    return unmatched
