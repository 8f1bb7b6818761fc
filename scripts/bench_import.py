#!/usr/bin/env python
"""Time and memory of the Excel import at its limits and on hostile files (a report, never a failure).

Usage, against a migrated database with the catalog loaded (SQLite will do; the bench database of 1M awards and
200,000 people is what issue #13 measures against):
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 SECRET_KEY=x .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 SECRET_KEY=x .venv/bin/python manage.py load_catalog
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 SECRET_KEY=x .venv/bin/python scripts/bench_import.py [--keep DIR]
        [--repeat 3] [--import-only]

It builds the files below, then runs each measurement in a fresh Python process (so that its peak resident memory,
VmHWM, is its own) and prints one table with the machine's load average. Steps:
- measure: awards.imports.measure alone (zip directory and streaming read), what refuses a hostile file;
- check: recipients_from_xlsx, what an upload costs before anything is written (measure, openpyxl, every row);
- import: decision_import into a new draft decision, person matching included, the deferred foreign keys checked
  (SET CONSTRAINTS ALL IMMEDIATE, as a commit checks them), in a transaction rolled back at the end: nothing stays
  (on PostgreSQL the tables it writes are VACUUM ANALYZEd before each run, so that one run's dead rows do not
  slow the next);
- floor: openpyxl read_only iterating every cell, openpyxl's full load iterating every cell (what the check did
  before issue #13), `unzip -t` (inflating every part), and a bare process (Django set up, nothing read) for the
  memory baseline.
The file at the limit fills every column of IMPORT_MAX_ROWS rows, as Excel saves it (shared strings, the template's
styles). When the database holds people, four individuals in five are people of the database (by identity number,
by name and date of birth, by name and registered unit, and some nobody), so that the import matches and links them
as it would a real list; otherwise made-up names. The steps on that file run --repeat times (medians printed).
Time is the step alone (the process's start is left out); memory is the whole process's peak.
"""

import argparse
import datetime
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")

from _xlsx_parts import MAIN_NS, as_excel_saves, rezip, workbook_bytes  # noqa: E402  (beside this script)

DATE = datetime.date(2018, 3, 1)
SHEET = "xl/worksheets/sheet1.xml"
FAMILY = ["Nông", "Hoàng", "Lương", "Nguyễn", "Trần", "Lăng", "Vi", "Hứa", "Đinh", "Chu"]
MIDDLE = ["Thị", "Văn", "Đức", "Minh", "Thu", "Ngọc"]
GIVEN = ["Hoa", "Phong", "Toàn", "Hương", "Thắng", "Dũng", "Lan", "Mai", "Quang", "Tuấn", "Yến", "Khánh"]
UNITS = ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Phòng Nội vụ huyện Cao Lộc", "UBND xã Hoàng Đồng"]


def _peak_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries it over an exec from the forked parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup():
    import django

    django.setup()


