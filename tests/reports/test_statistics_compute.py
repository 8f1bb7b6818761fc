"""The annual statistical forms counted from the database: the regime and period of a statistical year, what is
counted (issued decisions dated in the period; annulled, draft and outside ones left out), the classes, the
"Chưa phân loại" rows, and a constant number of queries whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Campaign
from reports.models import StatisticsRegime
from reports.statistics import StatisticsUnavailable, statistics_compute, statistics_period, statistics_regime_for
from tests.reports.statistics_helpers import D, awarded, body, campaign, officer, state_awards_2024

pytestmark = pytest.mark.django_db


def _row(table, code=None, label=None):
    return next(r for r in table.rows if (code is None or r.code == code) and (label is None or r.label == label))


def _column(table, label):
    return [c.label for c in table.columns].index(label)


def test_the_statistical_year_runs_from_1_december_to_30_november_and_picks_its_circular():
    assert statistics_regime_for(2022).code == "tt03-2018"
    assert statistics_regime_for(2023).code == "tt02-2023"
    regime = statistics_regime_for(2024)
    assert regime.circular == "Thông tư số 02/2023/TT-BNV"
    assert statistics_period(regime, 2024) == (D(2023, 12, 1), D(2024, 11, 30))
    assert statistics_compute(form_code="0701", year=2022).form_number == "0701.N/BNV-TĐKT"


def test_the_period_is_data():
    StatisticsRegime.objects.filter(code="tt02-2023").update(period_start_month=1, period_start_day=1)
    assert statistics_compute(form_code="0602", year=2024).start == D(2024, 1, 1)
    assert statistics_compute(form_code="0602", year=2024).end == D(2024, 12, 31)


def test_a_year_under_the_unverified_2025_circular_says_so_instead_of_guessing():
    with pytest.raises(StatisticsUnavailable) as error:
        statistics_compute(form_code="0602", year=2026)
    assert "18/2025/TT-BNV" in str(error.value)
    regime = StatisticsRegime.objects.get(code="tt18-2025")
    assert regime.verification != "verified" and not regime.forms.exists()


def test_a_form_of_another_circular_is_refused():
    with pytest.raises(StatisticsUnavailable, match="0702"):
        statistics_compute(form_code="0702", year=2024)


def test_0602_counts_issued_state_awards_of_the_period_by_class_and_column():
    state_awards_2024()
    table = statistics_compute(form_code="0602", year=2024)
    assert table.counted == 4
    total = _row(table, "01")
    assert total.values[0] == 4
    assert total.values[_column(table, "Huân chương - Tập thể")] == 1
    assert total.values[_column(table, "Huân chương - Cá nhân")] == 1
    assert total.values[_column(table, "Bằng khen của Thủ tướng Chính phủ - Cá nhân")] == 1
    # The household's Bằng khen counts under the collectives (a household is no individual), not as another form.
    assert total.values[_column(table, "Bằng khen của Thủ tướng Chính phủ - Tập thể")] == 1
    assert total.values[_column(table, "Các hình thức khen thưởng khác")] == 0
    assert total.values[_column(table, "Chiến sĩ thi đua toàn quốc")] == 0  # annulled
    assert total.values[_column(table, "Giải thưởng Nhà nước")] == 0  # a draft
    assert [_row(table, code).values[0] for code in ("02", "03", "06", "07", "08", "09", "14")] == [1, 1, 1, 1, 1, 2, 1]
    assert _row(table, "15").values[0] == 3 and _row(table, "17").values[0] == 1  # thường xuyên, đột xuất
    # The classes the data lacks are counted as such, never guessed.
    unclassified = [r for r in table.rows if r.label == "Chưa phân loại"]
    assert [r.values[0] for r in unclassified] == [2, 1, 0]  # proposing body, class of individual, method
    assert table.unclassified
    assert any("Chưa phân loại" in w or "chưa" in w.lower() for w in table.warnings)


def test_0603_counts_the_provincial_awards():
    state_awards_2024()
    table = statistics_compute(form_code="0603", year=2024)
    assert table.counted == 1
    assert _row(table, "01").values[: _column(table, "Bằng khen") + 1] == (1, 1)


def test_0601_counts_the_campaigns_launched_in_the_year_by_scope_duration_and_level():
    campaign(start=D(2024, 1, 1), end=D(2024, 12, 31), scope="sector_local", method="regular")
    campaign(start=D(2023, 12, 1), end=D(2026, 6, 30), scope="cluster_bloc", method="thematic", level="unit")
    campaign(start=D(2024, 2, 1), level=Campaign.Level.CENTRAL)  # nothing classified, no end
    campaign(start=D(2024, 12, 1), scope="national")  # the next statistical year
    table = statistics_compute(form_code="0601", year=2024)
    assert _row(table, "01").values == (3, 1, 1, 1)
    assert [_row(table, code).values[0] for code in ("02", "03", "04", "05", "07", "08", "11", "12")] == [
        0, 1, 1, 0, 1, 1, 1, 1,
    ]  # fmt: skip
    assert [r.values[0] for r in table.rows if r.label == "Chưa phân loại"] == [1, 1, 1]


def test_0605_counts_officers_in_post_on_30_november_by_age_training_and_seniority():
    ban = body()
    officer(ban, sex="female", born=D(1994, 11, 30), since=D(2019, 11, 30))  # 30 years old, 5 years in the work
    officer(ban, sex="male", born=D(1963, 11, 29), training="postgraduate", since=D(2000, 1, 1))
    officer(ban, sex="female", born=D(1980, 1, 1), joined_on=D(2010, 1, 1), left_on=D(2024, 6, 30))  # left
    officer(ban, sex="female", born=D(1980, 1, 1), since=D(2024, 12, 1))  # joined after the period
    table = statistics_compute(form_code="0605", year=2024)
    assert _row(table, "01").values == (2, 1)
    assert _row(table, "02").values == (1, 1) and _row(table, "07").values == (1, 0)
    assert _row(table, "11").values == (1, 1) and _row(table, "12").values == (1, 0)
    assert _row(table, "14").values == (1, 1) and _row(table, "15").values == (1, 0)


def test_0604_counts_the_bodies_active_on_the_last_day():
    body("home_affairs_board")
    body("home_affairs_division")
    body("home_affairs_division", active_to=D(2024, 6, 30))
    table = statistics_compute(form_code="0604", year=2024)
    assert [r.values[0] for r in table.rows] == [2, 2, 0, 0, 1, 1]


def _queries(form_code):
    with CaptureQueriesContext(connection) as queries:
        statistics_compute(form_code=form_code, year=2024)
    return len(queries)


@pytest.mark.parametrize("form_code", ["0601", "0602", "0603", "0604", "0605"])
def test_a_constant_number_of_queries_whatever_the_data(form_code):
    empty = _queries(form_code)
    state_awards_2024()
    for month in range(1, 11):
        awarded(
            authority="provincial_chair",
            date=D(2024, month, 5),
            rows=[("BK_TINH", "merit", "individual", {"individual_class": "business_person"})] * 3
            + [("CO_TD_TINH", "campaign", "collective", {"is_enterprise": False})],
        )
        campaign(start=D(2024, month, 1), scope="unit", method="thematic")
        officer(body(), born=D(1960 + month, 1, 1))
    assert _queries(form_code) == empty == 5


def test_loading_the_catalog_again_adds_only_what_is_missing():
    from reports.models import StatisticsRow
    from reports.statistics_services import statistics_layouts_ensure

    assert not any(statistics_layouts_ensure().values())
    rows = StatisticsRow.objects.filter(form__code="0602", form__regime__code="tt02-2023")
    rows.filter(code="12").update(label="Doanh nhân (sửa trong trang quản trị)")
    rows.filter(code="21").delete()
    assert statistics_layouts_ensure() == {"rows": 1}
    assert rows.get(code="12").label == "Doanh nhân (sửa trong trang quản trị)"
    assert rows.get(code="21").label == "Kháng chiến"


def test_a_criterion_the_source_does_not_have_is_refused():
    from reports.statistics import CriteriaError, criteria_parse

    with pytest.raises(CriteriaError, match="sex"):
        criteria_parse("sex=female", source="awards")
    assert criteria_parse("category=order,medal;enterprise=", source="awards") == {
        "category": frozenset({"order", "medal"}),
        "enterprise": frozenset({""}),
    }


def test_a_collective_not_said_to_be_an_enterprise_is_reported_not_guessed():
    awarded(
        authority="prime_minister",
        date=D(2024, 4, 1),
        rows=[("CO_TD_CP", "merit", "collective", None), ("CO_TD_CP", "merit", "collective", {"is_enterprise": False})],
    )
    table = statistics_compute(form_code="0602", year=2024)
    assert _row(table, "06").values[0] == 2 and _row(table, "07").values[0] == 0
    assert table.unclassified["Trong đó: Doanh nghiệp: chưa rõ"] == 1
    assert any("Trong đó: Doanh nghiệp" in warning for warning in table.warnings)
