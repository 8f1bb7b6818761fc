"""unclassified_award_counts and unclassified_awards: what the forms count on their "not classified" lines."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.statistics.selectors import Gap, UnclassifiedCounts, unclassified_award_counts, unclassified_awards
from awards.statistics.services import award_classifications_set
from kernel.lib.statistical_years import last_statistical_year, statistical_year
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db

YEAR_2018 = statistical_year(2018)


def test_statistical_years():
    assert statistical_year(2024) == (datetime.date(2023, 12, 1), datetime.date(2024, 11, 30))
    assert last_statistical_year(datetime.date(2024, 11, 29)) == 2023
    assert last_statistical_year(datetime.date(2024, 11, 30)) == 2024
    assert last_statistical_year(datetime.date(2024, 12, 7)) == 2024


def test_counts_per_kind_of_gap_in_one_query(staff):
    make_decision(
        recipients=[
            recipient(name="Hoàng Văn Phong"),
            recipient(name="Lý Thị Hoa"),
            recipient(recipient_kind="collective", name="Hợp tác xã Chè Thái Bình"),
            recipient(recipient_kind="family", name="Hộ ông Hoàng Văn Sáu"),
        ]
    )
    make_decision(
        recipients=[recipient(code="HC_LAO_DONG_3", name="Nông Văn Dũng")],
        authority="president",
        symbol="QĐ-CTN",
        date=datetime.date(2018, 5, 2),
    )
    make_decision(recipients=[recipient(name="Chưa ban hành")], issued=False)  # a draft counts nowhere
    make_decision(recipients=[recipient(name="Năm khác")], date=datetime.date(2017, 11, 30))  # year 2017
    with CaptureQueriesContext(connection) as queries:
        counts = unclassified_award_counts(start=YEAR_2018[0], end=YEAR_2018[1])
    assert len(queries) == 1
    # Phong, Hoa and Dũng lack a class; the cooperative its enterprise flag; Dũng's medal its proposing body.
    assert counts == UnclassifiedCounts(individual_class=3, enterprise=1, proposing_body=1, awards=4)
    dung = unclassified_awards(start=YEAR_2018[0], end=YEAR_2018[1], gap=Gap.PROPOSING_BODY).get()
    award_classifications_set(actor=staff, awards=[dung], individual_class="direct_worker", proposing_body="central")
    cooperative = unclassified_awards(start=YEAR_2018[0], end=YEAR_2018[1], gap=Gap.ENTERPRISE).get()
    award_classifications_set(actor=staff, awards=[cooperative], is_enterprise=False)  # "no" is a class too
    counts = unclassified_award_counts(start=YEAR_2018[0], end=YEAR_2018[1])
    assert counts == UnclassifiedCounts(individual_class=2, enterprise=0, proposing_body=0, awards=2)
    names = [a.recipient_name for a in unclassified_awards(start=YEAR_2018[0], end=YEAR_2018[1])]
    assert sorted(names) == ["Hoàng Văn Phong", "Lý Thị Hoa"]
