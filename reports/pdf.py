"""Phụ lục 2 as an A4 PDF."""

from reports.selectors import Appendix2
from thiduakhenthuong.lib.pdf import render_pdf


def appendix2_pdf(table: Appendix2) -> bytes:
    return render_pdf("reports/appendix2_pdf.html", {"table": table})
