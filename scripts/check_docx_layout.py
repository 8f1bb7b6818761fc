#!/usr/bin/env python
"""Lay out the Word copy of a report with LibreOffice and check it against the PDF (a check, not a test).

LibreOffice (headless) converts the DOCX to PDF; the check reads that PDF's text: the page holding the
"Phụ lục 2:" heading must also hold the table's grand total line ("TỔNG CỘNG"), as in the report's PDF. It prints
the number of pages of the Word copy and of the PDF. LibreOffice lays Times New Roman out with the portal's own
Liberation Serif (same metrics, bundled in thiduakhenthuong/static/fonts), so the result does not depend on the
fonts this machine has; it is not installed by scripts/test (apt-get install libreoffice-writer).

Usage:
    # files already exported (manage.py export_report half-year --report 235/BC-UBND --format docx / pdf)
    .venv/bin/python scripts/check_docx_layout.py out/235.docx --pdf out/235.pdf
    # or exported here, from the database of DATABASE_URL (e.g. the SQLite quick start with load_demo)
    .venv/bin/python scripts/check_docx_layout.py --report 235/BC-UBND [--kind half-year]
Add --save FILE to keep LibreOffice's PDF (to look at its pages: pdftoppm -r 50 -png FILE page).
Exit status: 0 when Phụ lục 2 is on one page, 1 when it is not, 2 when LibreOffice is not installed.
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
FONTS = BASE_DIR / "thiduakhenthuong" / "static" / "fonts"
HEADING, GRAND_TOTAL = "Phụ lục 2:", "TỔNG CỘNG"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_command(program: str, profile: Path, source: Path) -> list[str]:
    """LibreOffice converting `source` to a PDF beside it, in the profile folder given (created when missing)."""
    return [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(source.parent),
        str(source),
    ]


def docx_to_pdf(docx: bytes, *, timeout: int = 300) -> bytes:
    """The DOCX as LibreOffice prints it, converted in a private profile (a running LibreOffice is left alone)."""
    program = soffice()
    if program is None:
        raise FileNotFoundError("LibreOffice not installed (soffice)")
    with tempfile.TemporaryDirectory(prefix="docx-layout-") as tmp:
        folder = Path(tmp)
        (folder / "report.docx").write_bytes(docx)
        (folder / "fonts.conf").write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"  <dir>{FONTS}</dir>\n  <cachedir>{folder / 'fontcache'}</cachedir>\n</fontconfig>\n",
            encoding="utf-8",
        )
        command = convert_command(program, folder / "profile", folder / "report.docx")
        env = {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        converted = folder / "report.pdf"
        if not converted.exists():
            raise RuntimeError(f"LibreOffice did not convert the file: {result.stdout}{result.stderr}")
        return converted.read_bytes()


@dataclass(frozen=True)
class Layout:
    pages: int
    heading_page: int | None  # 1-based, the page of the "Phụ lục 2:" heading
    total_page: int | None  # the first page from the heading's on that holds the grand total line

    @property
    def appendix2_on_one_page(self) -> bool:
        return self.heading_page is not None and self.heading_page == self.total_page


def page_count(pdf: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def layout(pdf: bytes) -> Layout:
    import pdfplumber

    heading_page = total_page = None
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
            if heading_page is None and any(line.startswith(HEADING) for line in lines):
                heading_page = number
            if heading_page is not None and any(line.startswith(GRAND_TOTAL) for line in lines):
                total_page = number
                break
        return Layout(len(document.pages), heading_page, total_page)


def _export(kind: str, number_symbol: str) -> tuple[bytes, bytes]:
    """The report's DOCX and PDF as `manage.py export_report` writes them."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")
    import django

    django.setup()
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="docx-layout-") as tmp:
        paths = {}
        for format_ in ("docx", "pdf"):
            paths[format_] = Path(tmp) / f"report.{format_}"
            call_command("export_report", kind, "--report", number_symbol, "--format", format_, "-o", paths[format_])
        return paths["docx"].read_bytes(), paths["pdf"].read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docx", nargs="?", type=Path, help="the report's Word copy (or use --report)")
    parser.add_argument("--pdf", type=Path, help="the report's PDF, to compare page counts")
    parser.add_argument("--report", help="export this report (number/symbol, e.g. 235/BC-UBND) from the database")
    parser.add_argument("--kind", default="half-year", choices=["half-year", "year-end"])
    parser.add_argument("--save", type=Path, help="keep LibreOffice's PDF of the Word copy here")
    args = parser.parse_args(argv)
    if (args.docx is None) == (args.report is None):
        parser.error("give a DOCX file or --report, not both")
    if soffice() is None:
        print("LibreOffice not installed (apt-get install libreoffice-writer)", file=sys.stderr)
        return 2
    if args.report:
        docx, pdf = _export(args.kind, args.report)
    else:
        docx, pdf = args.docx.read_bytes(), args.pdf.read_bytes() if args.pdf else None
    converted = docx_to_pdf(docx)
    if args.save:
        args.save.write_bytes(converted)
    result = layout(converted)
    print(f"Word copy, laid out by LibreOffice: {result.pages} pages")
    if pdf is not None:
        print(f"PDF: {page_count(pdf)} pages")
    if result.heading_page is None:
        print(f"Phụ lục 2: no line starting {HEADING!r}")
    else:
        where = f"heading on page {result.heading_page}, grand total on page {result.total_page or '(not found)'}"
        verdict = "one page" if result.appendix2_on_one_page else "NOT on one page"
        print(f"Phụ lục 2: {where}: {verdict}")
    return 0 if result.appendix2_on_one_page else 1


if __name__ == "__main__":
    sys.exit(main())
