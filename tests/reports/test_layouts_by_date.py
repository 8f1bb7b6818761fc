"""Layouts valid by date (issue #14, point 5): a period is counted by the layout valid on its last day, and the
layout of today's catalog claims every award type and kind of commendation of its period, each exactly once."""

import datetime
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from awards.models import AwardType, CommendationKind, RecipientKind
from reports.errors import ReportInvalid
from reports.layouts import BY_PERIOD, layout_for_period, layout_lines, line_tree
from reports.models import LayoutRow, Report, ReportLayout
from reports.selectors import AwardGroupRow, LayoutError, _count_lines, appendix2_compute, award_summary_compute
from reports.services import layouts_ensure, report_update
from tests.factories import make_decision, make_report, recipient, report_fields

pytestmark = pytest.mark.django_db

SEED, TODAY = "appendix2-235-2018", "appendix2-2024"
SEED_SENTENCES, TODAY_SENTENCES = "award-summary-235-2018", "award-summary-2024"
HALF_YEAR_2025 = (datetime.date(2024, 12, 20), datetime.date(2025, 6, 20))
STATISTICAL_YEAR_2024 = (datetime.date(2023, 12, 1), datetime.date(2024, 11, 30))  # TT 02/2023: 01/12–30/11


def _layout(code: str) -> ReportLayout:
    return ReportLayout.objects.get(code=code)


def _reach(layout: ReportLayout) -> tuple[datetime.date, datetime.date]:
    """The days a period counted by the layout may hold: it is chosen by a period's last day, and a period is at most
    a year (the statistical year 01/12–30/11 opens in the December before), so from a year before its validity."""
    start = layout.valid_from - datetime.timedelta(days=366)
    return start, layout.valid_to or datetime.date(9999, 12, 31)


def _valid_within(model, start: datetime.date, end: datetime.date):
    return model.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def _claims(layout: ReportLayout):
    return layout_lines(kind=layout.kind, layout=layout, end=layout.valid_from)


@pytest.mark.parametrize(
    "start, end, code",
    [
        ((2017, 12, 20), (2018, 6, 20), SEED),  # the seed's half-year
        ((2023, 1, 1), (2023, 12, 31), SEED),  # the last day of the 2003 law's kinds of commendation
        ((2023, 12, 1), (2024, 11, 30), TODAY),  # the demo's statistical year 2024 opens in December 2023
        ((2024, 1, 1), (2024, 1, 1), TODAY),
        ((2024, 12, 20), (2025, 6, 20), TODAY),
        ((2025, 12, 20), (2026, 6, 20), TODAY),
    ],
)
def test_a_period_is_counted_by_the_layout_valid_on_its_last_day(start, end, code):
    start, end = datetime.date(*start), datetime.date(*end)
    assert layout_for_period(kind=ReportLayout.Kind.APPENDIX2, end=end).code == code
    table = appendix2_compute(start=start, end=end)
    assert table.layout_name == _layout(code).name
    assert table.rows[0].label == ("Khen thưởng cấp Nhà nước" if code == SEED else "Khen thưởng của Chủ tịch nước")


def _every_pair_counted(layout: ReportLayout) -> tuple[list[tuple[str, str]], list[tuple[str, str]], int]:
    """Phụ lục 2's engine run over one award of every award type in every kind of commendation valid in the layout's
    reach, read from the catalog: the pairs no line counts, the pairs several lines claim, and the grand total."""
    start, end = _reach(layout)
    _name, lines, claims = _claims(layout)
    groups = [
        AwardGroupRow(
            award_type_id=t.pk,
            commendation_kind_id=k.pk,
            recipient_kind=RecipientKind.INDIVIDUAL,
            is_grassroots=False,
            count=1,
            award_type_name=t.code,
            commendation_kind_name=k.code,
        )
        for t in _valid_within(AwardType, start, end)
        for k in _valid_within(CommendationKind, start, end)
    ]
    counts, uncounted, counted_twice = _count_lines(lines, claims, groups)
    total = sum(counts[line.id][1] for line in lines if line.parent_id is None)
    return (
        [(g["award_type_name"], g["commendation_kind_name"]) for g in uncounted],
        [(g["award_type_name"], g["commendation_kind_name"]) for g in counted_twice],
        total - len(groups),
    )


