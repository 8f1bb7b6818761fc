"""Export a report from the command line, e.g.

python manage.py export_report appendix2 --from 2017-12-20 --to 2018-06-20 --format xlsx -o phu-luc-2.xlsx
"""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from reports.pdf import appendix2_pdf
from reports.selectors import appendix2_compute
from reports.xlsx import appendix2_xlsx

RENDERERS = {
    "json": lambda table: (json.dumps(table.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    "xlsx": appendix2_xlsx,
    "pdf": appendix2_pdf,
}


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"“{text}” is not a date in the form YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Export a report: appendix2 (Phụ lục 2) for a period, as xlsx, pdf or json."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["appendix2"])
        parser.add_argument("--from", dest="date_from", required=True, help="first day counted, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="last day counted (included), YYYY-MM-DD")
        parser.add_argument("--format", choices=sorted(RENDERERS), required=True)
        parser.add_argument("-o", "--output", required=True, help="file to write, or - for standard output")

    def handle(self, *args, report, date_from, date_to, format, output, **options):
        start, end = _date(date_from), _date(date_to)
        if start > end:
            raise CommandError("--from is after --to.")
        table = appendix2_compute(start=start, end=end)
        for warning in table.warnings:
            self.stderr.write(f"WARNING: {warning}")
        content = RENDERERS[format](table)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Wrote {len(content)} bytes to {output}.")
