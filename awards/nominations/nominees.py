"""A dossier's nominees: what a unit may propose, the checks of each row, and how the list is written. Used by
awards.nominations.services (dossier_create, dossier_update), the only writers of nominees.

A unit proposes to the province what the portal's deciding authorities grant: the province's chair, or, forwarded
with the province's letter, the Prime Minister and the President (an authority with an issuing body whose decisions
the portal records). Titles and certificates the units, districts, communes or ministries give themselves are not
proposed in a dossier. The catalog decides, on the day the list is written: nothing is hard-coded here."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from audit.services import acting_user
from awards.models import Authority, AwardType, Dossier, Nomination, RecipientKind
from clusters.models import Person
from clusters.reorganisation import EndedUnits, ended_units, refusals_of_rows
from clusters.selectors import people_visible_to
from kernel.lib.formatting import vn_date
from kernel.lib.search import fold
from kernel.types import Actor

# A unit's yearly dossier lists tens of nominees (the seed's largest decision, gathering many units' proposals, 447
# recipients); a longer list is split into several dossiers. The row editor and the Excel import both stop here (the
# service refuses more), so that every dossier is edited on one page: 500 rows render in about 2 s.
MAX_NOMINEES = 500


@dataclass
class NomineeFields:
    recipient_kind: str
    recipient_name: str
    award_type: AwardType
    achievements: str
    position: str = ""
    # The row's person record as the clerk chose it (an id, or None for nobody) when `person_chosen`; otherwise
    # (the Excel import, the demo) an individual keeps the person the nominee of that name had before.
    person_id: int | None = None
    person_chosen: bool = False


def proposable_award_types(*, on: datetime.date) -> QuerySet[AwardType]:
    """The award types a unit may propose in a dossier on `on`: valid that day and granted by an authority with
    an issuing body (the province's chair, the Prime Minister, the President…). One query, in catalog order."""
    granted = Authority.objects.filter(award_types=OuterRef("pk"), issuer__isnull=False)
    return AwardType.objects.valid_on(on).filter(Exists(granted))


def people_choosable(*, actor: Actor, dossier: Dossier | None = None) -> QuerySet[Person]:
    """The person records a nominee of the dossier may be linked to by `actor`: those in use the actor may see,
    and those already linked to the dossier's nominees (staff may have linked someone outside the clerk's unit);
    every record in use for a command or a data load (no user)."""
    people = Person.objects.filter(merged_into__isnull=True)
    user = acting_user(actor)
    if user is None:
        return people
    choosable = Q(pk__in=people_visible_to(user=user).values("pk"))
    if dossier is not None and dossier.pk:
        choosable |= Q(pk__in=Nomination.objects.filter(dossier=dossier).values("person"))
    return people.filter(choosable)


def _not_proposable(award_type: AwardType, on: datetime.date) -> str:
    """Why a unit may not propose the award type on `on` (given with its grantors)."""
    grantors = list(award_type.grantors.all())
    if any(g.issuer_id for g in grantors):
        return _("“%(award)s” is not in the catalog on %(date)s: choose an award of the list.") % {
            "award": award_type,
            "date": vn_date(on),
        }
    return _("A unit does not propose “%(award)s” in a dossier: it is granted by %(grantors)s.") % {
        "award": award_type,
        "grantors": ", ".join(str(g) for g in grantors),
    }


def nominee_errors(
    nominees: list[NomineeFields],
    *,
    actor: Actor,
    dossier: Dossier | None,
    on: datetime.date,
    ended: EndedUnits | None = None,
) -> tuple[list[str], dict[int, dict[str, list[str]]]]:
    """(general messages, messages by row index and field) for a list of nominees, in a few queries however long
    the list: the proposable award types once, the grantors of those refused once, the chosen people once."""
    general: list[str] = []
    rows: dict[int, dict[str, list[str]]] = {}
    if not nominees:
        general.append(_("A dossier proposes at least one collective, individual or family."))
    elif len(nominees) > MAX_NOMINEES:
        general.append(
            _("A dossier proposes at most %(num)s nominees: split the list into several dossiers.")
            % {"num": MAX_NOMINEES}
        )
        return general, rows
    proposable = set(proposable_award_types(on=on).values_list("pk", flat=True)) if nominees else set()
    refused_types = {n.award_type.pk for n in nominees} - proposable
    refused = {}
    if refused_types:
        for award_type in AwardType.objects.filter(pk__in=refused_types).prefetch_related("grantors"):
            refused[award_type.pk] = _not_proposable(award_type, on)
    chosen = {n.person_id for n in nominees if n.person_chosen and n.person_id is not None}
    known: dict[int, str] = {}  # the chosen people the actor may choose, and their names
    if chosen:
        known = dict(
            people_choosable(actor=actor, dossier=dossier).filter(pk__in=chosen).values_list("pk", "full_name")
        )
    for index, nominee in enumerate(nominees):
        row: dict[str, list[str]] = {}
        if not nominee.recipient_name.strip():
            row["recipient_name"] = [_("Enter the nominee's name.")]
        if not nominee.achievements.strip():
            row["achievements"] = [_("Summarise the nominee's achievements.")]
        if nominee.award_type.pk in refused:
            row["award_type"] = [refused[nominee.award_type.pk]]
        if nominee.recipient_kind not in RecipientKind.values:
            row["recipient_kind"] = [_("Choose collective, individual or family.")]
        elif not nominee.award_type.allows(nominee.recipient_kind):
            allowed = ", ".join(str(RecipientKind(k).label) for k in nominee.award_type.allowed_recipient_kinds)
            row["recipient_kind"] = [
                _("“%(award)s” is not given to a %(kind)s (only: %(allowed)s).")
                % {"award": nominee.award_type, "kind": RecipientKind(nominee.recipient_kind).label, "allowed": allowed}
            ]
        if nominee.person_chosen and nominee.person_id is not None:
            if nominee.recipient_kind != RecipientKind.INDIVIDUAL:
                row["person"] = [_("Only an individual is linked to a person record.")]
            elif nominee.person_id not in known:
                row["person"] = [_("This person record is not among those you may choose: search for it again.")]
            elif fold(nominee.recipient_name) != fold(known[nominee.person_id]):
                # A row renamed after its person was picked would carry that person's record to the award.
                row["person"] = [
                    _(
                        "The name typed differs from the name on the person record “%(name)s”: choose the person "
                        "again or clear the choice."
                    )
                    % {"name": known[nominee.person_id]}
                ]
        if row:
            rows[index] = row
    # A collective named as a unit dissolved in the reorganisation (Thông tư 15/2025/TT-BNV) by the day the list is
    # written, the day the unit proposes it: the decision, later, is checked again on its own date.
    collectives = (
        (None, n.recipient_name if n.recipient_kind == RecipientKind.COLLECTIVE else "", "") for n in nominees
    )
    units = ended if ended is not None else ended_units(on=on)  # the caller's, when it has read them already
    for index, ended_names in refusals_of_rows(collectives, units=units).items():
        rows.setdefault(index, {}).setdefault("recipient_name", []).extend(ended_names["recipient_name"])
    return general, rows


def nominees_write(dossier: Dossier, nominees: list[NomineeFields]) -> None:
    """Rewrite the dossier's nominees in their order (line 1, 2, …): one delete and one insert."""
    # An individual whose person was not chosen keeps the person record linked to them when the list is rewritten
    # with their name; namesakes keep theirs in the order they were listed, and a name listed more often than
    # before gets no one's record.
    people: dict[str, list[int]] = {}
    if any(not n.person_chosen for n in nominees):
        linked = dossier.nominations.filter(person__isnull=False).order_by("line_no")
        for name, person_id in linked.values_list("recipient_name", "person"):
            people.setdefault(fold(name), []).append(person_id)

    def person_of(n: NomineeFields) -> int | None:
        if n.person_chosen:
            return n.person_id
        waiting = people.get(fold(n.recipient_name)) if n.recipient_kind == RecipientKind.INDIVIDUAL else None
        return waiting.pop(0) if waiting else None

    dossier.nominations.all().delete()
    Nomination.objects.bulk_create(
        Nomination(
            dossier=dossier,
            line_no=line_no,
            recipient_kind=n.recipient_kind,
            recipient_name=n.recipient_name.strip(),
            position=n.position.strip(),
            award_type=n.award_type,
            achievements=n.achievements.strip(),
            person_id=person_of(n),
        )
        for line_no, n in enumerate(nominees, start=1)
    )
