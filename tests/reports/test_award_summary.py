"""The award sentences of a report's text, computed from the decisions (the seed's section III)."""

import datetime

import pytest

from reports.selectors import award_summary_compute, vn_count
from tests.factories import award_type, make_decision, recipient

START, END = datetime.date(2017, 12, 20), datetime.date(2018, 6, 20)


@pytest.mark.django_db
def test_sentences_count_issued_decisions_in_the_period_with_leading_zeros():
    make_decision(
        recipients=[
            recipient("CO_TD_TINH", recipient_kind="collective", name=f"Tập thể {i}", grassroots=i < 2)
            for i in range(3)
        ]
        + [recipient("BK_TINH", name=f"Cá nhân {i}", grassroots=i == 0) for i in range(4)]
        + [recipient("BK_TINH", recipient_kind="family", name="Gia đình ông A", grassroots=True)]
    )
    make_decision(recipients=[recipient("CSTD_TINH")], issued=False)  # a draft counts nowhere
    make_decision(recipients=[recipient("CSTD_TINH")], date=datetime.date(2018, 6, 21))  # after the period

    figures = award_summary_compute(start=START, end=END)

    province = figures["cap-tinh"]
    assert (
        province.lead
        == "UBND tỉnh Quyết định khen thưởng cho 08 trường hợp (03 tập thể, 04 cá nhân, 01 gia đình), trong đó:"
    )
    # Lines with nothing to count are left out; the last item ends the sentence.
    assert province.items == (
        "Cờ thi đua của UBND tỉnh: 03 tập thể;",
        "Bằng khen của Chủ tịch UBND tỉnh: 05 cá nhân, gia đình.",
    )
    share = figures["ty-le-co-so"]
    assert share.lead == (
        "Tỷ lệ khen thưởng cho các tập thể ở cơ sở chiếm 66,7%, "
        "tỷ lệ khen thưởng cho người lao động trực tiếp đạt tỷ lệ 25,0%."
    )
    assert "tổng số tập thể" in share.note  # the definition travels with the figure
    assert figures["chu-tich-nuoc"].items == ()


def test_counts_below_ten_get_a_leading_zero_like_the_seed():
    assert [vn_count(n) for n in (0, 2, 9, 10, 1341)] == ["00", "02", "09", "10", "1.341"]


@pytest.mark.django_db
def test_a_coded_breakdown_line_inherits_its_parents_award_types():
    from reports.models import LayoutRow, ReportLayout
    from tests.factories import kind

    layout = ReportLayout.objects.create(kind="award_summary", code="thu", name="Thử")
    parent = LayoutRow.objects.create(layout=layout, position=1, label="Bằng khen", code="bk")
    parent.award_types.add(award_type("BK_TINH"))
    child = LayoutRow.objects.create(layout=layout, parent=parent, position=2, label="Thường xuyên", code="bk-tx")
    child.commendation_kinds.add(kind("regular"))
    make_decision(recipients=[recipient("BK_TINH", name=f"Người {i}") for i in range(3)])

    figures = award_summary_compute(start=START, end=END, layout=layout)

    assert figures["bk"].lead == "Bằng khen: 03 cá nhân"
    assert figures["bk-tx"].lead == "Thường xuyên: 03 cá nhân"


@pytest.mark.django_db
def test_a_figure_with_nothing_to_count_says_so():
    figures = award_summary_compute(start=START, end=END)
    assert figures["chu-tich-nuoc"].lead == "Khen thưởng của Chủ tịch nước: không có."
    assert figures["chu-tich-nuoc"].items == ()
