"""In headless Chromium: a draft's row shows only the statistics classes that apply to it, following its
recipient kind and award as they change, and what is typed is saved; a new campaign's method follows its kind."""

import pytest

from awards.models import AwardClassification, Decision

pytestmark = pytest.mark.django_db(transaction=True)


def _shown(row) -> list[str]:
    return [
        select.get_attribute("name").rsplit("-", 1)[1]
        for select in row.locator("select.row-class").all()
        if select.is_visible()
    ]


def test_a_row_shows_the_classes_that_apply_and_saves_them(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/moi/")
    page.fill("#id_number_and_symbol", "98/QĐ-CTN")
    page.fill("#id_date", "2018-03-15")
    page.select_option("#id_authority", label="Chủ tịch nước")
    page.fill("#id_signer_name", "Trần Đại Quang")
    page.fill("#id_signer_title", "Chủ tịch nước")
    row = page.locator("#recipient-rows tr.recipient-row").first
    row.locator("select[name$='-award_type']").select_option(label="Huân chương Lao động hạng Ba")
    row.locator("select[name$='-commendation_kind']").select_option(label="Khen thường xuyên")
    assert _shown(row) == ["individual_class", "proposing_body"]
    row.locator("select[name$='-recipient_kind']").select_option("collective")
    assert _shown(row) == ["is_enterprise", "proposing_body"]
    row.locator("select[name$='-is_enterprise']").select_option("yes")
    row.locator("select[name$='-proposing_body']").select_option("province")
    row.locator("input[name$='-recipient_name']").fill("Công ty Cổ phần Xi măng Đồng Bành")
    page.click("form#decision-form button[type=submit]")
    page.wait_for_url("**/quyet-dinh/*/")
    stored = AwardClassification.objects.get(award__decision=Decision.objects.get(number=98))
    assert (stored.individual_class, stored.is_enterprise, stored.proposing_body) == ("", True, "province")


def test_a_new_campaign_s_method_follows_its_kind(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/phong-trao/moi/")
    page.select_option("#id_kind", "thematic")
    assert page.input_value("#id_method") == "thematic"
    page.select_option("#id_kind", "periodic")
    assert page.input_value("#id_method") == ""
    page.select_option("#id_method", "regular")
    page.select_option("#id_kind", "thematic")
    assert page.input_value("#id_method") == "regular"  # chosen by hand: kept
