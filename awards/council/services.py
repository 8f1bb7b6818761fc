"""The provincial council: compositions set by reconstitution decisions (writes) and the composition valid on a
date and its history (reads).

A composition records a signed decision: it is written by `council_compose` and corrected only by
`council_composition_correct`, which needs a reason; both check everything first, then write in one
transaction with an audit entry (before and after). The database backs the rules (awards/migrations/0004)."""

import datetime
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from audit.services import audit_record
from awards.models import COUNCIL_SINGLE_ROLES, Council, CouncilComposition, CouncilMember, CouncilRole
from campaigns.models import Document
from clusters.models import Unit
from kernel.lib.formatting import vn_date
from kernel.types import Actor

DECISION_TYPE = "QĐ"


@dataclass
class MemberFields:
    role: str
    full_name: str
    title: str
    unit: Unit | None = None
    user: object | None = None  # the member's portal account, if any
    is_illustrative: bool = False
    # Whether the member is of the standing body (Thường trực Hội đồng); None: every role but an ordinary member.
    standing_body: bool | None = None


class CouncilInvalid(ValidationError):
    """Errors by field of the composition (`fields`), by member row (`rows`, index → messages) and for the
    composition as a whole (`general`)."""

    def __init__(
        self,
        *,
        fields: dict[str, list[str]] | None = None,
        rows: dict[int, list[str]] | None = None,
        general: list[str] | None = None,
    ) -> None:
        self.fields = fields or {}
        self.rows = rows or {}
        self.general = general or []
        messages = [m for ms in self.fields.values() for m in ms] + self.general
        messages += [m for ms in self.rows.values() for m in ms]
        super().__init__(messages)


def _role_label(role: str) -> str:
    return str(CouncilRole(role).label)


def _composition_errors(
    *,
    council: Council,
    document: Document | None,
    effective_from: datetime.date | None,
    members: list[MemberFields],
    exclude_pk: int | None = None,
) -> None:
    fields: dict[str, list[str]] = {}
    rows: dict[int, list[str]] = {}
    general: list[str] = []

    if document is None:
        fields.setdefault("document", []).append(_("Choose the reconstitution decision in the document register."))
    elif document.type_code != DECISION_TYPE:
        fields.setdefault("document", []).append(
            _("%(document)s is not a decision (Quyết định): a council is reconstituted by a decision.")
            % {"document": document.number_symbol}
        )
    elif effective_from is not None and document.date > effective_from:
        fields.setdefault("effective_from", []).append(
            _("Decision %(document)s is dated %(date)s: the composition cannot take effect before it.")
            % {"document": document.number_symbol, "date": vn_date(document.date)}
        )
    if effective_from is None:
        fields.setdefault("effective_from", []).append(_("Enter the date the composition takes effect."))
    else:
        taken = CouncilComposition.objects.filter(council=council, effective_from=effective_from)
        if exclude_pk:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            fields.setdefault("effective_from", []).append(
                _("The council already has a composition taking effect on %(date)s.")
                % {"date": vn_date(effective_from)}
            )

    seen_names: dict[str, int] = {}
    holders: dict[str, list[int]] = {}
    for index, member in enumerate(members):
        problems = rows.setdefault(index, [])
        if member.role not in CouncilRole.values:
            problems.append(_("“%(role)s” is not a role in the council.") % {"role": member.role})
        else:
            holders.setdefault(member.role, []).append(index)
        name = " ".join(member.full_name.split())
        if not name:
            problems.append(_("Enter the member's full name."))
        elif name.casefold() in seen_names:
            problems.append(
                _("%(name)s is already listed on line %(line)s.") % {"name": name, "line": seen_names[name.casefold()]}
            )
        else:
            seen_names[name.casefold()] = index + 1
        if not member.title.strip():
            problems.append(_("Enter the member's title (chức vụ)."))
    for role in COUNCIL_SINGLE_ROLES:
        for index in holders.get(role, [])[1:]:
            rows[index].append(
                _("The council has only one %(role)s (line %(line)s).")
                % {"role": _role_label(role), "line": holders[role][0] + 1}
            )
    if not members:
        general.append(_("List the members of the council."))
    elif not holders.get(CouncilRole.CHAIR):
        general.append(_("The council needs a chair."))
    rows = {index: messages for index, messages in rows.items() if messages}
    if fields or rows or general:
        raise CouncilInvalid(fields=fields, rows=rows, general=general)


def council_composition_snapshot(composition: CouncilComposition) -> dict:
    """The composition and its members as plain JSON, for the audit log."""
    return {
        "council": composition.council.name,
        "document": composition.document.number_symbol,
        "document_date": composition.document.date.isoformat(),
        "effective_from": composition.effective_from.isoformat(),
        "note": composition.note,
        "members": [
            {
                "position": m.position,
                "role": m.role,
                "full_name": m.full_name,
                "title": m.title,
                "unit": m.unit_id,
                "user": m.user_id,
                "illustrative": m.is_illustrative,
                "standing_body": m.standing_body,
            }
            for m in composition.members.order_by("position")
        ],
    }


def _write_members(composition: CouncilComposition, members: list[MemberFields]) -> None:
    CouncilMember.objects.bulk_create(
        CouncilMember(
            composition=composition,
            position=position,
            **{
                **{f.name: getattr(member, f.name) for f in dataclass_fields(member)},
                "full_name": " ".join(member.full_name.split()),
                "title": member.title.strip(),
                "standing_body": member.role != CouncilRole.MEMBER
                if member.standing_body is None
                else member.standing_body,
            },
        )
        for position, member in enumerate(members, start=1)
    )