def test_today_s_layout_counts_every_pair_of_award_type_and_kind_of_its_period_exactly_once():
    """Every award type and every kind of commendation valid in the layout's reach, in every combination, falls on
    exactly one line: nothing the catalog allows can be left out of the totals or counted twice."""
    start, end = _reach(_layout(TODAY))
    kinds = set(_valid_within(CommendationKind, start, end).values_list("code", flat=True))
    assert kinds >= {"regular", "merit", "thematic", "campaign", "ad_hoc", "dedication"}
    assert _every_pair_counted(_layout(TODAY)) == ([], [], 0)


def test_what_today_s_layout_claims_is_valid_in_its_period():
    layout = _layout(TODAY)
    start, end = _reach(layout)
    _name, lines, claims = _claims(layout)
    claimed_types = set().union(*claims.award_types.values())
    claimed_kinds = set().union(*claims.commendation_kinds.values())
    valid_types = set(_valid_within(AwardType, layout.valid_from, end).values_list("pk", flat=True))
    valid_kinds = set(_valid_within(CommendationKind, start, end).values_list("pk", flat=True))
    assert not claimed_types - valid_types, AwardType.objects.filter(pk__in=claimed_types - valid_types)
    assert not claimed_kinds - valid_kinds, CommendationKind.objects.filter(pk__in=claimed_kinds - valid_kinds)
    # Modelled on the seed's table: levels, award lines under them, kinds of commendation under an award line.
    _by_id, children = line_tree(lines)
    assert [line.label for line in children[None]] == [
        "Khen thưởng của Chủ tịch nước",
        "Khen thưởng của Chính phủ, Thủ tướng Chính phủ",
        "Khen thưởng của Ủy ban Thường vụ Quốc hội",
        "Khen thưởng cấp tỉnh",
        "Khen thưởng cấp huyện, cấp xã và cơ sở",
    ]
    assert all(not claims.award_types.get(level.id) for level in children[None])


def test_a_kind_of_commendation_added_to_the_catalog_and_claimed_by_no_line_fails_the_check():
    """The check above is not vacuous: a kind valid from 2024 that no breakdown line names leaves awards out."""
    CommendationKind.objects.create(code="honour", name="Khen thử", valid_from=datetime.date(2024, 1, 1))
    uncounted, counted_twice, missing = _every_pair_counted(_layout(TODAY))
    assert ("BK_TINH", "honour") in uncounted and counted_twice == [] and missing == -len(uncounted)
    LayoutRow.objects.create(layout=_layout(TODAY), position=99, label="Khác", parent=None).award_types.add(
        AwardType.objects.get(code="BK_TINH")
    )  # a line claiming BK_TINH again, whatever its kind
    assert ("BK_TINH", "merit") in _every_pair_counted(_layout(TODAY))[1]


def test_the_seed_s_table_is_unchanged_for_its_periods():
    seed = _layout(SEED)
    assert (seed.valid_from, seed.valid_to, seed.is_default) == (None, datetime.date(2023, 12, 31), True)
    assert seed.rows.count() == 28
    today = _layout(TODAY)
    assert (today.valid_from, today.valid_to, today.is_default) == (datetime.date(2024, 1, 1), None, True)
    sentences = _layout(SEED_SENTENCES)
    assert (sentences.valid_to, _layout(TODAY_SENTENCES).valid_from) == (datetime.date(2023, 12, 31), today.valid_from)


def test_the_half_year_2025_leaves_nothing_uncounted_and_the_2018_table_would_have():
    """The awards the 2018 table cannot place (Kỷ niệm chương of the province, the Prime Minister's Bằng khen for
    cống hiến, merit and campaign kinds…) are counted by today's table, on their lines."""
    start, end = HALF_YEAR_2025
    day = datetime.date(2025, 3, 3)
    make_decision(
        date=day,
        recipients=[
            recipient("KNC_TINH", "dedication", "individual"),
            recipient("BK_TINH", "merit", "individual", name="Lý Thị Hoa", grassroots=True),
            recipient("BK_TINH", "campaign", "collective", name="Trường Tiểu học Hoàng Đồng", grassroots=True),
            recipient("XA_TIEU_BIEU", "campaign", "collective", name="Xã Hoàng Đồng"),
        ],
    )
    make_decision(
        date=day,
        symbol="QĐ-TTg",
        authority="prime_minister",
        recipients=[recipient("BK_TTCP", "dedication", "individual", name="Hoàng Văn Thụ")],
    )
    old = appendix2_compute(start=start, end=end, layout=_layout(SEED))
    assert {g.award_type for g in old.uncounted} >= {"Kỷ niệm chương của tỉnh", "Bằng khen của Thủ tướng Chính phủ"}
    table = appendix2_compute(start=start, end=end)
    assert table.uncounted == [] and table.counted_twice == [] and table.warnings == []
    assert table.total.counts == (2, 3, 0, 1, 1, 0)
    labels = [(row.label, row.counts) for row in table.rows]
    assert ("Kỷ niệm chương của tỉnh", (0, 1, 0, 0, 0, 0)) in labels
    assert ("Danh hiệu Xã, phường, thị trấn tiêu biểu", (1, 0, 0, 0, 0, 0)) in labels
    bk_ttcp = next(i for i, row in enumerate(table.rows) if row.label.startswith("Bằng khen của Thủ tướng"))
    assert table.rows[bk_ttcp + 3].label == "- Khen quá trình cống hiến"
    assert table.rows[bk_ttcp + 3].counts == (0, 1, 0, 0, 0, 0)


