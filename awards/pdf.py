"""An award decision and its annex (danh sách kèm theo) as A4 PDF, in the layout of the decision's date."""

from awards.models import Decision
from awards.selectors import decision_document
from thiduakhenthuong.lib.pdf import render_pdf


def decision_pdf(decision: Decision) -> bytes:
    return render_pdf("awards/decision_pdf.html", {"doc": decision_document(decision=decision)})
