"""The home page's dashboard (issue #14, point 7): what waits for each role, and for staff and leaders a statistical
year's figures against the same days a year before, drawn as SVG beside their tables, in a constant number of
queries."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.council.selectors import meeting_items_waiting
from awards.decisions.services import decision_annul
from awards.models import Decision, Dossier
from campaigns.models import Campaign
from kernel.roles import ADMINISTRATOR
from tests.factories import UserFactory, kind, make_decision, recipient, roles_ready
from tests.helpers import vietnamese
from thiduakhenthuong.dashboard.figures import award_figures, dossier_stages
from thiduakhenthuong.dashboard.period import Period, dashboard_period
from thiduakhenthuong.demo import COUNCIL_MEMBER_LOGIN, STAFF_LOGIN

pytestmark = pytest.mark.django_db
S = Dossier.Status
HOME = reverse("home")
# Statistical year 2025 (01/12/2024–30/11/2025) against 2024 (01/12/2023–30/11/2024), both whole.
YEAR_2025 = {"year": 2025}


def test_until_its_forms_are_due_the_year_just_closed_is_shown_whole():
    for today in (datetime.date(2026, 12, 1), datetime.date(2026, 12, 15)):
        period = dashboard_period(year=None, today=today)
        assert period.year == 2026 and not period.to_date
        assert period.current == Period(datetime.date(2025, 12, 1), datetime.date(2026, 11, 30))
    assert dashboard_period(year=None, today=datetime.date(2026, 12, 16)).year == 2027


def test_the_period_is_the_statistical_year_to_date_against_the_same_days_a_year_before():
    today = datetime.date(2026, 12, 17)
    period = dashboard_period(year=None, today=today)
    assert period.year == 2027 and period.to_date
    assert period.current == Period(datetime.date(2026, 12, 1), today)
    assert period.previous == Period(datetime.date(2025, 12, 1), datetime.date(2025, 12, 17))
    mid_year = dashboard_period(year=None, today=datetime.date(2026, 6, 15))
    assert mid_year.current == Period(datetime.date(2025, 12, 1), datetime.date(2026, 6, 15)) and mid_year.year == 2026
    past = dashboard_period(year=2025, today=today)
    assert past.current == Period(datetime.date(2024, 12, 1), datetime.date(2025, 11, 30)) and not past.to_date
    assert past.previous == Period(datetime.date(2023, 12, 1), datetime.date(2024, 11, 30))
    assert dashboard_period(year=2030, today=today).year == 2027  # no year after the current one
    leap = dashboard_period(year=None, today=datetime.date(2028, 2, 29))
    assert leap.previous.end == datetime.date(2027, 2, 28)


def _dossier(unit, status, *, days_ago=0, title="Đề nghị tặng Bằng khen"):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    submitted = None if status == S.DRAFT else moment
    return Dossier.objects.create(
        unit=unit,
        commendation_kind=kind("regular"),
        year=2025,
        title=title,
        status=status,
        submitted_at=submitted,
        status_changed_at=moment,
    )


def _merit(**fields):
    return recipient(kind_code="merit", **fields)  # the kind of commendation of the 2022 law, valid from 2024


def _decision(date, recipients=None, issued=True):
    return make_decision(date=date, recipients=recipients or [_merit()], issued=issued)


def _awards(*, grassroots_now=2, others_now=1, before=1):
    """Issued decisions in statistical year 2025 and 2024, and some that must not count."""
    now, then = datetime.date(2025, 3, 1), datetime.date(2024, 3, 1)
    collectives = [
        _merit(name=f"Tập thể {i}", recipient_kind="collective", grassroots=True) for i in range(grassroots_now)
    ]
    _decision(now, collectives + [_merit(code="CSTD_TINH", name=f"Cá nhân {i}") for i in range(others_now)])
    _decision(then, [_merit(name=f"Người {i}") for i in range(before)])
    _decision(now, issued=False)  # a draft counts nowhere
    decision_annul(actor=None, decision=_decision(now), reason="Nhầm")  # nor an annulled one
    _decision(datetime.date(2025, 12, 1))  # the next statistical year


def test_awards_are_counted_by_level_type_and_grassroots_for_both_periods():
    _awards()
    period = dashboard_period(year=2025, today=datetime.date(2026, 12, 7))
    figures = award_figures(current=period.current, previous=period.previous)
    assert (figures.total.current, figures.total.previous) == (3, 1)
    assert (figures.grassroots.current, figures.grassroots.previous) == (2, 0)
    provincial = next(row for row in figures.by_level if row.key == "provincial")
    assert (provincial.current, provincial.previous) == (3, 1)
    assert [row.key for row in figures.by_level] == ["state", "provincial", "district", "commune", "grassroots"]
    assert [(row.label, row.current, row.previous) for row in figures.by_type] == [
        ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2, 1),
        ("Chiến sĩ thi đua cấp tỉnh", 1, 0),
    ]


def test_dossiers_by_stage_count_the_days_waited_in_the_stage(unit_a, staff):
    for days in (2, 4, 9):
        _dossier(unit_a, S.SUBMITTED, days_ago=days)
    _dossier(unit_a, S.DRAFT, days_ago=30)  # the unit's own: not in staff's hands
    _dossier(unit_a, S.DECIDED, days_ago=60)  # done: waits no more
    stages = {s.status: s for s in dossier_stages(user=staff, today=timezone.localdate())}
    assert S.DRAFT not in stages and S.DECIDED not in stages
    assert (stages[S.SUBMITTED].count, stages[S.SUBMITTED].median_days, stages[S.SUBMITTED].longest_days) == (3, 4, 9)
    assert stages[S.RECEIVED].count == 0 and stages[S.RECEIVED].median_days is None


# The page, persona by persona.


def _waiting(page: str) -> dict[str, str]:
    """What the "waiting for you" panel lists: label → count."""
    panel = page.split('id="waiting-title"', 1)[1].split("</section>", 1)[0]
    return dict(re.findall(r'<a href="[^"]+">([^<]+)</a>\s*<span class="badge[^"]*">([^<]+)</span>', panel))


def test_anonymous_is_sent_to_log_in_and_only_get_is_allowed(client, staff):
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(staff)
    assert client.post(HOME).status_code == 405


def test_a_unit_clerk_sees_what_waits_in_their_own_unit_and_no_figures(client, clerk_a, unit_a, unit_b):
    _dossier(unit_a, S.RETURNED)
    _dossier(unit_a, S.DRAFT)
    _dossier(unit_a, S.DRAFT)
    for status in (S.RETURNED, S.RETURNED, S.DRAFT, S.SUBMITTED):
        _dossier(unit_b, status)  # another unit's: never counted for unit A
    client.force_login(clerk_a)
    page = client.get(HOME).content.decode()
    waiting = _waiting(page)
    assert waiting == {
        vietnamese("Dossiers returned to your unit, to fix and submit again"): "1",
        vietnamese("Dossiers being prepared, not submitted yet"): "2",
    }
    assert f"{reverse('awards:dossier-list')}?status=returned" in page
    assert 'id="figures-title"' not in page and "<svg" not in page


def test_another_units_clerk_sees_only_their_units_dossiers(client, clerk_b, unit_a, unit_b):
    _dossier(unit_a, S.RETURNED)
    client.force_login(clerk_b)
    waiting = _waiting(client.get(HOME).content.decode())
    assert set(waiting.values()) == {"0"}


def test_staff_see_their_work_and_the_figures_with_the_lists_behind_them(client, staff, unit_a):
    _awards()
    _dossier(unit_a, S.SUBMITTED, days_ago=3)
    _dossier(unit_a, S.RECEIVED)
    _dossier(unit_a, S.DRAFT)  # the unit's draft: not staff's
    Campaign.objects.create(
        name="Phong trào thi đua",
        kind="regular",
        level="provincial",
        start_date=datetime.date(2024, 1, 1),
        organiser="UBND tỉnh",
    )
    client.force_login(staff)
    page = client.get(HOME, YEAR_2025).content.decode()
    waiting = _waiting(page)
    assert waiting[vietnamese("Dossiers submitted, to receive")] == "1"
    assert waiting[vietnamese("Dossiers received, to vet")] == "1"
    assert waiting[vietnamese("Draft decisions, to issue once signed")] == "1"
    assert "01/12/2024–30/11/2025" in page and "01/12/2023–30/11/2024" in page
    titles = ["Awards by level", "Awards by award type", "Grassroots share", "Campaigns by scope", "Dossiers by stage"]
    assert all(vietnamese(title) in page for title in titles)
    assert page.count('<svg class="chart"') == 5
    assert "<script" not in page.split('id="figures-title"')[1].split("</section>")[-2]  # no inline script
    assert 'style="' not in page  # the Content Security Policy allows no style attribute
    # Each chart links to its list, and its table's rows to theirs.
    assert f"{reverse('reports:appendix2')}?date_from=01%2F12%2F2024&amp;date_to=30%2F11%2F2025" in page
    assert f'href="{reverse("campaigns:campaign-list")}?year=2025"' in page
    assert f"{reverse('awards:dossier-list')}?status=submitted" in page
    assert "award_type=" in page and "status=issued" in page
    # The figures: 3 awards against 1 (+200%), 2 of them grassroots (66,7%).
    assert "+2 (+200,0%)" in page and "66,7%" in page


def _table_rows(page: str, slug: str) -> dict[str, list[str]]:
    """A chart's table: each row's label → its cells."""
    table = page.split(f'id="{slug}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = re.findall(r'<th scope="row"[^>]*>(?:<a [^>]+>)?([^<]+)(?:</a>)?</th>(.*?)</tr>', table, re.S)
    return {label: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for label, cells in rows}


def test_campaigns_are_counted_by_scope_those_without_one_as_not_classified(client, staff):
    def campaign(name, start, end=None, scope=""):
        Campaign.objects.create(
            name=name,
            kind="regular",
            level="provincial",
            scope=scope,
            start_date=start,
            end_date=end,
            organiser="UBND tỉnh",
        )

    campaign("Thi đua cụm, khối", datetime.date(2024, 1, 1), scope=Campaign.Scope.CLUSTER_BLOC)  # both years
    campaign("Chuyên đề 2025", datetime.date(2025, 2, 1), datetime.date(2025, 9, 30), scope=Campaign.Scope.SECTOR_LOCAL)
    campaign("Chưa phân loại", datetime.date(2023, 12, 15), datetime.date(2024, 6, 30))  # the year before only
    campaign("Năm sau", datetime.date(2025, 12, 1))  # after the period
    client.force_login(staff)
    rows = _table_rows(client.get(HOME, YEAR_2025).content.decode(), "campaigns-by-scope")
    counts = {label: cells[:2] for label, cells in rows.items()}
    scopes = dict(Campaign.Scope.choices)
    assert counts == {
        str(scopes["national"]): ["0", "0"],
        str(scopes["sector_local"]): ["1", "0"],
        str(scopes["cluster_bloc"]): ["1", "1"],
        str(scopes["unit"]): ["0", "0"],
        vietnamese("Not classified"): ["0", "1"],
    }


def test_a_leader_sees_the_figures_and_the_drafts_awaiting_signature(client, leader, unit_a):
    _decision(datetime.date(2025, 3, 1), issued=False)
    _dossier(unit_a, S.REVIEWED)
    client.force_login(leader)
    page = client.get(HOME, YEAR_2025).content.decode()
    waiting = _waiting(page)
    assert waiting[vietnamese("Draft decisions prepared, awaiting signature")] == "1"
    assert waiting[vietnamese("Dossiers reviewed by the council, awaiting a decision")] == "1"
    assert page.count('<svg class="chart"') == 5


def test_a_council_member_sees_the_votes_awaited_and_no_figures(client, council_member):
    client.force_login(council_member)
    page = client.get(HOME).content.decode()
    assert _waiting(page) == {
        vietnamese("Nominees waiting for your vote"): "0",
        vietnamese("Open meetings with nominees still to vote on"): "0",
    }
    assert 'id="figures-title"' not in page


def test_a_wrong_year_is_said_in_vietnamese_and_the_current_year_shown(client, staff):
    client.force_login(staff)
    page = client.get(HOME, {"year": "abc"}).content.decode()
    assert vietnamese("Choose a statistical year from the list.") in page
    today = timezone.localdate()
    assert f"{dashboard_period(year=None, today=today).current.start:%d/%m/%Y}" in page


def test_the_year_selector_shows_the_year_whose_figures_are_shown(client, staff):
    client.force_login(staff)
    shown = dashboard_period(year=None, today=timezone.localdate()).year
    page = client.get(HOME).content.decode()
    assert re.findall(r'<option value="(\d+)" selected>', page) == [str(shown)]
    page = client.get(HOME, {"year": shown - 1}).content.decode()
    assert re.findall(r'<option value="(\d+)" selected>', page) == [str(shown - 1)]


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME, params).status_code == 200
    return len(captured)


def test_the_dashboard_reads_a_constant_number_of_queries_whatever_the_data(client, staff, clerk_a, unit_a):
    client.force_login(staff)
    few = _queries(client, **YEAR_2025)
    _awards(grassroots_now=12, others_now=8, before=9)
    for status in (S.SUBMITTED, S.RECEIVED, S.VETTED, S.REVIEWED, S.RETURNED) * 3:
        _dossier(unit_a, status, days_ago=5)
    for level in ("central", "provincial"):
        Campaign.objects.create(
            name=f"Phong trào {level}",
            kind="regular",
            level=level,
            start_date=datetime.date(2024, 6, 1),
            organiser="UBND tỉnh",
        )
    assert _queries(client, **YEAR_2025) == few


def test_a_clerks_dashboard_reads_a_constant_number_of_queries(client, clerk_a, unit_a):
    client.force_login(clerk_a)
    few = _queries(client)
    for status in (S.DRAFT, S.RETURNED, S.SUBMITTED) * 4:
        _dossier(unit_a, status)
    assert _queries(client) == few


def test_figures_whose_list_the_user_may_not_open_are_left_out(client, viewer):
    """A reader of decisions and statistics only: the awards' charts, not the campaigns' nor the dossiers'."""
    client.force_login(viewer)
    page = client.get(HOME, YEAR_2025).content.decode()
    assert page.count('<svg class="chart"') == 3
    assert vietnamese("Campaigns by scope") not in page and vietnamese("Dossiers by stage") not in page


