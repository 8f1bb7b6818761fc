import datetime
from decimal import Decimal

from django.template import Context, Template

from kernel.lib.formatting import vn_date, vn_decimal, vn_int, vn_long_date, vn_percent


def test_counts_use_a_dot_for_thousands():
    assert vn_int(1482) == "1.482"
    assert vn_int(1_000_000) == "1.000.000"
    assert vn_int(878) == "878"
    assert vn_int(-1482) == "-1.482"
    assert vn_int(None) == ""


def test_decimals_use_a_comma():
    assert vn_decimal(7.98) == "7,98"
    assert vn_decimal(Decimal("2817.4"), places=1) == "2.817,4"
    assert vn_decimal(Decimal("0.005")) == "0,01"  # half up, as people round by hand


def test_percent_as_printed_in_reports():
    assert vn_percent(798, 10000, places=2) == "7,98%"
    assert vn_percent(373, 639) == "58,4%"
    assert vn_percent(1, 0) == ""


def test_dates_follow_decree_30_leading_zeros():
    assert vn_date(datetime.date(2018, 6, 20)) == "20/6/2018"
    assert vn_date(datetime.date(2017, 12, 20)) == "20/12/2017"
    assert vn_date(datetime.date(2018, 1, 6)) == "06/01/2018"
    assert vn_date(datetime.date(2018, 2, 28)) == "28/02/2018"
    assert vn_date(datetime.date(2018, 4, 11)) == "11/4/2018"
    assert vn_long_date(datetime.date(2018, 7, 10)) == "ngày 10 tháng 7 năm 2018"
    assert vn_long_date(datetime.date(2020, 1, 5)) == "ngày 05 tháng 01 năm 2020"


def test_template_filters_are_builtin():
    rendered = Template("{{ n|vn_int }} {{ z|vn_int_blank }}|{{ d|vn_date }}").render(
        Context({"n": 1482, "z": 0, "d": datetime.date(2018, 6, 20)})
    )
    assert rendered == "1.482 |20/6/2018"
