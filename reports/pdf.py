"""Phụ lục 2 and whole reports as A4 PDF."""

from kernel.lib.pdf import render_pdf
from reports.document import ReportDocument
from reports.selectors import Appendix2


def appendix2_pdf(table: Appendix2) -> bytes:
    return render_pdf("reports/appendix2_pdf.html", {"table": table})


def report_pdf(doc: ReportDocument) -> bytes:
    return render_pdf("reports/report_pdf.html", {"doc": doc})