def test_an_administrator_sees_the_sections_only(client, db):
    roles_ready()
    admin = UserFactory(username="quantri.thu")
    admin.groups.add(Group.objects.get(name=ADMINISTRATOR))
    client.force_login(admin)
    page = client.get(HOME).content.decode()
    assert 'id="waiting-title"' not in page and 'id="figures-title"' not in page
    assert reverse("clusters:organisation-latest") in page


def test_on_the_demo_each_login_sees_its_own_work(client, demo):
    """The Lạng Sơn 2018 demo: the council member has open-ballot nominees to vote on at the December meeting; staff's
    counts are those of the dossiers and drafts in each state."""
    member = get_user_model().objects.get(username=COUNCIL_MEMBER_LOGIN.username)
    client.force_login(member)
    waiting = _waiting(client.get(HOME).content.decode())
    mine = sum(1 for item in meeting_items_waiting(user=member) if item.mine)
    assert mine > 0 and waiting[vietnamese("Nominees waiting for your vote")] == str(mine)
    client.force_login(get_user_model().objects.get(username=STAFF_LOGIN.username))
    waiting = _waiting(client.get(HOME).content.decode())
    assert waiting[vietnamese("Dossiers received, to vet")] == str(Dossier.objects.filter(status=S.RECEIVED).count())
    drafts = Decision.objects.filter(status=Decision.Status.DRAFT).count()
    assert drafts and waiting[vietnamese("Draft decisions, to issue once signed")] == str(drafts)


def test_award_types_past_the_first_ones_are_one_row_linked_to_appendix_2(client, staff, monkeypatch):
    monkeypatch.setattr("thiduakhenthuong.dashboard.panels.CHART_TYPES", 1)
    _awards()
    client.force_login(staff)
    page = client.get(HOME, YEAR_2025).content.decode()
    table = page.split('id="awards-by-type"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row" class="fw-normal"><a href="([^"]+)">([^<]+)</a>', table)
    most_given = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert [label for _url, label in rows] == [most_given, vietnamese("Other award types")]
    assert "award_type=" in rows[0][0] and rows[1][0].startswith(reverse("reports:appendix2"))
