#!/usr/bin/env python
"""Time the report's PDF against LibreOffice converting the same report's Word copy (a benchmark, not a test).

Usage, against a database holding the demo (`manage.py load_demo`; SQLite or PostgreSQL):
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 SECRET_KEY=x .venv/bin/python scripts/bench_report.py [--runs 5]
In one run, each figure the median of 5 runs after a warm-up, the steps taking turns:
  (a) the PDF laid out in this process by the function the download view and issuing use
      (reports.pdf.report_html, then kernel.lib.pdf.html_to_pdf; for an issued report as if issued now, unsigned);
  (b) `manage.py export_report … --format pdf` as a command, for reference (a new Python process each time;
      for an issued report the command writes the stored bytes, so this is mostly start-up);
  (c) LibreOffice (headless, its profile kept warm between runs) converting the report's DOCX to PDF: the floor
      the PDF is held to (ratio (a)/(c) ≤ 1);
  (d) the DOCX written in this process, for reference.
It prints the load average, the ratio (a)/(c), and the pages of the PDF and of the DOCX as LibreOffice lays it out,
with the fonts it used. LibreOffice is not installed by the portal's scripts (apt-get install libreoffice-writer-nogui
or libreoffice-writer). It reports, it never fails: the exit status is 0 even when a step is missing or slow.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")

import django  # noqa: E402
from check_docx_layout import convert_command, soffice  # noqa: E402

django.setup()

from kernel.lib.pdf import html_to_pdf  # noqa: E402
from reports.document import report_document  # noqa: E402
from reports.docx import report_docx  # noqa: E402
from reports.management.commands.export_report import _find_report  # noqa: E402
from reports.models import Report  # noqa: E402
from reports.pdf import report_html  # noqa: E402

RUNS = 5


def libreoffice_converter(program: str, folder: Path, docx: bytes) -> Callable[[], bytes]:
    """A call converting the DOCX with LibreOffice in a profile of its own, kept between calls (warm after the
    first), with the fonts this machine has: what a reader's LibreOffice does with the file."""
    source = folder / "report.docx"
    source.write_bytes(docx)
    command = convert_command(program, folder / "profile", source)

    def convert() -> bytes:
        converted = folder / "report.pdf"
        converted.unlink(missing_ok=True)
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if not converted.exists():
            raise RuntimeError(f"LibreOffice did not convert the file: {result.stdout}{result.stderr}")
        return converted.read_bytes()

    return convert


def command_export(kind: str, number_symbol: str, output: Path) -> Callable[[], bytes]:
    arguments = [sys.executable, str(BASE_DIR / "manage.py"), "export_report", kind, "--report", number_symbol]

    def run() -> bytes:
        subprocess.run([*arguments, "--format", "pdf", "-o", str(output)], capture_output=True, check=True)
        return output.read_bytes()

    return run


def pdf_pages(pdf: bytes) -> tuple[int, list[str]]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        fonts = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars}
        return len(document.pages), sorted(fonts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", default="235/BC-UBND", help="number and symbol of the report")
    parser.add_argument("--kind", default="half-year", choices=["half-year", "year-end"])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    print(f"Load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    report = _find_report(args.kind, args.report, None)
    state = "issued: laid out as issuing does" if report.is_issued else "draft: laid out as its download does"
    print(f"Report {report.number_symbol} ({state})")

    def in_process() -> bytes:
        fresh = Report.objects.get(pk=report.pk)
        return html_to_pdf(report_html(report_document(report=fresh, as_issued=True)))

    def word_copy() -> bytes:
        return report_docx(report_document(report=Report.objects.get(pk=report.pk)))

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folder = Path(tmp)
        docx = word_copy()
        steps: dict[str, Callable[[], bytes]] = {"a": in_process}
        steps["b"] = command_export(args.kind, args.report, folder / "export.pdf")
        program = soffice()
        if program is not None:
            steps["c"] = libreoffice_converter(program, folder, docx)
        steps["d"] = word_copy
        # Interleaved (a, b, c, d, a, b, …) after one warm-up of each, so that other work on the machine weighs
        # on every step alike.
        last = {key: step() for key, step in steps.items()}
        times: dict[str, list[float]] = {key: [] for key in steps}
        for _ in range(args.runs):
            for key, step in steps.items():
                started = time.perf_counter()
                last[key] = step()
                times[key].append(time.perf_counter() - started)
    median = {key: statistics.median(values) for key, values in times.items()}
    rows: list[tuple[str, float | None, str]] = [
        ("(a) PDF in the process", median["a"], ""),
        ("(b) export_report, as a command", median["b"], "stored bytes, no layout" if report.is_issued else ""),
        ("(c) LibreOffice, DOCX to PDF", median.get("c"), "warm profile" if program else "LibreOffice not installed"),
        ("(d) DOCX in the process", median["d"], ""),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'step':<{width}}  {'median s':>8}  note")
    for name, seconds, text in rows:
        print(f"{name:<{width}}  {f'{seconds:.3f}' if seconds is not None else '–':>8}  {text}")
    pdf = last["a"]
    pages, fonts = pdf_pages(pdf)
    print(f"PDF: {pages} pages, {len(pdf):,} bytes; fonts {', '.join(fonts)}")
    if "c" in median:
        print(f"Ratio (a)/(c): {median['a'] / median['c']:.2f}")
        pages, fonts = pdf_pages(last["c"])
        print(f"DOCX as LibreOffice lays it out: {pages} pages; fonts {', '.join(fonts)}")
    print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # a report, never a failure
        print(f"benchmark stopped: {error!r}")
