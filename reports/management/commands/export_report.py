"""Export a report from the command line, e.g.

python manage.py export_report appendix2 --from 2017-12-20 --to 2018-06-20 --format xlsx -o phu-luc-2.xlsx
python manage.py export_report appendix1 --from 2017-12-20 --to 2018-06-20 --format xlsx -o phu-luc-1.xlsx
python manage.py export_report appendix1 --from 2017-12-20 --to 2018-06-20 --format json -o phu-luc-1.json
python manage.py export_report statistics --form 0602 --year 2024 --format json -o 0602-2024.json
python manage.py export_report half-year --report 235/BC-UBND --format pdf -o 235-BC-UBND.pdf
python manage.py export_report certificates --decision 603/QĐ-UBND --year 2018 --format pdf -o 603.pdf

An issued report is written exactly as it was issued (the stored PDF bytes); a draft is rendered now and
marked "DỰ THẢO". `certificates` writes an issued decision's certificates (pdf, one page each, with their register
numbers) or its register (xlsx); it records no print: prints are logged from the decision's certificates page.
"""

import datetime
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.decisions.register_selectors import decision_register_awards, decision_register_rows
from awards.models import Decision
from campaigns.selectors import appendix1_compute
from kernel.lib.symbols import SymbolError, parse_symbol
from reports.certificate_files import register_xlsx
from reports.certificates import CertificateUnavailable, decision_certificates_pdf
from reports.document import report_document
from reports.docx import report_docx
from reports.models import IssuedStatistics, Report
from reports.pdf import appendix1_pdf, appendix2_pdf, report_pdf
from reports.selectors import LayoutError, appendix2_compute
from reports.statistics import StatisticsUnavailable, statistics_compute, statistics_from_snapshot
from reports.statistics_files import statistics_pdf, statistics_xlsx
from reports.xlsx import appendix1_xlsx, appendix2_xlsx


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _report_pdf(report: Report) -> bytes:
    return bytes(report.pdf) if report.is_issued else report_pdf(report_document(report=report))


def _appendix1(start, end):
    return appendix1_compute(start=start, end=end)  # the whole register: a command has no user to scope it to


# report → format → how to produce it from the period's table (appendix1/2) or from the stored report.
EXPORTS = {
    "appendix1": {
        "json": lambda start, end: _json(_appendix1(start, end).as_json()),
        "xlsx": lambda start, end: appendix1_xlsx(_appendix1(start, end)),
        "pdf": lambda start, end: appendix1_pdf(_appendix1(start, end)),
    },
    "appendix2": {
        "json": lambda table: _json(table.as_json()),
        "xlsx": appendix2_xlsx,
        "pdf": appendix2_pdf,
    },
    "statistics": {
        "json": lambda table: _json(table.as_json()),
        "xlsx": statistics_xlsx,
        "pdf": statistics_pdf,
    },
    "certificates": {
        "pdf": lambda decision: decision_certificates_pdf(
            decision=decision, awards=list(decision_register_awards(decision=decision))
        ),
        "xlsx": lambda decision: register_xlsx(decision=decision, rows=decision_register_rows(decision=decision)),
    },
    "half-year": {"pdf": _report_pdf, "docx": lambda report: report_docx(report_document(report=report))},
    "year-end": {"pdf": _report_pdf, "docx": lambda report: report_docx(report_document(report=report))},
}
REPORT_KINDS = {"half-year": Report.Kind.HALF_YEAR, "year-end": Report.Kind.YEAR_END}


def _date(text: str | None, option: str) -> datetime.date:
    if not text:
        raise CommandError(f"{option} is required for this report (YYYY-MM-DD).")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"“{text}” is not a date in the form YYYY-MM-DD.") from error


def _find_report(kind: str, number_symbol: str | None, year: int | None) -> Report:
    if not number_symbol:
        raise CommandError("--report is required, e.g. --report 235/BC-UBND.")
    try:
        symbol = parse_symbol(number_symbol)
    except SymbolError as error:
        raise CommandError(str(error)) from error
    reports = Report.objects.filter(kind=REPORT_KINDS[kind], number=symbol.number, symbol=symbol.symbol)
    if year:
        reports = reports.filter(date__year=year)
    found = list(reports[:2])
    if not found:
        raise CommandError(f"No {kind} report {number_symbol}{f' in {year}' if year else ''}.")
    if len(found) > 1:
        raise CommandError(f"Several reports are numbered {number_symbol}: add --year.")
    return found[0]


