"""The rows a decision's page shows (views.decision_detail, one page of ROWS_PER_PAGE at a time) as light records.

An issued decision's page of 200 rows read as model instances built about 1,500 of them (the award, its award
type, kind of commendation, unit, person link and person): two thirds of the page's time at a million awards. Its
rows are now read with values_list, the names of the catalog and the unit joined in the same query, into ShownRow,
which awards/decisions/row_html.py formats. A draft's rows still come as instances first: its eligibility rules
and duplicates checks (awards.nominations.eligibility, row_checks) read the award types' grantors, the overrides
and the units of real Awards; their results are carried over to the same ShownRows."""

from dataclasses import dataclass, field
from typing import NamedTuple

from awards.decisions.row_checks import RowFinding, draft_findings, duplicate_groups, rows_compared
from awards.decisions.selectors import RowsPage, decision_awards
from awards.models import Award, Decision, RecipientKind
from awards.nominations.eligibility import RuleResult, awards_eligibility
from awards.people.selectors import people_pages_for, person_units_needed, url_maker
from kernel.types import Viewer


class LinkedPerson(NamedTuple):
    """The person record a row is linked to: what people_pages_for reads of it."""

    pk: int
    current_unit_id: int | None


@dataclass(slots=True, eq=False)
class ShownRow:
    """One row of the decision's table, with the names it prints (`award_type`, `commendation_kind`: the catalog's
    names) and what the page adds: the pages the user may open, the link to (re)link a person, on a draft the
    failed eligibility rules and the rows naming the same recipient for the same award."""

    pk: int
    line_no: int
    recipient_name: str
    position: str
    award_type_id: int
    award_type: str
    commendation_kind: str
    recipient_kind: str
    is_grassroots: bool
    unit_id: int | None
    workplace: str
    person: LinkedPerson | None
    person_page: LinkedPerson | None = None
    person_url: str = ""
    unit_page: int | None = None
    unit_url: str = ""
    link_url: str = ""
    failed_rules: list[RuleResult] = field(default_factory=list)
    row_findings: list[RowFinding] = field(default_factory=list)


# Read as they are into ShownRow's first fields (up to unit_id, the last of them).
_AS_SHOWN = (
    "pk",
    "line_no",
    "recipient_name",
    "position",
    "award_type_id",
    "award_type__name",
    "commendation_kind__name",
    "recipient_kind",
    "is_grassroots",
    "unit_id",
)
# Then what makes the workplace (Award.workplace) and the person. The person's current unit is joined only when it
# decides a link (a unit clerk's page): its 200 lookups in the people table were a third of the query's time.
_WORKPLACE_AND_PERSON = ("unit__name", "unit_name", "person_link__person_id")
_PERSON_UNIT = "person_link__person__current_unit_id"


def _issued_rows(decision: Decision, rows: RowsPage, *, person_units: bool) -> list[ShownRow]:
    """The page's rows in one query of tuples; their people's current units when `person_units`, else None."""
    fields = (*_AS_SHOWN, *_WORKPLACE_AND_PERSON, *([_PERSON_UNIT] if person_units else []))
    n = len(_AS_SHOWN)
    shown = []
    for values in rows.of(decision.awards.order_by("line_no")).values_list(*fields):
        unit_id, (unit_name, written_unit, person_id) = values[n - 1], values[n : n + 3]
        person_unit = values[n + 3] if person_units else None
        workplace = unit_name if unit_id else written_unit
        person = LinkedPerson(person_id, person_unit) if person_id else None
        shown.append(ShownRow(*values[:n] + (workplace, person)))
    return shown


def _shown(award: Award) -> ShownRow:
    link = getattr(award, "person_link", None)
    return ShownRow(
        pk=award.pk,
        line_no=award.line_no,
        recipient_name=award.recipient_name,
        position=award.position,
        award_type_id=award.award_type_id,
        award_type=award.award_type.name,
        commendation_kind=award.commendation_kind.name,
        recipient_kind=award.recipient_kind,
        is_grassroots=award.is_grassroots,
        unit_id=award.unit_id,
        workplace=award.workplace,
        person=LinkedPerson(link.person.pk, link.person.current_unit_id) if link else None,
    )


def _draft_rows(decision: Decision, rows: RowsPage) -> tuple[list[ShownRow], bool]:
    """The page's rows of a draft with their failed rules and duplicates findings, and whether the draft lists a
    recipient twice for one award on any page."""
    awards = decision_awards(decision=decision).select_related("person_link__person")
    awards = awards.prefetch_related("award_type__grantors", "eligibility_overrides__created_by")
    page = list(rows.of(awards))
    shown = [_shown(award) for award in page]
    # Each row's failed rules, for staff to fix or override before issuing.
    for row, results in zip(shown, awards_eligibility(page, decision=decision)):
        row.failed_rules = [r for r in results if r.passed is False]
    groups = duplicate_groups(rows_compared(decision))  # the page's rows against every page's
    for row, findings in zip(shown, draft_findings(page, decision=decision, groups=groups)):
        row.row_findings = findings  # the same recipient twice for the same award: no issuing
    return shown, bool(groups)


def decision_shown_rows(*, user: Viewer, decision: Decision, rows: RowsPage) -> tuple[list[ShownRow], bool]:
    """The page's rows of the decision as its page shows them: each with the person or unit page the user may
    open, and on a draft its failed eligibility rules and the rows (of any page) naming the same recipient for the
    same award; and whether a draft lists a recipient twice for one award, on any page. An issued or annulled
    decision: one query; a draft: the same queries whatever its size."""
    if decision.is_draft:
        shown, duplicates = _draft_rows(decision, rows)
    else:
        shown, duplicates = _issued_rows(decision, rows, person_units=person_units_needed(user)), False
    people_pages_for(
        user=user,
        rows=shown,
        person_of=lambda row: row.person,
        unit_of_row=lambda row: row.unit_id if row.recipient_kind == RecipientKind.COLLECTIVE else None,
    )
    link_url = url_maker("people:award-link")
    for row in shown:
        row.link_url = link_url(row.pk)
    return shown, duplicates