def _people(count: int) -> list[tuple]:
    """(name, birth date, identity number, unit name) of `count` people of the database, spread over it (none when
    it holds nobody)."""
    from django.db.models.functions import Mod

    from clusters.models import Person

    people = Person.objects.filter(merged_into__isnull=True)
    step = max(people.count() // max(count, 1), 1)
    people = people.alias(spread=Mod("pk", step)).filter(spread=0).order_by("pk")
    return list(people.values_list("full_name", "birth_date", "id_number", "current_unit__name")[:count])


# The class of individual column's labels, as the template's list gives them (awards.imports.columns).
CLASSES = [
    "Lãnh đạo cấp bộ, cấp tỉnh trở lên",
    "Lãnh đạo cấp vụ, sở",
    "Doanh nhân",
    "Lãnh đạo khác (từ phó phòng trở lên)",
    "Người trực tiếp công tác, lao động, học tập, chiến đấu",
]


def _rows(count: int, award: str, kind: str) -> list[list]:
    """Every column of the decision template filled, as a clerk would: individuals with a date of birth, a
    12-digit identity number and their class, collectives without, saying whether they are an enterprise.
    Individuals are people of the database when it has some."""
    random.seed(12)
    people = _people(count)
    rows = []
    for i in range(count):
        unit = random.choice(UNITS)
        if i % 5 == 4:
            enterprise = "Có" if i % 10 == 4 else "Không"
            rows.append([award, kind, "Tập thể", f"Phòng {i} – {unit}", "", unit, "Có", "", "", "", enterprise, ""])
            continue
        name = f"{random.choice(FAMILY)} {random.choice(MIDDLE)} {random.choice(GIVEN)} {i}"
        born = f"{random.randint(1, 28):02d}/{random.randint(1, 12):02d}/{random.randint(1960, 1999)}"
        id_number = f"0{random.randint(10**10, 10**11 - 1)}"
        if people and i % 10 != 3:  # one individual in ten is nobody the database knows
            full_name, birth_date, known_id, unit_name = people[i % len(people)]
            # by identity number (with the name as printed), by name and date of birth, by name and unit
            name, unit = full_name, unit_name or unit
            born = birth_date.strftime("%d/%m/%Y") if birth_date and i % 5 != 2 else ""
            id_number = known_id if known_id and i % 5 == 0 else ""
        rows.append(
            [award, kind, "Cá nhân", name, "Chuyên viên", unit, "Không", born, id_number, CLASSES[i % 5], "", ""]
        )
    return rows


def build(directory: Path, *, at_limit_only: bool = False) -> dict[str, Path]:
    """The files, by name (only the file at the limit when `at_limit_only`)."""
    from django.conf import settings
    from openpyxl import Workbook, load_workbook

    from awards import imports
    from awards.models import Authority, AwardType, CommendationKind, Decision

    authority = Authority.objects.get(code="provincial_chair")
    decision = Decision(authority=authority, date=DATE, number=1, symbol="QĐ-UBND")
    template = imports.decision_template(decision)
    award = AwardType.objects.get(code="BK_TINH").name
    kind = CommendationKind.objects.get(code="regular").name
    limit = settings.IMPORT_MAX_ROWS
    width = min(settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELLS // (limit + 1))
    files = {}

    def filled(rows) -> bytes:
        workbook = load_workbook(io.BytesIO(template))
        sheet = workbook[imports.DATA_SHEET]
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                if value:
                    sheet.cell(row=r, column=c, value=value)
        return workbook_bytes(workbook)

    at_limit = filled(_rows(limit, award, kind))
    files["at-limit-inline"] = directory / "at-limit-inline.xlsx"
    files["at-limit-inline"].write_bytes(at_limit)
    files["at-limit"] = directory / "at-limit.xlsx"
    files["at-limit"].write_bytes(as_excel_saves(at_limit))
    if at_limit_only:
        return files
    files["over-rows-by-one"] = directory / "over-rows-by-one.xlsx"
    files["over-rows-by-one"].write_bytes(as_excel_saves(filled(_rows(limit + 1, award, kind))))

    # Every limit at once: IMPORT_MAX_CELLS cells filled on a lone sheet, header included (10,001 × 15 by default).
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = imports.DATA_SHEET
    for c in range(1, width + 1):
        sheet.cell(row=1, column=c, value=f"Cột {c}")
    for r, row in enumerate(_rows(min(limit, settings.IMPORT_MAX_CELLS // width - 1), award, kind), start=2):
        for c in range(1, width + 1):
            sheet.cell(row=r, column=c, value=row[(c - 1) % len(row)] or f"x{r}")
    files["cells-at-limit-inline"] = directory / "cells-at-limit-inline.xlsx"
    files["cells-at-limit-inline"].write_bytes(workbook_bytes(workbook))
    files["cells-at-limit"] = directory / "cells-at-limit.xlsx"
    files["cells-at-limit"].write_bytes(as_excel_saves(workbook_bytes(workbook)))

    with zipfile.ZipFile(io.BytesIO(at_limit)) as archive:
        sheet_xml = archive.read(SHEET).decode()
    head, _sep, _rest = sheet_xml.partition("<sheetData>")
    tail = sheet_xml[sheet_xml.index("</sheetData>") :]
    header = sheet_xml[len(head) : sheet_xml.index("</row>") + len("</row>")]

    def rows_of_text(numbered_cells: bool, size: int):
        """`size` bytes of rows of text: identical cells (issue #12's kind: 95 MB in a 0.3 MB file), or cells
        numbered as Excel numbers them (compressing about 30 times, under the ratio limit)."""

        def write(part) -> None:
            part.write((head + header).encode())
            written, r = 0, 2
            while written < size:
                block = "".join(
                    f'<row r="{n}">'
                    + "".join(_cell(f"{letter}{n}" if numbered_cells else "") for letter in "ABCDEFGHI")
                    + "</row>"
                    for n in range(r, r + 1000)
                )
                data = block.encode()
                part.write(data)
                written, r = written + len(data), r + 1000
            part.write(tail.encode())

        return write

    files["bomb-sheet"] = directory / "bomb-sheet.xlsx"
    rezip(at_limit, files["bomb-sheet"], {SHEET: rows_of_text(False, 95 * 1000 * 1000)})
    files["bomb-under-size-cap"] = directory / "bomb-under-size-cap.xlsx"
    rezip(
        at_limit,
        files["bomb-under-size-cap"],
        {SHEET: rows_of_text(False, settings.IMPORT_MAX_UNPACKED_BYTES - 3 * 10**6)},
    )
    files["flood-rows"] = directory / "flood-rows.xlsx"
    rezip(at_limit, files["flood-rows"], {SHEET: rows_of_text(True, settings.IMPORT_MAX_UNPACKED_BYTES - 3 * 10**6)})

    def bomb_strings(part) -> None:
        part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        item = ("<si><t>" + "Hoàn thành xuất sắc nhiệm vụ năm 2017. " * 25 + "</t></si>").encode()
        for _n in range(95 * 1000 * 1000 // len(item)):
            part.write(item)
        part.write(b"</sst>")

    files["bomb-strings"] = directory / "bomb-strings.xlsx"
    rezip(at_limit, files["bomb-strings"], {"xl/sharedStrings.xml": bomb_strings})

    def long_strings(part) -> None:
        """Shared strings up to the unpacked limit, varied enough to stay under the ratio limit."""
        random.seed(7)
        words = "Hoàn thành xuất sắc nhiệm vụ năm dẫn đầu phong trào thi đua của đơn vị tỉnh Lạng Sơn".split()
        part.write(f'<sst xmlns="{MAIN_NS}">'.encode())
        written = 0
        while written < settings.IMPORT_MAX_UNPACKED_BYTES - 4 * 10**6:
            text = " ".join(random.choice(words) + str(random.randint(0, 99)) for _n in range(120))
            item = f"<si><t>{text}</t></si>".encode()
            part.write(item)
            written += len(item)
        part.write(b"</sst>")

    files["strings-at-size-cap"] = directory / "strings-at-size-cap.xlsx"
    excel_saved = as_excel_saves(at_limit)
    with zipfile.ZipFile(io.BytesIO(excel_saved)) as archive:
        own = archive.read("xl/sharedStrings.xml").decode()
    rezip(
        excel_saved,
        files["strings-at-size-cap"],
        {"xl/sharedStrings.xml": lambda part: _append(part, own, long_strings)},
    )

    wide = "".join(f'<c r="{_letter(c)}2" t="inlineStr"><is><t>x</t></is></c>' for c in range(1, 16_385))
    files["wide-16384-columns"] = directory / "wide.xlsx"
    rezip(at_limit, files["wide-16384-columns"], {SHEET: (head + header + f'<row r="2">{wide}</row>' + tail).encode()})

    heights = "".join(f'<row r="{n}" ht="20" customHeight="1"/>' for n in range(limit + 2, limit + 300_000))
    files["row-heights-flood"] = directory / "row-heights.xlsx"
    rezip(at_limit, files["row-heights-flood"], {SHEET: sheet_xml.replace("</sheetData>", heights + "</sheetData>")})

    merge = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    files["merge-whole-sheet"] = directory / "merge.xlsx"
    rezip(at_limit, files["merge-whole-sheet"], {SHEET: sheet_xml.replace("</sheetData>", "</sheetData>" + merge)})
    return files


BOMB_TEXT = "Nông Thị Hoa, Trưởng phòng Tổ chức cán bộ, Sở Nội vụ tỉnh Lạng Sơn"


def _cell(reference: str) -> str:
    at = f' r="{reference}"' if reference else ""
    return f'<c{at} t="inlineStr"><is><t>{BOMB_TEXT}</t></is></c>'


def _append(part, own: str, more) -> None:
    """The file's own shared strings (the cells' indexes stay right), then `more`'s items."""
    part.write(own[: own.index("</sst>")].encode())
    buffer = io.BytesIO()
    more(buffer)
    items = buffer.getvalue().decode()
    part.write(items[items.index(">") + 1 : items.rindex("</sst>")].encode() + b"</sst>")


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def run_step(step: str, path: str) -> dict:
    """One step in this process; its result as JSON-able data."""
    from django.db import connection, transaction

    from awards.imports import recipients_from_xlsx
    from awards.imports.measure import measure_xlsx
    from awards.imports.results import Refused
    from awards.imports.writing import decision_import
    from awards.models import Authority, Decision
    from campaigns.models import Issuer

    started = time.perf_counter()
    outcome = ""
    if step == "measure":
        try:
            with zipfile.ZipFile(path) as archive:
                found = measure_xlsx(archive)
            outcome = f"passed: {found.rows} rows, {found.columns} columns, {found.cells} cells"
        except Refused as refused:
            outcome = "refused: " + refused.problem.problem
    elif step == "check":
        authority = Authority.objects.get(code="provincial_chair")
        with open(path, "rb") as upload:
            rows, problems = recipients_from_xlsx(upload, date=DATE, authority=authority)
        outcome = f"{len(rows)} rows, {len(problems)} problems" + (f": {problems[0].problem}" if problems else "")
    elif step == "import":
        with transaction.atomic():
            decision = Decision.objects.create(
                issuer=Issuer.objects.get(code="UBND"),
                authority=Authority.objects.get(code="provincial_chair"),
                date=DATE,
                symbol="QĐ-UBND",
                signer_name="Hồ Tiến Thiệu",
                signer_title="Phó Chủ tịch",
            )
            with open(path, "rb") as upload:
                result = decision_import(actor=None, decision=decision, upload=upload)
            if connection.vendor == "postgresql":  # what the commit would check: its time is the import's
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            outcome = (
                f"added {result.added}, linked {result.linked}, left {result.unlinked}, {len(result.errors)} errors"
                + (f" ({result.errors[0].problem})" if result.errors else "")
                + ", rolled back"
            )
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
    elif step in ("openpyxl-read-only", "openpyxl-full"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=step == "openpyxl-read-only", data_only=False)
        cells = sum(1 for sheet in workbook.worksheets for row in sheet.iter_rows() for _cell in row)
        outcome = f"{cells} cells"
    if step != "import":
        elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "rss_mb": _peak_mb(), "outcome": outcome}


def _vacuum_written_tables() -> None:
    """VACUUM ANALYZE of the tables an import writes, before each import (PostgreSQL only; not timed): each run
    rolls back 10,000 awards, their links and audit entries, and their dead rows made every next run slower
    (2.65, 3.04, 3.21 s in a row), a cost a committed import never leaves behind."""
    from django.db import connection

    from audit.models import AuditLog
    from awards.models import Award, Decision, PersonAward

    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Award, PersonAward, Decision, AuditLog))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {tables}")


def _child(step: str, path: Path, timeout: int) -> dict:
    command = [sys.executable, __file__, "--step", step, "--file", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"seconds": float(timeout), "rss_mb": float("nan"), "outcome": f"stopped after {timeout} s"}
    if done.returncode:
        return {"seconds": float("nan"), "rss_mb": float("nan"), "outcome": "failed: " + done.stderr.strip()[-200:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _unzip(path: Path) -> dict:
    if not shutil.which("unzip"):
        return {"seconds": float("nan"), "rss_mb": float("nan"), "outcome": "unzip not installed"}
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    done = subprocess.run([*timer, "unzip", "-tqq", str(path)], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    rss = int(done.stderr.strip().splitlines()[-1]) / 1024 if timer else float("nan")
    return {"seconds": elapsed, "rss_mb": rss, "outcome": "every part inflated, CRC checked"}


PLAN = [
    ("baseline", "at-limit", "bare"),
    ("at-limit-inline", "at-limit-inline", "measure"),
    ("at-limit-inline", "at-limit-inline", "check"),
    ("at-limit-inline", "at-limit-inline", "openpyxl-read-only"),
    ("at-limit", "at-limit", "measure"),
    ("at-limit", "at-limit", "check"),
    ("at-limit", "at-limit", "import"),
    ("at-limit", "at-limit", "openpyxl-read-only"),
    ("at-limit", "at-limit", "openpyxl-full"),
    ("at-limit", "at-limit", "unzip -t"),
    ("cells-at-limit", "cells-at-limit", "measure"),
    ("cells-at-limit", "cells-at-limit", "check"),
    ("cells-at-limit", "cells-at-limit", "openpyxl-read-only"),
    ("cells-at-limit", "cells-at-limit", "openpyxl-full"),
    ("cells-at-limit-inline", "cells-at-limit-inline", "check"),
    ("over-rows-by-one", "over-rows-by-one", "check"),
    ("bomb-sheet", "bomb-sheet", "check"),
    ("bomb-sheet", "bomb-sheet", "unzip -t"),
    ("bomb-under-size-cap", "bomb-under-size-cap", "check"),
    ("strings-at-size-cap", "strings-at-size-cap", "check"),
    ("flood-rows", "flood-rows", "check"),
    ("bomb-strings", "bomb-strings", "check"),
    ("wide-16384-columns", "wide-16384-columns", "check"),
    ("row-heights-flood", "row-heights-flood", "check"),
    ("merge-whole-sheet", "merge-whole-sheet", "check"),
]
# Run --repeat times (the machine may be shared): the medians are printed after the table.
REPEATED = {("at-limit", "check"), ("at-limit", "import"), ("at-limit", "openpyxl-read-only")}
IMPORT_ONLY = [("baseline", "at-limit", "bare"), *((f, f, step) for f, step in sorted(REPEATED))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--keep", help="build the files in this directory and keep them")
    parser.add_argument("--timeout", type=int, default=120, help="seconds a step may take (default 120)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the steps on the file at the limit (3)")
    parser.add_argument("--import-only", action="store_true", help="only the file at the limit: check, import, floor")
    arguments = parser.parse_args()
    _setup()
    if arguments.step:
        bare = {"seconds": 0.0, "rss_mb": _peak_mb(), "outcome": "Django set up"}
        print(json.dumps(bare if arguments.step == "bare" else run_step(arguments.step, arguments.file)))
        return

    from django.conf import settings

    directory = Path(arguments.keep or tempfile.mkdtemp(prefix="bench-import-"))
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    from awards.models import Authority

    if not Authority.objects.filter(code="provincial_chair").exists():
        print("The database has no catalog: run `manage.py migrate` and `manage.py load_catalog` on it first.")
        return
    files = build(directory, at_limit_only=arguments.import_only)
    print(f"Files built in {time.perf_counter() - started:.1f} s in {directory}")
    unpacked, packed = settings.IMPORT_MAX_UNPACKED_BYTES / 2**20, settings.IMPORT_MAX_BYTES / 2**20
    print(
        f"Limits: {settings.IMPORT_MAX_ROWS} rows, {settings.IMPORT_MAX_COLUMNS} columns, {settings.IMPORT_MAX_CELLS} "
        f"cells, {unpacked:.0f} MiB unpacked, {packed:.0f} MiB packed"
    )
    print(f"Load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    print()
    print(f"{'file':<21} {'packed MB':>9} {'unpacked MB':>11} {'step':<19} {'time s':>7} {'peak RSS MB':>11}  outcome")
    runs: dict[tuple[str, str], list[dict]] = {}
    for name, file_key, step in IMPORT_ONLY if arguments.import_only else PLAN:
        path = files[file_key]
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        for _run in range(arguments.repeat if (name, step) in REPEATED else 1):
            if step == "import":
                _vacuum_written_tables()
            figures = _unzip(path) if step == "unzip -t" else _child(step, path, arguments.timeout)
            runs.setdefault((name, step), []).append(figures)
            print(
                f"{name:<21} {path.stat().st_size / 1e6:>9.2f} {unpacked / 1e6:>11.1f} {step:<19} "
                f"{figures['seconds']:>7.2f} {figures['rss_mb']:>11.0f}  {figures['outcome'][:110]}"
            )
    print()
    print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Medians of {arguments.repeat} runs ({settings.IMPORT_MAX_ROWS} rows):")
    for (name, step), figures in runs.items():
        if (name, step) in REPEATED:
            seconds = statistics.median(f["seconds"] for f in figures)
            rss = statistics.median(f["rss_mb"] for f in figures)
            print(f"  {name:<21} {step:<19} {seconds:>6.2f} s {rss:>6.0f} MB")
    if not arguments.keep:
        shutil.rmtree(directory)


if __name__ == "__main__":
    main()
