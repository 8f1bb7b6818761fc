"""Fuzzing the Excel importer with hypothesis: malformed sheets (random cell types, huge strings, random headers,
empty rows, formulas, hidden rows and sheets, damaged bytes). The importer must never raise: it returns errors,
and when it does it writes nothing.

Examples run: 150 for the decision importer and 100 for the nominee reader (`max_examples`), about 30-40 s."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from awards import imports
from tests.awards.import_helpers import BK_TINH, REGULAR
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db
RUNS = {"decision": 0, "nominees": 0}

safe_text = st.text(max_size=40).map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t))
cell_values = st.one_of(
    st.none(),
    safe_text,
    st.sampled_from([BK_TINH, REGULAR, "Cá nhân", "Tập thể", "Hộ gia đình", "Có", "Không", "", "   "]),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
    st.integers(min_value=256, max_value=32767).map(lambda n: "Ơ" * n),  # huge strings, up to Excel's cell limit
    safe_text.map(lambda t: "=" + t),  # formulas, or what looks like one
)


@st.composite
def workbooks(draw, columns):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = draw(st.sampled_from([imports.DATA_SHEET, imports.DATA_SHEET, "Sheet1", "Trang 1"]))
    headers = [c.header for c in columns]
    if draw(st.booleans()):  # random headers, sometimes more or fewer columns
        headers = draw(st.lists(st.one_of(safe_text, st.sampled_from(headers)), max_size=len(columns) + 2))
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=index, value=header)
    width = draw(st.integers(min_value=1, max_value=len(columns) + 2))
    rows = draw(st.lists(st.lists(cell_values, min_size=0, max_size=width), max_size=12))
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    for number in draw(st.lists(st.integers(min_value=1, max_value=14), max_size=2)):
        sheet.row_dimensions[number].hidden = True
    if draw(st.booleans()):
        sheet.column_dimensions[draw(st.sampled_from("ABCDEFGHI"))].hidden = True
    if draw(st.integers(min_value=0, max_value=5)) == 0:
        other = workbook.create_sheet("Khác")
        other["A1"] = draw(cell_values)
        other.sheet_state = draw(st.sampled_from(["visible", "hidden", "veryHidden"]))
        if draw(st.booleans()):  # the list hidden behind another sheet
            other.sheet_state = "visible"
            workbook.active = 1
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    content = out.getvalue()
    damage = draw(st.integers(min_value=0, max_value=6))
    # Positions are drawn as shares of the file, never bounded by its length: the saved bytes carry the time,
    # and a bound that moves between runs makes Hypothesis refuse to replay an example (FlakyStrategyDefinition).
    if damage == 1:  # truncated
        content = content[: draw(st.integers(min_value=0, max_value=10**6)) * len(content) // 10**6]
    elif damage == 2:  # a few bytes overwritten
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            at = draw(st.integers(min_value=0, max_value=10**6 - 1)) * len(content) // 10**6
            content = content[:at] + bytes([draw(st.integers(0, 255))]) + content[at + 1 :]
    elif damage == 3:  # not a workbook at all
        content = draw(st.binary(max_size=200))
    return SimpleUploadedFile("fuzz.xlsx", content)


@pytest.fixture
def draft(db):
    return make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong")])


def _snapshot(decision):
    return list(decision.awards.order_by("line_no").values_list("pk", "line_no", "recipient_name", "award_type_id"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(upload=workbooks(imports.DECISION_COLUMNS))
def test_the_decision_importer_returns_errors_and_writes_nothing_on_error(draft, upload):
    RUNS["decision"] += 1
    before = _snapshot(draft)
    result = imports.decision_import(actor=None, decision=draft, upload=upload)  # must not raise
    assert isinstance(result, imports.ImportResult)
    if result.errors:
        assert result.added == 0 and _snapshot(draft) == before
        for error in result.errors:
            assert error.problem and (error.row is None or error.row >= 1)
    else:
        assert draft.awards.count() == len(before) + result.added


@settings(max_examples=100, deadline=None)
@given(upload=workbooks(imports.DOSSIER_COLUMNS))
def test_the_nominee_reader_never_raises(upload):
    RUNS["nominees"] += 1
    rows, errors = imports.nominees_from_xlsx(upload)
    assert errors or rows


def test_report_the_number_of_examples():
    """Runs last in this module: prints how many examples hypothesis tried (pytest -s shows it)."""
    print(f"hypothesis examples run: {RUNS}")
