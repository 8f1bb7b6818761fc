"""The rows of a decision's page (templates/awards/decision_detail.html) as one HTML fragment built in Python.

A template loop paid about 0.1 ms a row in variable lookups, filters and includes (30–45 ms of a 290-row page's
65 ms); one str.format of a row whose every value went through html.escape (quotes too, as autoescaping does) costs
a few microseconds, so a recipient named "<script>" still prints as text. The few rows of a draft with a failed
eligibility rule or a duplicate still render their cell with the templates that show and override them."""

from collections.abc import Iterable
from html import escape

from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from awards.decisions.money import Amount
from awards.decisions.shown_rows import ShownRow
from awards.models import RecipientKind
from kernel.lib.formatting import vn_int
from kernel.types import Viewer

# One row; every {value} is escaped before it goes in (html.escape, quotes too), the labels once per page.
ROW = (
    '<tr><td data-label="#">{no}</td><td data-label="{l0}">{name}</td><td data-label="{l1}">{position}</td>'
    '<td data-label="{l2}">{workplace}</td><td data-label="{l3}">{award}</td><td data-label="{l4}">{kind}</td>'
    '<td data-label="{l5}">{recipient_kind}</td><td data-label="{l6}">{grassroots}</td>{checks}'
    '<td class="text-end" data-label="{l8}">{amount}</td></tr>'
)


class _Texts:
    """What every row repeats, translated and escaped once per page."""

    def __init__(self, *, is_draft: bool, user: Viewer) -> None:
        labels = [
            _("Recipient"),
            _("Position"),
            _("Unit or address"),
            _("Award"),
            _("Kind"),
            _("Recipient kind"),
            _("Grassroots"),
            _("Failed eligibility rules"),
            _("Reward (VND)"),
        ]
        row = ROW
        for index, label in enumerate(labels):
            # Braces doubled: the row goes through str.format after, which must not read a translation's braces.
            row = row.replace(f"{{l{index}}}", escape(str(label)).replace("{", "{{").replace("}", "}}"))
        self.row = row
        self.checks_cell = f'<td data-label="{escape(str(labels[7]))}">{{}}</td>'
        self.person_title = escape(_("Person record"))
        self.change_person, self.link_person = escape(_("change person")), escape(_("link to a person"))
        self.no_coefficient = f'<span class="text-muted">{escape(_("no coefficient"))}</span>'
        self.unverified = (
            f'<sup title="{escape(_("A coefficient, base salary or rounding rule used here is not verified yet."))}">'
            "*</sup>"
        )
        # What the checks' templates print for a row with no failed rule and no duplicate.
        self.no_finding = f'<ul class="list-unstyled small mb-0"><li class="text-muted">{escape(_("none"))}</li></ul>'
        self.checks = get_template("awards/_award_checks.html") if is_draft else None
        self.perms = PermWrapper(user)
        self.kinds = {value: escape(str(label)) for value, label in RecipientKind.choices}
        self.amount_titles: dict[tuple, str] = {}

    def amount(self, amount: Amount | None) -> str:
        if not amount:
            return self.no_coefficient
        key = (amount.coefficient, amount.base_salary)
        if key not in self.amount_titles:
            self.amount_titles[key] = escape(
                _("%(c)s × base salary %(s)s") % {"c": amount.coefficient, "s": vn_int(amount.base_salary)}
            )
        cell = f'<span title="{self.amount_titles[key]}">{vn_int(amount.rounded)}</span>'
        return cell if amount.verified else cell + self.unverified


def _recipient_cell(award: ShownRow, texts: _Texts, *, can_link_people: bool) -> str:
    name = escape(award.recipient_name)
    if award.person_page:
        name = f'<a href="{escape(award.person_url)}" title="{texts.person_title}">{name}</a>'
    elif award.unit_page:
        name = f'<a href="{escape(award.unit_url)}">{name}</a>'
    if can_link_people and award.recipient_kind == RecipientKind.INDIVIDUAL:
        label = texts.change_person if award.person else texts.link_person
        name += f'\n      <a class="small d-print-none ms-1" href="{escape(award.link_url)}">{label}</a>'
    return name


def decision_award_rows_html(
    rows: Iterable[tuple[ShownRow, Amount | None]], *, is_draft: bool, can_link_people: bool, user: Viewer
) -> SafeString:
    """The <tr>s of the decision page's table: # · recipient · position · unit · award · kind · recipient kind ·
    grassroots · (a draft: failed rules and duplicates) · reward. Rows come from shown_rows.decision_shown_rows."""
    texts = _Texts(is_draft=is_draft, user=user)
    parts = []
    for award, amount in rows:
        checks = ""
        if texts.checks is not None:
            noted = award.failed_rules or award.row_findings
            shown = texts.checks.render({"award": award, "perms": texts.perms}) if noted else None
            checks = texts.checks_cell.format(shown or texts.no_finding)  # the template's output is escaped
        parts.append(
            texts.row.format(
                no=award.line_no,
                name=_recipient_cell(award, texts, can_link_people=can_link_people),
                position=escape(award.position),
                workplace=escape(award.workplace),
                award=escape(award.award_type),
                kind=escape(award.commendation_kind),
                recipient_kind=texts.kinds.get(award.recipient_kind, ""),
                grassroots="✓" if award.is_grassroots else "",
                checks=checks,
                amount=texts.amount(amount),
            )
        )
    return mark_safe("\n".join(parts))  # noqa: S308  (every value above is escaped)