def _find_decision(number_symbol: str | None, year: int | None) -> Decision:
    if not number_symbol:
        raise CommandError("--decision is required, e.g. --decision 603/QĐ-UBND --year 2018.")
    try:
        symbol = parse_symbol(number_symbol)
    except SymbolError as error:
        raise CommandError(str(error)) from error
    decisions = Decision.objects.filter(number=symbol.number, symbol=symbol.symbol, status=Decision.Status.ISSUED)
    if year:
        decisions = decisions.filter(date__year=year)
    found = list(decisions.select_related("authority", "issuer")[:2])
    if not found:
        raise CommandError(f"No issued decision {number_symbol}{f' in {year}' if year else ''}.")
    if len(found) > 1:
        raise CommandError(f"Several issued decisions are numbered {number_symbol}: add --year.")
    return found[0]


class Command(BaseCommand):
    help = (
        "Export a report: appendix2 (Phụ lục 2) or appendix1 (Phụ lục 1) for a period (xlsx, pdf, json), "
        "an annual statistical form (statistics --form 0602 --year 2024: xlsx, pdf, json), "
        "a half-year / year-end report from the register (pdf, docx), "
        "or an issued decision's certificates (certificates --decision 603/QĐ-UBND --year 2018: pdf, or xlsx for "
        "its register)."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(EXPORTS))
        parser.add_argument("--from", dest="date_from", help="first day counted, YYYY-MM-DD (appendix1, appendix2)")
        parser.add_argument("--to", dest="date_to", help="last day counted (included), YYYY-MM-DD")
        parser.add_argument("--report", dest="number_symbol", help="number and symbol, e.g. 235/BC-UBND")
        parser.add_argument(
            "--year",
            type=int,
            help="year of the report, when its number repeats across years; statistics: the statistical year",
        )
        parser.add_argument("--decision", dest="decision", help="certificates: the decision, e.g. 603/QĐ-UBND")
        parser.add_argument("--form", dest="form_code", help="statistics: the form's code, e.g. 0602")
        parser.add_argument(
            "--format", choices=sorted({f for formats in EXPORTS.values() for f in formats}), required=True
        )
        parser.add_argument("-o", "--output", required=True, help="file to write, or - for standard output")

    def handle(self, *args, report, date_from, date_to, number_symbol, year, form_code, format, output, **options):
        if format not in EXPORTS[report]:
            raise CommandError(f"{report} is exported as {', '.join(sorted(EXPORTS[report]))}, not {format}.")
        render = EXPORTS[report][format]
        if report == "certificates":
            try:
                content = render(_find_decision(options.get("decision"), year))
            except CertificateUnavailable as error:
                raise CommandError(str(error)) from error
        elif report == "statistics":
            content = self._statistics(form_code, year, format)
        elif report in REPORT_KINDS:
            content = render(_find_report(report, number_symbol, year))
        else:
            start, end = _date(date_from, "--from"), _date(date_to, "--to")
            if start > end:
                raise CommandError("--from is after --to.")
            if report == "appendix1":
                content = render(start, end)
            else:
                try:  # counted by the layout the period's last day chooses
                    table = appendix2_compute(start=start, end=end)
                except LayoutError as error:
                    raise CommandError(str(error)) from error
                for warning in table.warnings:
                    self.stderr.write(f"WARNING: {warning}")
                content = render(table)
        self._write(content, output)

    def _statistics(self, form_code, year, format) -> bytes:
        """An issued form as issued (its stored PDF bytes, its frozen figures); otherwise computed now."""
        if not form_code or not year:
            raise CommandError("statistics needs --form (e.g. 0602) and --year (the statistical year, e.g. 2024).")
        issued = IssuedStatistics.objects.filter(form_code=form_code, year=year).first()
        if issued is not None:
            self.stderr.write(f"{issued.form_number} of {year} was issued on {issued.issued_at:%Y-%m-%d}: as issued.")
            return (
                bytes(issued.pdf)
                if format == "pdf"
                else EXPORTS["statistics"][format](statistics_from_snapshot(issued.snapshot))
            )
        try:
            table = statistics_compute(form_code=form_code, year=year)
        except StatisticsUnavailable as error:
            raise CommandError(str(error)) from error
        for warning in table.warnings:
            self.stderr.write(f"WARNING: {warning}")
        return EXPORTS["statistics"][format](table)

    def _write(self, content, output):
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Wrote {len(content)} bytes to {output}.")
