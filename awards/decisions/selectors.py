"""Reads for decisions. Every list a user sees goes through decisions_visible_to, so scope is decided once."""

import datetime
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, Func, Max, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import (
    Authority,
    Award,
    AwardType,
    Decision,
    Dossier,
    Nomination,
    NumberRegister,
)
from awards.scopes import decisions_visible_to
from kernel.lib.formatting import vn_date
from kernel.lib.search import (
    Found,
    distinct_values_capped,
    first_and_capped_total,
    first_and_total,
    name_words_q,
    search_q,
)
from kernel.lib.symbols import SymbolError, format_symbol, parse_symbol
from kernel.types import Viewer

# What the list shows (awards/decisions/list_rows.py), read as named rows (kernel.lib.paging.list_page's
# `fields`): fifty decisions and their authorities as model instances cost the page more than its query.
LIST_FIELDS = ("pk", "number", "symbol", "date", "summary", "status", "authority__name", "award_count")


def decision_list(
    *,
    user: Viewer,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    authority: Authority | None = None,
    award_type: AwardType | None = None,
    status: str = "",
    q: str | None = "",
) -> QuerySet[Decision]:
    """The decisions a user sees, filtered, newest first, each with `award_count`, its recipients."""
    decisions = decisions_visible_to(user=user)
    if date_from:
        decisions = decisions.filter(date__gte=date_from)
    if date_to:
        decisions = decisions.filter(date__lte=date_to)
    if authority:
        decisions = decisions.filter(authority=authority)
    if status:
        decisions = decisions.filter(status=status)
    if award_type:
        decisions = decisions.filter(Exists(Award.objects.filter(decision=OuterRef("pk"), award_type=award_type)))
    q = (q or "").strip()
    if q:
        decisions = decisions.filter(_search(q))
    # How many recipients each decision has, in the page's own query: a list page reads its rows by keyset or by
    # ids found first (kernel/lib/paging.py), so the count runs for the fifty rows shown, never for rows skipped.
    # COUNT(*), not of ids: the decision's index alone answers it (an index-only scan), without reading awards.
    recipients = Award.objects.filter(decision=OuterRef("pk")).order_by().values("decision").annotate(n=Count("*"))
    decisions = decisions.annotate(award_count=Coalesce(Subquery(recipients.values("n")), 0))
    return decisions.order_by("-date", "-number", "-pk")


def decision_filter_catalogs() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The list filters' options: the authorities that issue decisions and the award types, each in display
    order, as (id, name), read in one query instead of one per catalog (a round trip is a tenth of the page)."""
    qn = connection.ops.quote_name
    sql = f"""
        SELECT 0, id, name, display_order FROM {qn(Authority._meta.db_table)} WHERE issuer_id IS NOT NULL
        UNION ALL
        SELECT 1, id, name, display_order FROM {qn(AwardType._meta.db_table)}
        ORDER BY 1, 4, 3"""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return [(pk, name) for kind, pk, name, _ in rows if kind == 0], [(pk, name) for kind, pk, name, _ in rows if kind]


def _search(q: str) -> Q:
    """A number and symbol ("651/QĐ-UBND") finds that decision; a bare number finds decisions with that
    number; in other text every word must be in the symbol or the summary, or begin a word of one recipient's
    name, ignoring diacritics and case ("hoang van phong" finds "Hoàng Văn Phong")."""
    exact = _numbered(q)
    if exact is not None:
        return exact
    # Two uncorrelated INs, each answered by its index: an OR of the folded columns themselves made PostgreSQL
    # fold the symbol and the summary of every decision (115 ms for a first page at 27,385 decisions).
    described = _described(Decision.objects.all(), q).values("pk")
    return Q(pk__in=described) | Q(pk__in=_recipients_named(q).values("decision_id"))


def _numbered(q: str) -> Q | None:
    """A number and symbol, or a bare number: the decisions so numbered; else None (a text search)."""
    try:
        parsed = parse_symbol(q)
    except SymbolError:
        parsed = None
    if parsed:
        return Q(number=parsed.number, symbol__iexact=parsed.symbol)
    if re.fullmatch(r"[0-9]{1,9}", q):
        return Q(number=int(q))
    return None


class DecisionText(Func):
    """`symbol || ' ' || summary`, the one text the trigram index of migration awards 0018 is built on."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(F("symbol"), F("summary"))


def _described(decisions: QuerySet[Decision], q: str) -> QuerySet[Decision]:
    """Those of `decisions` whose symbol and summary hold every word of `q` (the trigram index of awards 0018)."""
    return decisions.filter(search_q(fields=[DecisionText()], text=q)).order_by()


