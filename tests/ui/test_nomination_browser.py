"""End to end in headless Chromium, each persona in their own browser session: a unit clerk prepares and submits
a nomination dossier, staff return it with a reason, the clerk fixes it and submits again, staff vet it and send
it to the council, hold the meeting, a council member casts the last vote, staff close the meeting, gather the
approved nominees into a decision and issue it, and the new awards are counted in Phụ lục 2."""

import re

import pytest

from awards.council.meetings import member_vote_cast
from awards.models import CouncilMember, Dossier, Meeting
from tests.awards.meeting_helpers import council_of_ten
from tests.factories import UserFactory
from tests.ui.conftest import PASSWORD, confirm_password

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BK_TINH = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


def _session(browser, live_server, username):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _nominees(page, *, year=""):
    """The two nominees in the row editor: the first row is there, the second is added."""
    rows = page.locator("#nominee-rows fieldset.nominee-row:not(.d-none)")
    if rows.count() < 2:
        page.click("#add-nominee")
    for index, (kind, name, achievements) in enumerate(
        [
            ("individual", "Hoàng Văn Phong", f"Hoàn thành xuất sắc nhiệm vụ năm{year}"),
            ("collective", "Ủy ban nhân dân xã Đình Lập", "Dẫn đầu phong trào thi đua của huyện"),
        ]
    ):
        row = rows.nth(index)
        row.locator("select[name$='-award_type']").select_option(label=BK_TINH)
        row.locator("select[name$='-recipient_kind']").select_option(kind)
        row.locator("input[name$='-recipient_name']").fill(name)
        row.locator("textarea[name$='-achievements']").fill(achievements)


