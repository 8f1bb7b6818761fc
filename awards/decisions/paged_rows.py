"""The rows of a long draft decision edited one page at a time (awards.decisions.views, ?trang=N).

A page is a window of consecutive line numbers. Saving it replaces those rows only: the rows after them move up or
down by how many rows the page gained or lost, so line numbers stay 1…n without gaps, and the rows of the other
pages are neither sent nor rewritten (a 5,000-row draft saves one page of 200 rows, not 5,000). The rules that
hold between the header and every row (an award the authority grants, valid on the date, given to that recipient
kind) are still checked over all the rows: changing the date on page 3 is refused when it makes a row of page 7
wrong, naming that line. The duplicates check (awards.decisions.row_checks) reads all the rows by itself."""

from typing import NamedTuple

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Award, AwardType, CommendationKind, Decision
from clusters.models import Unit

# The detail page and the edit page show this many rows per page; a decision of fewer rows is one page.
ROWS_PER_PAGE = 200
LINES_NAMED = 10  # errors of rows on other pages: the first ones named, the rest counted
# Far above any line number (MAX_RECIPIENTS): rows moving are parked there first, so that no two rows ever hold
# one line number at once (award_line_unique_in_decision is checked row by row during an UPDATE).
PARKING = 1_000_000


class OtherRow(NamedTuple):
    """A row of another page, with what the header's rules read of a row (RecipientFields' names)."""

    line_no: int
    award_type: AwardType
    commendation_kind: CommendationKind
    recipient_kind: str
    recipient_name: str
    unit: Unit | None  # only its id is read: one unsaved Unit per unit the rows name
    unit_name: str
    # Their classes were checked when they were written (awards.decisions.row_classes): none to check again.
    individual_class: str = ""
    is_enterprise: bool | None = None
    proposing_body: str = ""


_OTHER_ROW_COLUMNS = (
    "line_no award_type_id commendation_kind_id recipient_kind recipient_name unit_id unit_name".split()
)


def rows_outside(decision: Decision, lines: tuple[int, int]) -> tuple[list[OtherRow], list[OtherRow]]:
    """The decision's rows before and after `lines`, in line order, as OtherRows: tuples, not model instances
    (4,800 Awards took half a second to build). Three queries."""
    types, kinds = AwardType.objects.in_bulk(), CommendationKind.objects.in_bulk()
    rows = decision.awards.exclude(line_no__range=lines).order_by("line_no").values_list(*_OTHER_ROW_COLUMNS)
    before: list[OtherRow] = []
    after: list[OtherRow] = []
    units: dict[int, Unit] = {}
    for line_no, award_type_id, kind_id, recipient_kind, name, unit_id, unit_name in rows:
        unit = None if unit_id is None else units.get(unit_id) or units.setdefault(unit_id, Unit(pk=unit_id))
        row = OtherRow(line_no, types[award_type_id], kinds[kind_id], recipient_kind, name, unit, unit_name)
        (before if line_no < lines[0] else after).append(row)
    return before, after


def rows_errors_split(
    rows: dict[int, dict[str, list[str]]], *, before: list[OtherRow], count: int, after: list[OtherRow]
) -> tuple[dict[int, dict[str, list[str]]], list[str]]:
    """The row errors of a check run over [*before, *the page's `count` rows, *after]: those of the page's rows by
    their index within the page, and the others' as messages naming their line (the first LINES_NAMED)."""
    on_page: dict[int, dict[str, list[str]]] = {}
    elsewhere = []
    for index, row in sorted(rows.items()):
        if len(before) <= index < len(before) + count:
            on_page[index - len(before)] = row
        else:
            award = before[index] if index < len(before) else after[index - len(before) - count]
            elsewhere.append((award.line_no, [m for messages in row.values() for m in messages]))
    general = [
        _("Line %(line)s (another page): %(messages)s") % {"line": line, "messages": " ".join(messages)}
        for line, messages in elsewhere[:LINES_NAMED]
    ]
    if len(elsewhere) > LINES_NAMED:
        more = len(elsewhere) - LINES_NAMED
        general.append(
            ngettext(
                "%(count)s more line on other pages has the same kind of error.",
                "%(count)s more lines on other pages have the same kind of error.",
                more,
            )
            % {"count": more}
        )
    return on_page, general


def rows_make_room(decision: Decision, lines: tuple[int, int], count: int) -> None:
    """Delete the rows of `lines` and move the rows after them so that `count` rows fit from lines[0] on."""
    _total, removed = decision.awards.filter(line_no__range=lines).delete()
    shift = count - removed.get(Award._meta.label, 0)
    if shift:
        Award.objects.filter(decision=decision, line_no__gt=lines[1]).update(line_no=F("line_no") + PARKING)
        Award.objects.filter(decision=decision, line_no__gt=PARKING).update(line_no=F("line_no") - PARKING + shift)
