"""A long decision in the browser: its page and its draft's edit page, a page of rows at a time, fit a phone and a
desktop, and the edit page numbers its rows (and the rows it adds) from its page's first line."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from awards.decisions.paged_rows import ROWS_PER_PAGE
from tests.factories import make_decision, recipient
from tests.ui.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("TDKT_SHOTS")  # a folder: the pages' screenshots are saved there, to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


def test_a_long_drafts_pages_of_rows(logged_in_page, live_server):
    rows = [recipient(name=f"Người thứ {i}", position="Chuyên viên", unit_name="Sở Nội vụ") for i in range(450)]
    rows[201] = recipient(name="<script>alert(1)</script>", unit_name="Sở Nội vụ")
    draft = make_decision(issued=False, recipients=rows)
    page = logged_in_page
    detail = live_server.url + reverse("awards:decision-detail", args=[draft.pk])
    edit = live_server.url + reverse("awards:decision-edit", args=[draft.pk])
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{detail}?trang=2")
        assert page.locator("#decision-rows tbody tr").count() == ROWS_PER_PAGE
        assert page.locator("#decision-rows tbody tr").nth(1).locator("td").nth(1).inner_text().startswith("<script>")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, f"detail-{width}")
        page.goto(f"{edit}?trang=2")
        assert page.locator("#recipient-rows tr").first.locator(".line-no").inner_text() == str(ROWS_PER_PAGE + 1)
        page.evaluate("document.querySelector('ul.pagination').scrollIntoView()")  # the page links at the top
        _shot(page, f"edit-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{edit}?trang=3")  # lines 401-450
    page.click("#add-recipient")
    assert page.locator("#recipient-rows tr").last.locator(".line-no").inner_text() == "451"
    assert axe_violations(page) == []
