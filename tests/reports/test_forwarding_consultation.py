"""The forwarding letter (tờ trình) cites the public consultation of its nominees: where the list was published,
its first and last days, and its outcome; a letter whose nominees needed none says nothing of it."""

import pytest
from django.template.loader import render_to_string

from kernel.lib.formatting import vn_date
from reports.forwarding_print import forwarding_document
from tests.awards.consultations.helpers import closed, state_dossier
from tests.awards.forwarding_helpers import reviewed_dossier
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_the_letter_cites_where_and_when_the_list_was_published():
    dossier = state_dossier()
    consultation = closed(dossier)
    doc = forwarding_document(dossier=dossier)
    assert doc.consultation_paragraph == (
        "Danh sách đã được công khai, lấy ý kiến Nhân dân trên Cổng thông tin điện tử tỉnh từ ngày "
        f"{vn_date(consultation.start_date)} đến ngày {vn_date(consultation.end_date)}; "
        "không nhận được ý kiến phản hồi."
    )
    html = render_to_string("reports/forwarding_pdf.html", {"doc": doc})
    assert doc.consultation_paragraph in html


def test_a_letter_without_consultation_says_nothing_of_it():
    dossier = reviewed_dossier(UnitFactory(name="Sở Tư pháp"), [("individual", "Nông Thị Hà", "BK_TTCP")])
    assert forwarding_document(dossier=dossier).consultation_paragraph == ""