def test_the_statistical_year_2024_counts_december_2023_s_kinds_on_the_2024_lines():
    make_decision(date=datetime.date(2023, 12, 12), recipients=[recipient("BK_TINH", "regular", "individual")])
    make_decision(date=datetime.date(2023, 12, 13), recipients=[recipient("BK_TINH", "thematic", "individual")])
    make_decision(date=datetime.date(2024, 6, 3), recipients=[recipient("BK_TINH", "merit", "individual")])
    table = appendix2_compute(start=STATISTICAL_YEAR_2024[0], end=STATISTICAL_YEAR_2024[1])
    assert table.warnings == []
    counts = {row.label: row.counts[1] for row in table.rows if row.depth == 2}
    assert counts["- Khen công trạng"] == 2 and counts["- Khen phong trào thi đua"] == 1


def test_a_new_report_takes_the_layout_of_its_period_and_keeps_one_it_names():
    """The factories (and the demo loader) pass appendix2_layout_default(): the layout of the report's dates."""
    year_2024 = make_report(
        number_symbol="310/BC-UBND",
        date=datetime.date(2024, 12, 10),
        period_start=STATISTICAL_YEAR_2024[0],
        period_end=STATISTICAL_YEAR_2024[1],
        kind="year_end",
    )
    assert year_2024.appendix2_layout.code == TODAY
    assert year_2024.summary_layout.code == "award-summary-2024"
    seed_half_year = make_report()
    assert (seed_half_year.appendix2_layout.code, seed_half_year.summary_layout.code) == (SEED, SEED_SENTENCES)
    named = make_report(
        number_symbol="311/BC-UBND",
        date=datetime.date(2025, 7, 1),
        period_start=HALF_YEAR_2025[0],
        period_end=HALF_YEAR_2025[1],
        appendix2_layout=_layout(SEED),
    )
    assert named.appendix2_layout.code == SEED  # named explicitly: kept, whatever its dates
    report_update(actor=None, report=named, fields=report_fields(number_symbol="311/BC-UBND", date=named.date))
    named.refresh_from_db()
    assert named.appendix2_layout.code == SEED  # the factory's fields: left to the 2018 period's dates
    moved = report_fields(
        number_symbol="311/BC-UBND",
        date=named.date,
        period_start=HALF_YEAR_2025[0],
        period_end=HALF_YEAR_2025[1],
        appendix2_layout=BY_PERIOD,
    )
    report_update(actor=None, report=named, fields=moved)
    named.refresh_from_db()
    assert named.appendix2_layout.code == TODAY


@pytest.mark.pdf  # issuing renders the PDF
def test_an_issued_report_keeps_its_table_as_issued_when_layouts_change():
    from reports.document import report_figures

    make_decision(date=datetime.date(2025, 3, 3), recipients=[recipient("KNC_TINH", "dedication", "individual")])
    report = make_report(
        number_symbol="312/BC-UBND",
        date=datetime.date(2025, 7, 1),
        period_start=HALF_YEAR_2025[0],
        period_end=HALF_YEAR_2025[1],
        sections=[],
        issued=True,
    )
    issued_rows = report.snapshot["appendix2"]["rows"]
    assert ["Kỷ niệm chương của tỉnh", [0, 1, 0, 0, 0, 0]] in [[r["label"], r["counts"]] for r in issued_rows]
    today = _layout(TODAY)
    LayoutRow.objects.filter(layout=today, label="Kỷ niệm chương của tỉnh").update(label="Đổi tên sau khi ban hành")
    ReportLayout.objects.filter(pk=today.pk).update(valid_from=datetime.date(2026, 1, 1))
    report.refresh_from_db()
    assert report_figures(report=report).appendix2.as_json()["rows"] == issued_rows


