"""The rows of one draft decision checked against each other: the same recipient listed twice for the same award.

Same recipient: two rows whose individuals are both linked to person records (awards.PersonAward) are the same
recipient when the records are the same (a merged record counts as the one it was merged into), whatever the
spelling of the names. Otherwise two rows are the same recipient when their recipient kind, their name and their
workplace (the unit's name, or the workplace or address as printed) are equal once folded
(kernel.lib.search.fold: case, spacing and diacritics ignored); two namesakes of one unit are told
apart by linking them to their own person records.

The same recipient twice for the same award type is an exact duplicate: the check is always on, the page shows
it next to both rows, and the decision cannot be issued until one of them is removed (awards.decisions.services.
decision_issue). "Not the same award twice in a calendar year" is an eligibility rule (EligibilityRule.Kind.
ONCE_PER_YEAR, fixtures/catalog/eligibility_rules.csv) loaded disabled because the research notes do not verify
it; within one decision, whose rows share its date, its case is exactly the duplicate above, so the rule adds no
second finding: once staff enable it, a duplicate of an award type it covers cites the rule and its article.
No rule in the catalogue forbids one recipient two different awards, and the notes say several awards in one
decision are each paid (NĐ 98/2023), so rows of different award types give no finding.

No database constraint backs the duplicate check. A draft must be allowed to hold a duplicate (an import, an
edit), which the page then shows: the rule is about issuing, and the status lives on the decision, not on its
awards. Across name spellings only the person links (a separate table, without the award type) could tell, and
a unique index on the folded name would also refuse two namesakes of one unit."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Count, Expression, F, Q, Window
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from awards.models import Award, AwardType, Decision, EligibilityRule, PersonAward, RecipientKind
from clusters.models import Unit
from clusters.reorganisation import EndedUnits, ended_units, refusals_of_rows
from kernel.lib.search import Fold, fold


@dataclass(frozen=True)
class RowFinding:
    """One row's clash with the other rows of its draft decision."""

    award_type: AwardType
    lines: tuple[int, ...]  # the other rows of the same recipient and award type
    rule: EligibilityRule | None  # the enabled once-per-year rule that covers the award type, if any

    blocking = True  # the decision cannot be issued with it

    @property
    def name(self) -> str:
        return self.rule.name if self.rule else _("Listed twice in this decision")

    @property
    def reason(self) -> str:
        return _("The same recipient is listed for “%(award)s” on line %(lines)s too.") % {
            "award": self.award_type,
            "lines": ", ".join(str(line) for line in self.lines),
        }

    @property
    def citation(self) -> str:
        return self.rule.citation if self.rule else ""


def _person_of(awards: list[Award]) -> dict[int, int]:
    """The person record each linked row belongs to (the record kept, for a merged one). One query."""
    links = PersonAward.objects.filter(award__in=[a.pk for a in awards]).values_list(
        "award_id", "person_id", "person__merged_into_id"
    )
    return {award_id: merged_into or person for award_id, person, merged_into in links}


def _name_key(award: Award) -> tuple[str, str, str]:
    return (award.recipient_kind, fold(award.recipient_name), fold(award.workplace))


def duplicate_groups(awards: list[Award]) -> list[list[Award]]:
    """Groups (two rows or more, in line order) of the same recipient for the same award type. `awards` come
    with their unit loaded; one query for the person links."""
    people = _person_of(awards)
    parent = {a.pk: a.pk for a in awards}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    buckets: dict[tuple, list[Award]] = {}
    for award in awards:
        buckets.setdefault(("name", award.award_type_id, _name_key(award)), []).append(award)
        if award.pk in people:
            buckets.setdefault(("person", award.award_type_id, people[award.pk]), []).append(award)
    for (how, *_key), rows in buckets.items():
        for index, first in enumerate(rows):
            for second in rows[index + 1 :]:
                namesakes = how == "name" and first.pk in people and second.pk in people
                if namesakes and people[first.pk] != people[second.pk]:
                    continue  # two people of the same name in one unit, each with their own record
                parent[root(second.pk)] = root(first.pk)
    groups: dict[int, list[Award]] = {}
    for award in awards:
        groups.setdefault(root(award.pk), []).append(award)
    return [sorted(rows, key=lambda a: a.line_no) for rows in groups.values() if len(rows) > 1]


def once_per_year_rules(date: datetime.date) -> list[EligibilityRule]:
    """The enabled "not the same award twice in a calendar year" rules valid on the date, with their award
    types (none: every type)."""
    return list(
        EligibilityRule.objects.filter(enabled=True, kind=EligibilityRule.Kind.ONCE_PER_YEAR)
        .valid_on(date)
        .prefetch_related("award_types")
    )


def _rule_for(award_type_id: int, rules: list[EligibilityRule]) -> EligibilityRule | None:
    for rule in rules:
        targets = [t.pk for t in rule.award_types.all()]
        if not targets or award_type_id in targets:
            return rule
    return None