def _raise_if_date_taken(error: IntegrityError) -> NoReturn:
    if "councilcomposition_one_per_council_and_date" in str(error):
        raise CouncilInvalid(
            fields={"effective_from": [_("Another composition taking effect on this date was saved a moment ago.")]}
        ) from error
    raise error


def council_compose(
    *,
    actor: Actor,
    council: Council,
    document: Document,
    effective_from: datetime.date,
    members: list[MemberFields],
    reason: str = "",
    note: str = "",
) -> CouncilComposition:
    """Record a reconstitution decision: the council's members from `effective_from` until the next one."""
    _composition_errors(council=council, document=document, effective_from=effective_from, members=members)
    try:
        with transaction.atomic():
            composition = CouncilComposition.objects.create(
                council=council, document=document, effective_from=effective_from, note=note.strip()
            )
            _write_members(composition, members)
            audit_record(
                actor=actor,
                action="council.compose",
                obj=composition,
                before=None,
                after=council_composition_snapshot(composition),
                reason=reason,
            )
    except IntegrityError as error:
        _raise_if_date_taken(error)
    return composition


def council_composition_correct(
    *,
    actor: Actor,
    composition: CouncilComposition,
    document: Document,
    effective_from: datetime.date,
    members: list[MemberFields],
    reason: str,
    note: str = "",
) -> CouncilComposition:
    """Correct a composition entered wrongly (a typo in a name, a wrong date): the record of a signed decision
    changes only with a reason, and the audit entry keeps it as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise CouncilInvalid(fields={"reason": [_("Give the reason for correcting this composition.")]})
    try:
        with transaction.atomic():
            composition = (
                CouncilComposition.objects.select_for_update().select_related("council").get(pk=composition.pk)
            )
            _composition_errors(
                council=composition.council,
                document=document,
                effective_from=effective_from,
                members=members,
                exclude_pk=composition.pk,
            )
            before = council_composition_snapshot(composition)
            composition.document, composition.effective_from, composition.note = document, effective_from, note.strip()
            composition.save()
            composition.members.all().delete()
            _write_members(composition, members)
            audit_record(
                actor=actor,
                action="council.correct",
                obj=composition,
                before=before,
                after=council_composition_snapshot(composition),
                reason=reason,
            )
    except IntegrityError as error:
        _raise_if_date_taken(error)
    return composition


# Reads.


def _members_prefetch() -> Prefetch:
    return Prefetch("members", queryset=CouncilMember.objects.select_related("unit").order_by("position"))


def council_default() -> Council | None:
    """The province's council: the first one entered."""
    return Council.objects.order_by("pk").first()


def council_composition_on(*, council: Council, date: datetime.date) -> CouncilComposition | None:
    """The composition valid on `date` (the latest that took effect on or before it), with its document and its
    members (`members.all()`, in order, with their units): two queries."""
    return (
        CouncilComposition.objects.filter(council=council, effective_from__lte=date)
        .select_related("document")
        .prefetch_related(_members_prefetch())
        .order_by("-effective_from")
        .first()
    )


@dataclass
class RoleGroup:
    role: str
    label: str
    members: list[CouncilMember]


def council_members_by_role(composition: CouncilComposition) -> list[RoleGroup]:
    """The members grouped by role, in the order of the roles (chair first), each group in the decision's order.
    The standing member is a member: listed with the others, first."""
    groups: dict[str, list[CouncilMember]] = {}
    for member in composition.members.all():
        role = CouncilRole.MEMBER if member.role == CouncilRole.STANDING_MEMBER else member.role
        groups.setdefault(role, []).append(member)
    for members in groups.values():
        members.sort(key=lambda m: (m.role != CouncilRole.STANDING_MEMBER, m.position))
    return [RoleGroup(role, _role_label(role), groups[role]) for role in CouncilRole.values if role in groups]


@dataclass
class CompositionChange:
    composition: CouncilComposition
    member_count: int
    joined: list[CouncilMember] = field(default_factory=list)
    left: list[CouncilMember] = field(default_factory=list)
    changed_role: list[tuple[CouncilMember, CouncilMember]] = field(default_factory=list)  # (before, after)


def _person(member: CouncilMember) -> str:
    return " ".join(member.full_name.split()).casefold()


def council_history(*, council: Council) -> list[CompositionChange]:
    """Every composition of the council in date order, with its member count and who joined, who left and
    whose role changed compared with the composition before it. Two queries."""
    compositions = (
        CouncilComposition.objects.filter(council=council)
        .select_related("document")
        .prefetch_related(_members_prefetch())
        .order_by("effective_from")
    )
    history: list[CompositionChange] = []
    previous: dict[str, CouncilMember] | None = None
    for composition in compositions:
        members = list(composition.members.all())
        current = {_person(m): m for m in members}
        change = CompositionChange(composition=composition, member_count=len(members))
        if previous is not None:
            change.joined = [m for key, m in current.items() if key not in previous]
            change.left = [m for key, m in previous.items() if key not in current]
            change.changed_role = [
                (previous[key], m) for key, m in current.items() if key in previous and previous[key].role != m.role
            ]
        history.append(change)
        previous = current
    return history
