"""Phụ lục 2: what counts, where it counts, and that totals add up."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards.decisions.services import decision_annul, decision_issue
from awards.models import Award
from reports.selectors import appendix2_compute, period_label
from tests.factories import award_type, kind, make_decision, recipient

pytestmark = pytest.mark.django_db

START, END = datetime.date(2017, 12, 20), datetime.date(2018, 6, 20)


def _row(table, label):
    return next(r for r in table.rows if r.label == label)


def test_only_issued_decisions_dated_within_the_period_count_both_ends_included():
    bk = dict(recipients=[recipient("BK_TINH", "regular", "individual")])
    make_decision(date=START, **bk)
    make_decision(date=END, **bk)
    make_decision(date=START - datetime.timedelta(days=1), **bk)
    make_decision(date=END + datetime.timedelta(days=1), **bk)
    make_decision(date=datetime.date(2018, 3, 1), issued=False, **bk)
    annulled = make_decision(date=datetime.date(2018, 3, 1), **bk)
    decision_annul(actor=None, decision=annulled, reason="Nhập trùng")
    table = appendix2_compute(start=START, end=END)
    assert _row(table, "- Khen thường xuyên").counts == (0, 0, 0, 0, 0, 0)  # the Prime Minister's line
    assert table.rows[-1].label == "- Khen thường xuyên" and table.rows[-1].counts == (0, 2, 0, 0, 0, 0)
    assert table.total.counts == (0, 2, 0, 0, 0, 0)


def test_awards_fall_in_their_columns_and_grassroots_is_a_subset():
    make_decision(
        recipients=[
            recipient("BK_TINH", "thematic", "collective", name="Trường Tiểu học Bắc Xa", grassroots=True),
            recipient("BK_TINH", "thematic", "collective", name="Phòng Tổng hợp", grassroots=False),
            recipient("BK_TINH", "thematic", "individual", grassroots=True),
            recipient("BK_TINH", "thematic", "family", name="Gia đình ông Lăng Văn Hưng"),
            recipient("BK_TINH", "ad_hoc", "individual", name="Hà Quang Huy"),  # one recipient, one line per award
            recipient("BK_TINH", "foreign", "individual", name="Ông Lý Minh"),
        ]
    )
    table = appendix2_compute(start=START, end=END)
    bk = table.rows[-4]
    assert bk.label == "Bằng khen của Chủ tịch UBND tỉnh, trong đó:"
    assert table.rows[-3].counts == (2, 1, 1, 1, 1, 1)
    assert table.rows[-2].label == "- Khen đột xuất, đối ngoại" and table.rows[-2].counts == (0, 2, 0, 0, 0, 0)
    assert bk.counts == (2, 3, 1, 1, 1, 1)
    assert _row(table, "Khen thưởng cấp tỉnh").counts == bk.counts == table.total.counts


def test_an_award_no_line_counts_is_reported_not_lost():
    make_decision(recipients=[recipient("BK_TINH", "dedication", "individual")])  # no "công hiến" line for BK tỉnh
    table = appendix2_compute(start=START, end=END)
    assert table.total.counts == (0,) * 6
    assert [(g.award_type, g.commendation_kind, g.count) for g in table.uncounted] == [
        ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Khen quá trình cống hiến", 1)
    ]


def test_the_same_query_count_for_10_and_10000_awards():
    def queries_for(n):
        draft = make_decision(issued=False, date=datetime.date(2018, 5, 1), recipients=[recipient()])
        bk, regular = award_type("BK_TINH"), kind("regular")
        Award.objects.bulk_create(
            Award(
                decision=draft,
                line_no=i + 2,
                award_type=bk,
                commendation_kind=regular,
                recipient_kind="individual",
                recipient_name=f"Người {i}",
                is_grassroots=i % 3 == 0,
            )
            for i in range(n - 1)
        )
        decision_issue(actor=None, decision=draft)
        with CaptureQueriesContext(connection) as captured:
            table = appendix2_compute(start=START, end=END)
        return len(captured), table

    small, small_table = queries_for(10)
    large, large_table = queries_for(9_990)
    assert small_table.total.counts[1] == 10 and large_table.total.counts[1] == 10_000
    assert small == large <= 2  # the layout with its claims, the groups with their names


LEAF_CHOICES = [
    ("HC_DOC_LAP_3", "martyr_family", "family"),
    ("HC_DOC_LAP_1", "dedication", "individual"),
    ("HC_LAO_DONG_3", "regular", "collective"),
    ("HC_LAO_DONG_2", "dedication", "individual"),
    ("NGUT", "regular", "individual"),
    ("HC_KHANG_CHIEN_2", "resistance", "individual"),
    ("HCH_KHANG_CHIEN_1", "resistance", "individual"),
    ("BMVNAH", "regular", "individual"),
    ("BK_TTCP", "thematic", "collective"),
    ("BK_TTCP", "ad_hoc", "individual"),
    ("BK_TTCP", "regular", "family"),
    ("CO_TD_CP", "thematic", "collective"),
    ("KNC_TU_DAY", "resistance", "individual"),
    ("CO_TD_TINH", "regular", "collective"),
    ("TTLDXS", "regular", "collective"),
    ("DVQT", "regular", "collective"),
    ("CSTD_TINH", "regular", "individual"),
    ("BK_TINH", "foreign", "collective"),
    ("BK_TINH", "thematic", "family"),
]
AUTHORITY = {
    "BK_TTCP": "prime_minister",
    "CO_TD_CP": "prime_minister",
    "KNC_TU_DAY": "prime_minister",
    "CO_TD_TINH": "provincial_chair",
    "TTLDXS": "provincial_chair",
    "DVQT": "provincial_chair",
    "CSTD_TINH": "provincial_chair",
    "BK_TINH": "provincial_chair",
}
SYMBOL = {"president": "QĐ-CTN", "prime_minister": "QĐ-TTg", "provincial_chair": "QĐ-UBND"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(LEAF_CHOICES), st.booleans(), st.integers(0, (END - START).days)),
        min_size=1,
        max_size=12,
    )
)
def test_every_parent_is_the_sum_of_its_children_for_random_awards(draws):
    with transaction.atomic():
        for (code, kind_code, recipient_kind), grassroots, day in draws:
            authority = AUTHORITY.get(code, "president")
            make_decision(
                date=START + datetime.timedelta(days=day),
                authority=authority,
                symbol=SYMBOL[authority],
                recipients=[recipient(code, kind_code, recipient_kind, grassroots=grassroots)],
            )
        table = appendix2_compute(start=START, end=END)
        transaction.set_rollback(True)
    by_parent = {}
    stack = []
    for row in table.rows:
        del stack[row.depth :]
        if stack:
            by_parent.setdefault(id(stack[-1]), (stack[-1], []))[1].append(row)
        stack.append(row)
    for parent, children in by_parent.values():
        assert parent.counts == tuple(map(sum, zip(*(c.counts for c in children)))), parent.label
    roots = [r for r in table.rows if r.depth == 0]
    assert table.total.counts == tuple(map(sum, zip(*(r.counts for r in roots))))
    assert sum(table.total.counts[:3]) == len(draws) and not table.uncounted and not table.counted_twice
    for column in range(3):  # "trong đó": grassroots never exceeds the count it is part of
        assert table.total.counts[3 + column] <= table.total.counts[column]


@pytest.mark.parametrize(
    "start, end, label",
    [
        ((2017, 12, 20), (2018, 6, 20), "6 tháng đầu năm 2018"),
        ((2018, 6, 21), (2018, 12, 19), "6 tháng cuối năm 2018"),
        ((2017, 12, 20), (2018, 12, 19), "năm 2018"),
        ((2018, 1, 1), (2018, 6, 30), "6 tháng đầu năm 2018"),
        ((2018, 7, 1), (2018, 12, 31), "6 tháng cuối năm 2018"),
        ((2018, 1, 1), (2018, 12, 31), "năm 2018"),
        ((2018, 3, 1), (2018, 3, 31), "từ ngày 01/3/2018 đến ngày 31/3/2018"),
        ((2018, 6, 1), (2018, 12, 31), "từ ngày 01/6/2018 đến ngày 31/12/2018"),
        ((2017, 12, 1), (2018, 6, 20), "từ ngày 01/12/2017 đến ngày 20/6/2018"),
    ],
)
def test_period_names_as_the_province_writes_them(start, end, label):
    assert period_label(datetime.date(*start), datetime.date(*end)) == label


def test_an_award_two_lines_claim_is_counted_once_and_reported():
    from reports.models import LayoutRow, ReportLayout

    layout = ReportLayout.objects.get(code="appendix2-235-2018")  # the one 2018 periods are counted by
    chuyen_de = LayoutRow.objects.get(
        layout=layout, label="- Khen chuyên đề", parent__label__startswith="Bằng khen của"
    )
    chuyen_de.commendation_kinds.add(kind("regular"))  # now "thường xuyên" awards match two breakdown lines
    make_decision(recipients=[recipient("BK_TINH", "regular", "individual")])
    table = appendix2_compute(start=START, end=END)
    assert table.total.counts == (0, 1, 0, 0, 0, 0)  # one award, counted once
    assert [(g.award_type, g.count) for g in table.counted_twice] == [
        ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 1)
    ]
    assert table.warnings and "nhiều dòng" in table.warnings[0]
    assert table.as_json()["warnings"] == table.warnings


def test_the_usual_json_has_only_period_and_rows():
    make_decision()
    assert set(appendix2_compute(start=START, end=END).as_json()) == {"period", "rows"}


def test_a_broken_layout_is_an_error_not_a_crash():
    from reports.models import LayoutRow, ReportLayout
    from reports.selectors import LayoutError

    layout = ReportLayout.objects.get(code="appendix2-235-2018")
    other = ReportLayout.objects.create(kind="appendix2", code="other", name="Khác")
    stray = LayoutRow.objects.create(layout=other, position=1, label="Dòng lạc")
    line = LayoutRow.objects.filter(layout=layout, parent__isnull=False).first()
    LayoutRow.objects.filter(pk=line.pk).update(parent=stray)
    with pytest.raises(LayoutError, match="mẫu biểu khác"):
        appendix2_compute(start=START, end=END)
    first, second = LayoutRow.objects.filter(layout=layout, parent__isnull=True)[:2]
    LayoutRow.objects.filter(pk=line.pk).update(parent=first)
    LayoutRow.objects.filter(pk=first.pk).update(parent=second)
    LayoutRow.objects.filter(pk=second.pk).update(parent=first)
    with pytest.raises(LayoutError, match="chính nó"):
        appendix2_compute(start=START, end=END)


def test_the_admin_refuses_a_line_under_another_layout_or_under_itself():
    from django.core.exceptions import ValidationError

    from reports.models import LayoutRow, ReportLayout

    layout = ReportLayout.objects.get(code="appendix2-235-2018")  # the one 2018 periods are counted by
    other = ReportLayout.objects.create(kind="appendix2", code="other", name="Khác")
    line = LayoutRow.objects.filter(layout=layout, parent__isnull=False).first()
    line.parent = LayoutRow.objects.create(layout=other, position=1, label="Dòng lạc")
    with pytest.raises(ValidationError):
        line.full_clean()
    top = line.parent = LayoutRow.objects.get(layout=layout, label="Khen thưởng cấp tỉnh")
    top.parent = LayoutRow.objects.filter(layout=layout, parent=top).first()
    with pytest.raises(ValidationError):
        top.full_clean()


def test_a_layout_file_that_skips_a_level_is_refused(tmp_path):
    from reports.services import layout_create_from_csv

    path = tmp_path / "layout.csv"
    path.write_text(
        "no,depth,label,award_types,commendation_kinds\nI,0,Cấp,,\n,2,- Chi tiết,,regular\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="no line above it at depth 1"):
        layout_create_from_csv(path=path, code="x", name="x", kind="appendix2", make_default=False)
