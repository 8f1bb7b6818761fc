"""The minutes of a council meeting, read back from the PDF: A4, the title, who attended and who did not, the
quorum, each nominee's tally and result with the rule applied, the signatures; and who may download it."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from awards.council.meetings import ballot_record, meeting_attendance_set, meeting_close
from reports.minutes_print import minutes_document, minutes_pdf
from tests.awards.meeting_helpers import OPEN_CODE, SECRET_CODE, full_setting
from tests.views_matrix import assert_permissions

MM = 72 / 25.4
pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def setting(council_member):
    return full_setting(user=council_member)


def _voted_and_closed(meeting, dossier):
    """9 of 10 present (the member at position 10 absent); the secret ballot passes with exactly 9 (90%), the
    open vote fails with 6 of 10 (70% needs 7)."""
    ids = [m.pk for m in meeting.composition.members.order_by("position")]
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:9]))
    secret = dossier.nominations.get(award_type__code=SECRET_CODE)
    named = dossier.nominations.get(award_type__code=OPEN_CODE)
    ballot_record(actor=None, meeting=meeting, nomination=secret, votes_for=9, votes_against=0)
    ballot_record(
        actor=None, meeting=meeting, nomination=named, named_votes={pk: i < 6 for i, pk in enumerate(ids[:9])}
    )
    return meeting_close(actor=None, meeting=meeting)


def _text(meeting) -> tuple[str, list]:
    pdf = pdfplumber.open(io.BytesIO(minutes_pdf(meeting)))
    return "\n".join(page.extract_text() for page in pdf.pages), pdf.pages


def test_the_minutes_state_attendance_quorum_tallies_and_results(setting):
    meeting, dossier, _ = setting
    meeting = _voted_and_closed(meeting, dossier)
    text, pages = _text(meeting)
    assert all(abs(p.width - 210 * MM) < 1 and abs(p.height - 297 * MM) < 1 for p in pages)
    flat = " ".join(text.split())
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in flat
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in flat and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "ngày 15 tháng 5 năm 2018" in flat and "Trụ sở UBND tỉnh" in flat
    assert "Có mặt: 9/10 thành viên" in flat and "Vắng mặt: 1 thành viên" in flat
    present, absent = flat.split("Vắng mặt:")
    assert "Lý Thị Tư" in present and "Hoàng Văn Thành viên 9" in absent and "Hoàng Văn Thành viên 9" not in present
    assert "Ủy viên thường trực" in present
    assert "Có mặt 9/10 thành viên Hội đồng" in flat and "ít nhất 7 thành viên" in flat and "đủ điều kiện" in flat
    tally = flat.split("III. KẾT QUẢ BIỂU QUYẾT")[1]
    secret_row = tally.split("Nông Thị Hà")[1].split("Hoàng Văn Phong")[0]
    assert "9 0 Đạt" in secret_row and "Không đạt" not in secret_row
    open_row = tally.split("Hoàng Văn Phong")[1]
    assert "6 3 Không đạt" in open_row
    for ballot in meeting.ballots.all():  # each result states the rule applied
        assert " ".join(ballot.explanation.split())[:40] in flat
    assert "THƯ KÝ" in flat and "CHỦ TRÌ" in flat
    assert "Vi Văn Thường" in flat.split("THƯ KÝ")[1] and "Nông Văn Thành" in flat.split("CHỦ TRÌ")[1]
    assert "DỰ THẢO" not in flat


def test_an_open_meeting_prints_as_a_draft_with_its_nominees_not_yet_voted(setting):
    meeting, _, _ = setting
    doc = minutes_document(meeting=meeting)
    assert doc.is_draft and {row.result for row in doc.rows} == {"Chưa biểu quyết"}
    text, _ = _text(meeting)
    assert "DỰ THẢO" in text and "Có mặt: 0/10" in text and "không đủ điều kiện" in " ".join(text.split())


def test_who_may_download_the_minutes(client, staff, clerk_a, council_member, setting):
    meeting, _, other = setting
    url = reverse("reports:meeting-minutes", args=[meeting.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a])
    client.force_login(staff)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "bien-ban-hop-hoi-dong-2018-05-15" in response["Content-Disposition"]
    client.force_login(council_member)
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:meeting-minutes", args=[other.pk])).status_code == 404