def draft_findings(
    awards: list[Award], *, decision: Decision, groups: list[list[Award]] | None = None
) -> list[list[RowFinding]]:
    """Each row's findings, in the order of `awards` (a draft decision's rows with award_type and unit loaded).
    `groups`: the decision's duplicate_groups when `awards` is one page of its rows (of rows_compared); by default
    those of `awards` themselves. Three queries whatever the number of rows."""
    rules = once_per_year_rules(decision.date)
    findings: dict[int, list[RowFinding]] = {a.pk: [] for a in awards}
    types = {a.pk: a.award_type for a in awards}
    for group in duplicate_groups(awards) if groups is None else groups:
        rule = _rule_for(group[0].award_type_id, rules)
        for award in group:
            if award.pk in findings:
                others = tuple(a.line_no for a in group if a.pk != award.pk)
                findings[award.pk].append(RowFinding(types[award.pk], others, rule))
    return [findings[a.pk] for a in awards]


def rows_compared(decision: Decision) -> list[Award]:
    """The decision's rows that may be listed twice, for a page of its rows: those sharing award type, recipient
    kind, folded name and folded workplace with another row, or award type and person record with another.
    duplicate_groups gives the same groups over these as over all the rows (a row alone in each of its buckets is
    in no group), and the database picks them out of thousands in one query (tdkt_fold is fold's twin,
    tests/kernel/test_fold.py); a long draft's page no longer loads and folds its 5,000 rows in Python."""
    place = Fold(Coalesce(F("unit__name"), F("unit_name")))  # Award.workplace
    name: list[Expression | F] = [F("award_type_id"), F("recipient_kind"), Fold(F("recipient_name")), place]
    # Unlinked rows each form their own partition: -id is no person's id.
    person = Coalesce(F("person_link__person__merged_into_id"), F("person_link__person_id"), -F("id"))
    rows = decision.awards.annotate(
        same_name=Window(Count("id"), partition_by=name),
        same_person=Window(Count("id"), partition_by=[F("award_type_id"), person]),
    )
    return list(rows.filter(Q(same_name__gt=1) | Q(same_person__gt=1)).select_related("unit").order_by("line_no"))


def decision_duplicates_message(decision: Decision) -> str:
    """Why the decision cannot be issued, naming the rows listed twice; "" when none is."""
    awards = list(decision.awards.select_related("award_type", "unit"))
    parts = [
        _("lines %(lines)s (%(name)s, “%(award)s”)")
        % {
            "lines": ", ".join(str(a.line_no) for a in group),
            "name": group[0].recipient_name,
            "award": group[0].award_type,
        }
        for group in sorted(duplicate_groups(awards), key=lambda g: g[0].line_no)
    ]
    if not parts:
        return ""
    return _(
        "The same recipient is listed more than once for the same award: %(rows)s. Remove the extra lines before "
        "issuing the decision."
    ) % {"rows": "; ".join(parts)}


class NamedRow(Protocol):
    """What ended_units_named reads of a row: a RecipientFields, or a row of another page (paged_rows.OtherRow)."""

    @property
    def recipient_kind(self) -> str: ...
    @property
    def recipient_name(self) -> str: ...
    @property
    def unit(self) -> Unit | None: ...
    @property
    def unit_name(self) -> str: ...


def ended_units_named(rows: Sequence[NamedRow], *, units: EndedUnits, into: dict[int, dict[str, list[str]]]) -> None:
    """Adds to `into` (messages by row index and field) the rows naming one of `units`, the units that no longer
    existed on the rows' day (clusters.reorganisation.ended_units: Thông tư 15/2025/TT-BNV): linked or typed as the
    workplace, or named as the collective awarded. No query."""
    named = (
        (
            r.unit.pk if r.unit else None,
            r.recipient_name if r.recipient_kind == RecipientKind.COLLECTIVE else "",
            r.unit_name,
        )
        for r in rows
    )
    for index, refused in refusals_of_rows(named, units=units).items():
        for field, messages in refused.items():
            into.setdefault(index, {}).setdefault(field, []).extend(messages)


def decision_ended_units_message(decision: Decision) -> str:
    """Why the draft cannot be issued, naming its rows that name a unit ended by its date (a unit's end may be
    recorded after the draft was saved); "" when none does. One query when no rule is in force that day."""
    units = ended_units(on=decision.date)
    if not units:
        return ""
    rows = list(decision.awards.order_by("line_no").select_related("unit"))
    refused: dict[int, dict[str, list[str]]] = {}
    ended_units_named(rows, units=units, into=refused)
    parts = [
        _("Line %(line)s: %(message)s") % {"line": rows[index].line_no, "message": " ".join(sum(row.values(), []))}
        for index, row in sorted(refused.items())
    ]
    return " ".join(parts)