def test_two_layouts_chosen_by_date_may_not_share_a_day():
    overlapping = ReportLayout(
        kind=ReportLayout.Kind.APPENDIX2,
        code="x",
        name="Chồng lấn",
        is_default=True,
        valid_from=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match=re.escape(_layout(TODAY).name)):
        overlapping.full_clean()
    overlapping.is_default = False  # a layout used only when a report names it may be valid whenever
    overlapping.full_clean()
    after = ReportLayout(kind="appendix2", code="y", name="Sau", is_default=True, valid_from=datetime.date(2030, 1, 1))
    ReportLayout.objects.filter(code=TODAY).update(valid_to=datetime.date(2029, 12, 31))
    after.full_clean()


def test_a_period_no_layout_serves_is_a_message_not_a_crash(tmp_path):
    ReportLayout.objects.filter(code=TODAY).update(is_default=False)
    with pytest.raises(LayoutError, match="load_catalog"):
        appendix2_compute(start=HALF_YEAR_2025[0], end=HALF_YEAR_2025[1])
    with pytest.raises(CommandError, match="load_catalog"):
        call_command(
            "export_report", "appendix2", "--from", "2024-12-20", "--to", "2025-06-20", "--format", "json", "-o", "-"
        )
    with pytest.raises(ReportInvalid) as refused:  # a report asking for its dates' table is refused, not left bare
        make_report(date=datetime.date(2025, 7, 1), period_start=HALF_YEAR_2025[0], period_end=HALF_YEAR_2025[1])
    assert "load_catalog" in refused.value.fields["appendix2_layout"][0]
    assert not Report.objects.exists()


def test_load_catalog_adds_only_missing_layouts_and_keeps_edits():
    today = _layout(TODAY)
    LayoutRow.objects.filter(layout=today, label="Kỷ niệm chương của tỉnh").update(label="Sửa bởi cán bộ")
    before = ReportLayout.objects.count()
    assert [layout.code for layout in layouts_ensure()] == [SEED, TODAY, SEED_SENTENCES, TODAY_SENTENCES]
    assert ReportLayout.objects.count() == before
    assert LayoutRow.objects.filter(layout=today, label="Sửa bởi cán bộ").exists()
    ReportLayout.objects.filter(code=TODAY).delete()
    out = io.StringIO()
    call_command("load_catalog", stdout=out)
    assert _layout(TODAY).rows.count() == 57 and "2024-01-01" in out.getvalue()


def test_export_report_counts_a_2025_half_year_by_today_s_table(tmp_path):
    make_decision(date=datetime.date(2025, 3, 3), recipients=[recipient("KNC_TINH", "dedication", "individual")])
    out, err = tmp_path / "a2.json", io.StringIO()
    call_command(
        "export_report", "appendix2", "--from", "2024-12-20", "--to", "2025-06-20", "--format", "json", "-o", out,
        stderr=err,
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"period", "rows"} and "WARNING" not in err.getvalue()  # the same shape, nothing left out
    assert data["rows"][0] == {"no": "I", "depth": 0, "label": "Khen thưởng của Chủ tịch nước", "counts": [0] * 6}
    assert {"no": "6", "depth": 1, "label": "Kỷ niệm chương của tỉnh", "counts": [0, 1, 0, 0, 0, 0]} in data["rows"]
    assert data["rows"][-1]["label"] == "TỔNG CỘNG" and data["rows"][-1]["counts"] == [0, 1, 0, 0, 0, 0]