def _recipients_named(q: str) -> QuerySet[Award]:
    """Awards whose recipient's name has a word beginning with each word of `q`. One full-text condition on the
    name lets PostgreSQL answer from its index alone; read through an uncorrelated IN, the matches are read once
    (a per-word, per-decision EXISTS took 8 s at 1,000,000 awards)."""
    return Award.objects.filter(name_words_q("recipient_name", q)).order_by()


def decision_search(*, user: Viewer, text: str, limit: int, cap: int) -> Found[Decision]:
    """The decisions in the user's scope matching `text` as the decisions list's `q` does (ignoring diacritics and
    case), newest first: the first `limit` and how many there are up to `cap + 1`, in two queries.

    A recipient's word ("van") may match a hundred thousand awards. The matching decisions are first gathered from
    the indexes, reading only until more than `cap` are found (distinct_values_capped). Up to the cap they are
    all known, and the page is read by id. Past it they are dense among the decisions, so the page walks the
    decisions newest first and asks each whether a recipient's name matches, stopping at `limit`: at 1,000,000
    awards, "van" is answered by 28 decisions walked instead of 140,484 awards read."""
    visible = decisions_visible_to(user=user)
    q = text.strip()
    newest_first = ("-date", "-number", "-pk")
    numbered = _numbered(q)
    if numbered is not None:
        decisions = visible.filter(numbered).select_related("authority").order_by(*newest_first)
        return first_and_capped_total(decisions, limit=limit, cap=cap)
    described = _described(visible, q).values_list("pk", flat=True)
    named = _recipients_named(q).values_list("decision_id", flat=True)
    if visible.query.has_filters():  # a clerk: only the decisions they may see
        named = named.filter(decision__in=visible.order_by().values("pk"))
    ids, complete = distinct_values_capped([described, named], cap=cap)
    if complete:
        decisions = Decision.objects.filter(pk__in=ids)
    else:
        # Correlated by a range, not "=": PostgreSQL would otherwise read the EXISTS as a hashed IN over every
        # matching award (140,484 for "van": 460 ms), which is what walking avoids. Same rows, same index.
        same_decision = Q(decision_id__gte=OuterRef("pk"), decision_id__lte=OuterRef("pk"))
        recipient = Award.objects.filter(same_decision, name_words_q("recipient_name", q))
        decisions = visible.filter(Q(pk__in=described) | Exists(recipient))
    rows = list(decisions.select_related("authority").order_by(*newest_first)[:limit])
    return Found(rows=rows, total=min(len(ids), cap + 1), cap=cap)


def issued_awards(*, start: datetime.date, end: datetime.date) -> QuerySet[Award]:
    """The awards of decisions issued and dated within [start, end], both ends included: what every period's
    count starts from (Phụ lục 2, the award summary, the money summary, the annual forms; DESIGN.md "Counting")."""
    return Award.objects.filter(decision__status=Decision.Status.ISSUED, decision__date__range=(start, end))


def decision_awards(*, decision: Decision) -> QuerySet[Award]:
    return decision.awards.select_related(
        "award_type", "commendation_kind", "unit", "person_link", "classification"
    ).order_by("line_no")


@dataclass(frozen=True)
class RowsPage:
    """One page of a decision's rows (?trang=N): which rows, and the links to the others. Pages are counted by
    position in line order, so page N holds the same rows as long as nobody adds or removes rows before it."""

    page: Page
    lines: tuple[int, int]  # the first and last line numbers on the page; (1, 0) for a decision without rows

    def of(self, awards: QuerySet[Award]) -> QuerySet[Award]:
        """The page's rows of `awards` (the decision's rows in line order, as decision_awards reads them)."""
        first, last = self.lines
        return awards[first - 1 : last] if last >= first else awards.none()

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def several(self) -> bool:
        return self.page.paginator.num_pages > 1

    @property
    def page_links(self) -> list:
        """Page numbers around this one, with Paginator.ELLIPSIS for the gaps."""
        return list(self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1))


def decision_rows_page(*, number: str | int | None, count: int, per_page: int) -> RowsPage:
    """The page `number` (the last one past the end, the first one when not a number) of a decision's `count`
    rows, `per_page` a page. No query: the caller knows the count, and reads the rows with RowsPage.of."""
    page = Paginator(range(count), per_page).get_page(number)
    # Line numbers run 1…n without gaps (services._write_awards, paged_rows.rows_make_room): positions are lines.
    return RowsPage(page=page, lines=(page.start_index(), page.end_index()) if count else (1, 0))