def _attach(page, kind_value, name):
    page.select_option("#id_kind", kind_value)
    page.set_input_files("#id_file", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
    page.click("form[action$='/tep/'] button[type=submit]")
    page.wait_for_selector(f"text={name}")


def _post_button(page, action_suffix):
    page.click(f"form[action$='{action_suffix}'] button[type=submit]")
    page.wait_for_load_state()


def test_a_nomination_from_the_unit_to_the_decision_counted_in_appendix_2(
    browser, live_server, catalog, staff, clerk_a, council_member
):
    council_of_ten(user=council_member)  # 10 members: an open vote passes with 7
    members = list(CouncilMember.objects.order_by("position"))
    for member in members:
        if member.user_id is None:
            member.user = UserFactory(username=f"thanhvien{member.pk}")
            member.save(update_fields=["user"])
    clerk, desk, voter = (_session(browser, live_server, u.username) for u in (clerk_a, staff, council_member))

    # The clerk prepares the dossier, attaches its files and submits it.
    clerk.goto(f"{live_server.url}/quyet-dinh/ho-so/moi/")
    clerk.fill("#id_title", "Đề nghị khen thưởng năm 2017")
    clerk.select_option("#id_commendation_kind", label="Khen thường xuyên")
    clerk.fill("#id_year", "2017")
    _nominees(clerk)
    clerk.click("form button.btn-primary")
    clerk.wait_for_url("**/ho-so/*/")
    for kind, name in (("submission", "to-trinh.pdf"), ("achievements", "bao-cao.pdf"), ("minutes", "bien-ban.pdf")):
        _attach(clerk, kind, name)
    _post_button(clerk, "/nop/")
    dossier_url = clerk.url
    assert Dossier.objects.get().status == "submitted"

    # Staff receive it and return it: the achievements lack their year.
    desk.goto(dossier_url)
    _post_button(desk, "/tiep-nhan/")
    desk.fill("#id_reason", "Bổ sung năm của thành tích.")
    _post_button(desk, "/tra-lai/")
    assert Dossier.objects.get().status == "returned"

    # The clerk sees why, fixes the nominees and submits again.
    clerk.goto(dossier_url)
    assert "Bổ sung năm của thành tích." in clerk.inner_text("#return-reason")
    clerk.click("a[href$='/sua/']")
    _nominees(clerk, year=" 2017")
    clerk.click("form button.btn-primary")
    clerk.wait_for_url(dossier_url)
    _post_button(clerk, "/nop/")
    assert Dossier.objects.get().status == "submitted"

    # Staff receive, vet every nominee and send the dossier to the council.
    desk.goto(dossier_url)
    _post_button(desk, "/tiep-nhan/")
    desk.click("a[href$='/tham-dinh/']")
    for radio in desk.locator("input[type=radio][value=yes]").all():
        radio.check()
    desk.click("form button.btn-primary")
    desk.wait_for_url(dossier_url)
    _post_button(desk, "/gui-hoi-dong/")
    assert Dossier.objects.get().status == "at_meeting"

    # Staff hold the meeting: agenda and attendance (all ten present).
    desk.goto(f"{live_server.url}/quyet-dinh/phien-hop/moi/")
    desk.fill("#id_date", "2018-05-15")
    desk.fill("#id_place", "Trụ sở UBND tỉnh")
    desk.fill("#id_title", "Phiên họp tháng 5")
    desk.locator("input[name=dossiers]").first.check()
    desk.click("form button.btn-primary")
    desk.wait_for_url("**/phien-hop/*/")
    meeting_url = desk.url
    for box in desk.locator("#attendance input[type=checkbox]").all():
        box.check()
    _post_button(desk, "/diem-danh/")
    assert re.findall(r"\d+", desk.inner_text("#quorum"))[:2] == ["10", "10"]  # present, members

    # Nine members have voted; the council member persona casts the last vote on each nominee.
    meeting = Meeting.objects.get()
    nominations = list(Dossier.objects.get().nominations.order_by("line_no"))
    for member in members:
        if member.user != council_member:
            for nomination in nominations:
                member_vote_cast(actor=member.user, meeting=meeting, nomination=nomination, agrees=True)
    voter.goto(meeting_url)
    for nomination in nominations:
        voter.click(f"#vote-n{nomination.pk} button[value=yes]")
        voter.wait_for_load_state()
    assert meeting.ballots.filter(passed=True).count() == 2  # recorded with the last vote: 10 of 10

    # Staff close the meeting (password again), gather the approved nominees and issue the decision.
    desk.goto(meeting_url)
    _post_button(desk, "/ket-thuc/")
    confirm_password(desk)
    desk.wait_for_url(meeting_url)
    assert Dossier.objects.get().status == "reviewed"

    desk.goto(f"{live_server.url}/quyet-dinh/tu-de-nghi/")
    desk.fill("#id_number_and_symbol", "QĐ-UBND")
    desk.fill("#id_date", "2018-05-20")
    desk.select_option("#id_authority", label="Chủ tịch Ủy ban nhân dân tỉnh")
    desk.fill("#id_signer_name", "Hồ Tiến Thiệu")
    desk.fill("#id_signer_title", "Phó Chủ tịch")
    for box in desk.locator("input[name=nomination]").all():
        box.check()
    desk.click("form button.btn-primary")
    desk.wait_for_url("**/quyet-dinh/*/")
    desk.once("dialog", lambda dialog: dialog.accept())
    desk.click("form[action$='/ban-hanh/'] button")  # the password was confirmed minutes ago: not asked again
    desk.wait_for_selector(".badge.status-issued")
    assert "1/QĐ-UBND" in desk.inner_text("h1")  # the first number of the 2018 register
    assert "1/QĐ-UBND" in desk.inner_text(".alert-success")  # the message names the number given
    assert Dossier.objects.get().status == "decided"

    # The awards count in Phụ lục 2: one collective and one individual, Bằng khen, khen thường xuyên.
    desk.goto(f"{live_server.url}/bao-cao/phu-luc-2/?date_from=2017-12-20&date_to=2018-06-20")
    bk_regular = desk.locator("table.appendix2 tbody tr").nth(27)
    assert bk_regular.locator("td.label").inner_text() == "- Khen thường xuyên"
    assert [c.inner_text() for c in bk_regular.locator("td.count").all()] == ["1", "1", "", "", "", ""]