def test_the_award_sentences_of_a_2025_period_are_those_of_its_dates_and_count_today_s_awards():
    day = datetime.date(2025, 3, 3)
    make_decision(
        date=day,
        recipients=[
            recipient("BK_TINH", "merit", "individual"),
            recipient("KNC_TINH", "dedication", "individual", name="Lý Thị Hoa"),
            recipient("XA_TIEU_BIEU", "campaign", "collective", name="Xã Hoàng Đồng", grassroots=True),
        ],
    )
    figures = award_summary_compute(start=HALF_YEAR_2025[0], end=HALF_YEAR_2025[1])
    assert figures["cap-tinh"].lead == (
        "UBND tỉnh Quyết định khen thưởng cho 03 trường hợp (01 tập thể, 02 cá nhân), trong đó:"
    )
    assert figures["cap-tinh"].items == (
        "Danh hiệu Xã, phường, thị trấn tiêu biểu: 01 tập thể;",
        "Bằng khen của Chủ tịch UBND tỉnh: 01 cá nhân;",
        "Kỷ niệm chương của tỉnh: 01 cá nhân.",
    )
    assert figures["ty-le-co-so"].lead.startswith("Tỷ lệ khen thưởng cho các tập thể ở cơ sở chiếm 100,0%, tỷ lệ")
    assert figures["uy-ban-thuong-vu-quoc-hoi"].lead == "Kỷ niệm chương của Ủy ban Thường vụ Quốc hội: không có."
    # The 2018 sentences would have left the commemorative medal and the xã tiêu biểu out of the province's count.
    old = award_summary_compute(start=HALF_YEAR_2025[0], end=HALF_YEAR_2025[1], layout=_layout(SEED_SENTENCES))
    assert old["cap-tinh"].lead.startswith("UBND tỉnh Quyết định khen thưởng cho 01 trường hợp")


def test_a_report_s_text_keeps_its_figure_codes_across_the_two_catalogs():
    """A narrative copied from a 2018 report into a 2025 one cites the same [[codes]]."""
    codes = {
        code: set(LayoutRow.objects.filter(layout__code=code).exclude(code="").values_list("code", flat=True))
        for code in (SEED_SENTENCES, TODAY_SENTENCES)
    }
    assert codes[SEED_SENTENCES] <= codes[TODAY_SENTENCES]
    assert codes[TODAY_SENTENCES] - codes[SEED_SENTENCES] == {"uy-ban-thuong-vu-quoc-hoi"}


def _selected(page: str, field: str) -> str:
    select = re.search(rf'<select name="{field}".*?</select>', page, re.S)[0]
    return re.search(r'<option value="([^"]*)"[^>]*selected', select)[1]


REPORT_FORM = {
    "kind": "half_year",
    "number_symbol": "320/BC-UBND",
    "date": "01/07/2025",
    "place": "Lạng Sơn",
    "period_start": "20/12/2024",
    "period_end": "20/06/2025",
    "issuing_body": "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN",
    "issuing_body_name": "Ủy ban nhân dân tỉnh Lạng Sơn",
    "title": "BÁO CÁO",
    "summary": "Sơ kết phong trào thi đua 6 tháng đầu năm 2025",
    "signature_lines": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "Hồ Tiến Thiệu",
    "recipients": "- Như trên;\n- Lưu: VT.",
}


def test_the_report_form_offers_the_layout_of_the_period_s_dates_first_and_keeps_it_on_edit(staff_client):
    from django.urls import reverse

    from tests.helpers import edit_version

    page = staff_client.get(reverse("reports:report-create")).content.decode()
    assert _selected(page, "appendix2_layout") == "by-period"
    assert '<option value="by-period" selected>— theo ngày của kỳ báo cáo —</option>' in page
    created = staff_client.post(reverse("reports:report-create"), {**REPORT_FORM, "appendix2_layout": "by-period"})
    assert created.status_code == 302
    report = Report.objects.get(number=320)
    assert report.appendix2_layout.code == TODAY

    url = reverse("reports:report-edit", args=[report.pk])
    assert _selected(staff_client.get(url).content.decode(), "appendix2_layout") == "by-period"
    seed_period = {"period_start": "20/12/2017", "period_end": "20/06/2018", "appendix2_layout": "by-period"}
    staff_client.post(url, {**REPORT_FORM, **seed_period, "version": edit_version(staff_client, url)})
    report.refresh_from_db()
    assert report.appendix2_layout.code == SEED  # the new period brought its own table

    named = {"appendix2_layout": str(_layout(SEED).pk)}  # the 2018 table named for the 2025 half-year
    staff_client.post(url, {**REPORT_FORM, **named, "version": edit_version(staff_client, url)})
    report.refresh_from_db()
    assert report.appendix2_layout.code == SEED
    assert _selected(staff_client.get(url).content.decode(), "appendix2_layout") == str(_layout(SEED).pk)


def test_the_layout_chosen_by_date_costs_no_query_of_its_own():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_decision(date=datetime.date(2025, 3, 3), recipients=[recipient("KNC_TINH", "dedication", "individual")])
    with CaptureQueriesContext(connection) as captured:
        table = appendix2_compute(start=HALF_YEAR_2025[0], end=HALF_YEAR_2025[1])
    assert table.layout_name == _layout(TODAY).name
    assert len(captured) == 2  # the layout with its lines and claims (the choice a subquery of it), the groups
