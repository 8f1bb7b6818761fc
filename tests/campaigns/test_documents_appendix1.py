"""Phụ lục 1: the documents the province issued in a period, worded as the seed report prints them."""

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from campaigns.selectors import Appendix1, appendix1_compute, appendix1_default_period
from tests.campaigns.document_helpers import make_document
from thiduakhenthuong.demo import documents_load

pytestmark = pytest.mark.django_db

SEED_EXTRACT = Path(settings.BASE_DIR) / "fixtures" / "seed" / "appendix1-2018-h1-as-printed.txt"
# The full seed report, copied from the project's shared folder (seed/) so that every checkout, CI's clean clone
# included, checks the extract against it; its SHA-256 is the shared original's.
SEED_REPORT = Path(settings.BASE_DIR) / "fixtures" / "seed" / "bao-cao-235-BC-UBND-2018-lang-son.txt"
SEED_REPORT_SHA256 = "36f935721f4db29a453069d6d760b4bfddf59b1520d2896735be141207c741a9"
H1_2018 = (datetime.date(2017, 12, 20), datetime.date(2018, 6, 20))


def seed_lines() -> dict[int, str]:
    """The numbered lines of the seed's Phụ lục 1, exactly as printed."""
    lines = {}
    for line in SEED_EXTRACT.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^(\d+)\. (.+)$", line.strip()):
            lines[int(match[1])] = match[2]
    return lines


def _with_so(line: str) -> str:
    return line.replace("Quyết định ", "Quyết định số ", 1)


# Where the seed contradicts itself, the computed text follows the seed's own majority wording:
SEED_SLIPS = {
    # Items 1-9 and 13-18 write "<type> số <symbol>"; 10-12 drop "số" before the decision's symbol.
    10: _with_so,
    # …and 11 also lacks the final period every other item has.
    11: lambda line: _with_so(line) + ".",
    12: _with_so,
    # 18 ends with "/.", the end-of-document mark (normally "./.") run into the last item's period; the
    # item's own text ends with "." like the others, and the mark belongs to the appendix, not to a document.
    18: lambda line: line.removesuffix("/.") + ".",
}


@pytest.fixture
def demo_documents(db):
    assert documents_load() == 23
    return appendix1_compute(start=H1_2018[0], end=H1_2018[1])


def test_the_extract_is_the_seed_verbatim():
    assert hashlib.sha256(SEED_REPORT.read_bytes()).hexdigest() == SEED_REPORT_SHA256  # the seed as shared
    assert SEED_EXTRACT.read_text(encoding="utf-8") in SEED_REPORT.read_text(encoding="utf-8")


def test_the_demo_reproduces_the_seeds_eighteen_lines(demo_documents):
    printed = seed_lines()
    assert list(printed) == list(range(1, 19))
    computed = {row.no: row.text for row in demo_documents.rows}
    expected = {no: SEED_SLIPS.get(no, lambda line: line)(line) for no, line in printed.items()}
    assert computed == expected
    # Every listed slip really differs from the print (the list is not padding).
    assert all(computed[no] != printed[no] for no in SEED_SLIPS)
    assert demo_documents.rows[0].text == (
        "Báo cáo số 05/BC-UBND ngày 06/01/2018 của UBND tỉnh về việc Tổng kết phong trào thi đua, "
        "công tác khen thưởng năm 2017."
    )
    assert computed[3] == "Công văn số 60/UBND-KGVX ngày 24/01/2018 về việc đăng ký thi đua năm 2018 với Chính phủ."
    assert all(text.endswith(".") and not text.endswith("..") for text in computed.values())


def test_received_and_earlier_documents_are_not_listed(demo_documents):
    symbols = {row.symbol for row in demo_documents.rows}
    assert not symbols & {"22-CT/TW", "1275/BTĐKT-VụIII", "30/2014/QĐ-UBND"}
    assert [row.symbol for row in demo_documents.rows][:3] == ["05/BC-UBND", "01/PĐ-UBND", "60/UBND-KGVX"]


def test_both_ends_of_the_period_are_included():
    for day, symbol in [(19, "1/TB-UBND"), (20, "2/TB-UBND")]:
        make_document(symbol, date=datetime.date(2017, 12, day), summary="về việc cuối năm")
    for day, symbol in [(20, "3/TB-UBND"), (21, "4/TB-UBND")]:
        make_document(symbol, date=datetime.date(2018, 6, day), summary="về việc giữa năm")
    make_document("5/TB-UBND", date=datetime.date(2018, 6, 20), summary="về việc nhận", direction="received")
    rows = appendix1_compute(start=H1_2018[0], end=H1_2018[1]).rows
    assert [(r.no, r.symbol) for r in rows] == [(1, "02/TB-UBND"), (2, "03/TB-UBND")]


def test_same_day_documents_go_by_number():
    for symbol in ("61/TB-BTC", "59/KH-BBT", "60/TB-BBT"):
        make_document(symbol, date=datetime.date(2018, 4, 26), issued_by="", summary="về phân công")
    rows = appendix1_compute(start=H1_2018[0], end=H1_2018[1]).rows
    assert [r.symbol for r in rows] == ["59/KH-BBT", "60/TB-BBT", "61/TB-BTC"]


def test_one_query_whatever_the_number_of_documents(django_assert_num_queries):
    for number in range(1, 31):
        make_document(f"{number}/TB-UBND", date=datetime.date(2018, 2, 1 + number % 27))
    with django_assert_num_queries(1):
        table = appendix1_compute(start=H1_2018[0], end=H1_2018[1])
    assert len(table.rows) == 30


def test_a_summary_typed_with_its_own_period_gets_exactly_one():
    make_document(summary="về việc tổng kết năm 2017.  ")
    (row,) = appendix1_compute(start=H1_2018[0], end=H1_2018[1]).rows
    assert row.text.endswith("năm 2017.") and not row.text.endswith("..")


def test_the_json_snapshot_has_the_agreed_shape_and_rebuilds_the_table(demo_documents):
    data = demo_documents.as_json()
    assert list(data) == ["rows"]
    assert data["rows"][0] == {
        "no": 1,
        "symbol": "05/BC-UBND",
        "date": "2018-01-06",
        "text": demo_documents.rows[0].text,
    }
    assert Appendix1.from_json(data, start=H1_2018[0], end=H1_2018[1]) == demo_documents
    assert Appendix1.from_json({**data, "period": {"from": "2017-12-20", "to": "2018-06-20"}}) == demo_documents
    rebuilt = Appendix1.from_json(data)  # without a period: the rows' first and last dates
    assert rebuilt.rows == demo_documents.rows and (rebuilt.start, rebuilt.end) == (
        datetime.date(2018, 1, 6),
        datetime.date(2018, 5, 15),
    )
    with pytest.raises(ValueError):
        Appendix1.from_json({"rows": []})


def test_loading_the_demo_documents_again_adds_nothing(demo_documents):
    from audit.models import AuditLog
    from campaigns.models import Document

    before = (Document.objects.count(), AuditLog.objects.count())
    assert documents_load() == 0
    assert (Document.objects.count(), AuditLog.objects.count()) == before == (23, 23)


def test_the_default_period_is_the_latest_first_half_year(demo_documents):
    assert appendix1_default_period(today=datetime.date(2026, 3, 1)) == H1_2018