def decision_award_groups(*, decision: Decision) -> list[tuple[int, str, int]]:
    """The decision's rows counted by award type and recipient kind, (award type id, recipient kind, count): one
    query of a few groups, which gives the decision page both its counts (decision_counts) and its reward total
    (money.decision_money_totals)."""
    # No ordering: Award's default one would join awards_decision into the count.
    groups = decision.awards.order_by().values_list("award_type_id", "recipient_kind").annotate(n=Count("id"))
    return list(groups)


def decision_counts(*, groups: list[tuple[int, str, int]]) -> dict[str, int]:
    """Recipients by recipient kind, from decision_award_groups."""
    counts: dict[str, int] = {}
    for _award_type_id, recipient_kind, n in groups:
        counts[recipient_kind] = counts.get(recipient_kind, 0) + n
    return counts


def decision_number_peek(*, issuer_id: int, year: int) -> int:
    """The number the issuer's register would give next for the year: one more than the register's last number
    or the highest number typed on a decision of that year, whichever is higher. Read without a lock here;
    awards.decisions.services.decision_number_next takes it under the register's row lock."""
    typed = Decision.objects.filter(issuer_id=issuer_id, date__year=year).aggregate(highest=Max("number"))["highest"]
    last = NumberRegister.objects.filter(issuer_id=issuer_id, year=year).values_list("last_number", flat=True).first()
    return max(last or 0, typed or 0) + 1


def number_order_warning(*, decision: Decision) -> str:
    """For a draft left without a number: a warning, or "", when the number its issuer's register would give it if
    it were issued now (decision_number_peek) comes after a decision of the same register dated later, which breaks
    the register's date order. It names that decision (the highest-numbered one dated later), counts the others,
    and names the decision the draft's date puts it after. Staff may still issue it (a late entry happens), or
    change its date. Four queries whatever the size of the register."""
    if not decision.is_draft or decision.number is not None:
        return ""
    year = decision.date.year
    number = decision_number_peek(issuer_id=decision.issuer_id, year=year)
    numbered = Decision.objects.filter(issuer_id=decision.issuer_id, date__year=year, number__isnull=False)
    later, count = first_and_total(numbered.filter(date__gt=decision.date).order_by("-number", "-pk"), limit=1)
    if not later:
        return ""
    [previous] = later
    warning = _(
        "Number %(number)s to be given, dated %(date)s, would come after %(previous)s dated %(previous_date)s in "
        "the register: a lower number would bear a later date. Check the date, or type the number the decision "
        "really bears; if the order is right, it may still be issued."
    ) % {
        "number": format_symbol(number, decision.symbol),
        "date": vn_date(decision.date),
        "previous": previous.number_and_symbol,
        "previous_date": vn_date(previous.date),
    }
    if count > 1:
        warning += " " + ngettext(
            "%(count)s other decision with a lower number is dated after it too.",
            "%(count)s other decisions with lower numbers are dated after it too.",
            count - 1,
        ) % {"count": count - 1}
    before = numbered.filter(date__lte=decision.date).order_by("-date", "-number", "-pk").first()
    if before is not None:
        warning += " " + _("By its date it belongs after %(before)s dated %(before_date)s.") % {
            "before": before.number_and_symbol,
            "before_date": vn_date(before.date),
        }
    return warning


def nominations_to_decide(*, user: Viewer) -> QuerySet:
    """Approved nominees still without a decision, for staff gathering a decision: council-approved ones of
    reviewed dossiers (State awards only once forwarded), and vetted ones of kinds that skip the council.
    Constant queries. Mirrors awards.nominations.services.nomination_decidable."""
    if not user.has_perm("awards.add_decision"):
        return Nomination.objects.none()
    # A State award is decided centrally: its nominee waits until the province's letter has forwarded it.
    provincial = ~Q(award_type__level="state")
    approved = Q(dossier__status=Dossier.Status.REVIEWED, result="passed") & provincial
    forwarded = Q(dossier__status=Dossier.Status.FORWARDED, result="passed")
    vetted = (
        Q(dossier__status=Dossier.Status.VETTED, dossier__commendation_kind__council_review=False, vetting_ok=True)
        & provincial
    )
    return (
        Nomination.objects.filter(approved | forwarded | vetted, award__isnull=True)
        .exclude(decisions__status__in=["draft", "issued"])
        .select_related("dossier__unit", "dossier__commendation_kind", "award_type")
        .order_by("dossier__unit__name", "dossier_id", "line_no")
    )
