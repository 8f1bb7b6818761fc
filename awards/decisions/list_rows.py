"""The decisions list's table body, built in Python: fifty rows of six cells through the template engine (a
lookup, a translation and a URL reversal per cell) cost more than every query of the page together."""

from collections.abc import Sequence
from functools import partial
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from awards.decisions.forms import DecisionFilterForm
from awards.models import Decision
from awards.models.decisions import number_and_symbol
from kernel.lib.formatting import vn_date, vn_int
from kernel.lib.kept_html import KeptHtml

SUMMARY_CHARACTERS = 120


def decision_rows_html(decisions: Sequence[Any]) -> SafeString:
    """Each decision as the list shows it, from decision_list's named rows. Every value is escaped here, the
    labels once for all rows."""
    # html.escape (quotes too, as autoescaping does), without django.utils.html's lazy-string wrapper.
    labels = {key: escape(_(text)) for key, text in LABELS.items()}
    status_names = {status: escape(str(name)) for status, name in Decision.Status.choices}
    # One reversal for the page: the detail URL with a placeholder id, filled in for each row.
    detail = reverse("awards:decision-detail", args=[0]).replace("/0/", "/{}/")
    rows = [
        '<tr><td class="text-nowrap stack-title"><a href="{url}">{symbol}</a></td>'
        '<td class="text-nowrap" data-label="{date_label}">{date}</td>'
        '<td data-label="{authority_label}">{authority}</td>'
        '<td data-label="{summary_label}">{summary}</td>'
        '<td class="text-end" data-label="{recipients_label}">{recipients}</td>'
        '<td class="text-nowrap" data-label="{status_label}"><span class="badge status-{status}">{status_name}'
        "</span></td></tr>".format(
            url=detail.format(decision.pk),  # an id in a URL reversed above
            symbol=escape(number_and_symbol(decision.number, decision.symbol)),
            date=vn_date(decision.date),
            authority=escape(decision.authority__name),
            summary=escape(_shortened(decision.summary)),
            recipients=vn_int(decision.award_count),
            status=escape(decision.status),
            status_name=status_names.get(decision.status) or escape(decision.status),
            **labels,
        )
        for decision in decisions
    ]
    if not rows:
        return format_html(
            '<tr><td colspan="6" class="text-muted">{}</td></tr>', _("No decision matches these filters.")
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value was escaped above)


_empty_filters = KeptHtml(most=64)  # languages × catalog states: a handful


def decision_filters_html(form: DecisionFilterForm) -> SafeString:
    """The list's filters (a DecisionFilterForm). Empty, as most visits open the list, they are the same for every
    user of a language until the catalogs change, and are rendered once for those (a quarter of the page's
    template time); filled in, they are rendered with their values and errors."""
    render = partial(render_to_string, "awards/_decision_filters.html", {"form": form})
    if form.is_bound:
        return render()
    # The Clear link's address holds the script prefix.
    return _empty_filters.get((get_language(), get_script_prefix(), form.catalogs), render)


def _shortened(text: str) -> str:
    """At most SUMMARY_CHARACTERS characters, the last one an ellipsis when cut (as Django's truncatechars,
    without its per-character pass: summaries are stored in NFC, one character per letter)."""
    return text if len(text) <= SUMMARY_CHARACTERS else text[: SUMMARY_CHARACTERS - 1].rstrip() + "…"


# The column names a phone shows beside each value (the table stacks its cells under 576 px).
LABELS = {
    "date_label": gettext_noop("Date"),
    "authority_label": gettext_noop("Authority"),
    "summary_label": gettext_noop("Summary"),
    "recipients_label": gettext_noop("Recipients"),
    "status_label": gettext_noop("Status"),
}
