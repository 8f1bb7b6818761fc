"""WCAG 2.1 AA, as axe-core measures it in Chromium: the main pages of every role, on the Lạng Sơn 2018 demo, have no
violation at all (contrast, names of fields and buttons, landmarks, ARIA…). The page list is fixed and explicit: a
page added to the portal is added here by hand."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Decision, Dossier, Meeting
from reports.models import Report
from tests.ui.conftest import axe_violations, log_in
from thiduakhenthuong.demo import ADMIN_LOGIN, CLERK_LOGIN, COUNCIL_MEMBER_LOGIN, STAFF_LOGIN, demo_load

pytestmark = pytest.mark.django_db(transaction=True)


def _decision(number: int) -> int:
    return Decision.objects.get(number=number, symbol="QĐ-UBND").pk


def _dossier(status: str) -> int:
    return Dossier.objects.get(status=status).pk


def _pages() -> dict:
    """Per persona, the pages checked: (what it is, path)."""
    july = Meeting.objects.get(date=datetime.date(2018, 7, 18)).pk
    december = Meeting.objects.get(date=datetime.date(2018, 12, 14)).pk
    report = Report.objects.get(number=235, symbol="BC-UBND").pk
    return {
        STAFF_LOGIN: [
            ("home", reverse("home")),
            ("decision list", reverse("awards:decision-list")),
            ("issued decision", reverse("awards:decision-detail", args=[_decision(1151)])),
            ("draft decision with an overridden rule", reverse("awards:decision-detail", args=[_decision(1145)])),
            ("new decision form", reverse("awards:decision-create")),
            ("draft decision form", reverse("awards:decision-edit", args=[_decision(1145)])),
            ("Phụ lục 2", reverse("reports:appendix2") + "?date_from=2017-12-20&date_to=2018-06-20"),
            ("reward money", reverse("reports:money-summary") + "?date_from=2017-12-20&date_to=2018-06-20"),
            ("statistical forms of 2018", reverse("reports:statistics") + "?year=2018"),
            ("form 0702 of 2018", reverse("reports:statistics-form", args=[2018, "0702"])),
            ("dossier list", reverse("awards:dossier-list")),
            ("received dossier", reverse("awards:dossier-detail", args=[_dossier("received")])),
            ("meeting list", reverse("awards:meeting-list")),
            ("July meeting", reverse("awards:meeting-detail", args=[july])),
            ("council", reverse("awards:council")),
            ("report list", reverse("reports:report-list")),
            ("issued report 235/BC-UBND", reverse("reports:report-detail", args=[report])),
            ("document register", reverse("campaigns:document-list")),
            ("Phụ lục 1", reverse("campaigns:appendix1") + "?from=2017-12-20&to=2018-06-20"),
            ("campaigns", reverse("campaigns:campaign-list")),
            ("new campaign form", reverse("campaigns:campaign-create")),
            ("awards not classified", reverse("awards:unclassified") + "?year=2018"),
            (
                "an award's classes",
                reverse("awards:award-classify", args=[Decision.objects.get(number=1151).awards.first().pk]),
            ),
            ("emulation and commendation bodies", reverse("awards:body-list")),
            ("emulation and commendation officers", reverse("awards:officer-list")),
            ("new officer form", reverse("awards:officer-create")),
            ("people", reverse("people:person-list")),
            ("search", reverse("search") + "?q=dinh+lap"),
        ],
        CLERK_LOGIN: [
            ("home", reverse("home")),
            ("the department's dossiers", reverse("awards:dossier-list")),
            ("returned dossier", reverse("awards:dossier-detail", args=[_dossier("returned")])),
            ("new dossier form", reverse("awards:dossier-create")),
            (
                "returned dossier's form with its nominee rows",
                reverse("awards:dossier-edit", args=[_dossier("returned")]),
            ),
        ],
        COUNCIL_MEMBER_LOGIN: [
            ("home", reverse("home")),
            ("meetings awaiting her vote", reverse("awards:meeting-list")),
            ("December meeting, her ballot", reverse("awards:meeting-detail", args=[december])),
        ],
        ADMIN_LOGIN: [
            ("admin site index", reverse("admin:index")),
            ("portal home", reverse("home")),
        ],
    }


def _check(page, url: str, name: str, failures: dict) -> None:
    response = page.goto(url)
    assert response.ok, f"{name}: {url} answered {response.status}"
    if found := axe_violations(page):
        failures[f"{name} ({url})"] = found


def test_the_main_pages_of_every_role_have_no_wcag_violation(browser, live_server, catalog):
    demo_load()
    failures: dict[str, list[str]] = {}

    anonymous = browser.new_context(locale="vi-VN").new_page()
    _check(anonymous, f"{live_server.url}/dang-nhap/", "login page", failures)
    anonymous.fill("#id_username", "bantdkt")
    anonymous.fill("#id_password", "sai-mat-khau")
    anonymous.click("form button[type=submit]")
    anonymous.wait_for_selector(".alert-danger")
    # The refusal is read first: the focus is on it.
    assert anonymous.evaluate("document.activeElement.matches('.alert-danger')")
    if found := axe_violations(anonymous):
        failures["login refused"] = found

    for login, pages in _pages().items():
        page = log_in(browser, live_server, login.username, login.password)
        for name, path in pages:
            _check(page, live_server.url + path, f"{login.username}: {name}", failures)
        if login is STAFF_LOGIN:
            # A decision form sent back with errors, its error summary holding the focus.
            page.goto(live_server.url + reverse("awards:decision-create"))
            page.click("#decision-form button[type=submit]")
            page.wait_for_selector("#error-summary")
            assert page.evaluate("document.activeElement.id") == "error-summary"
            if found := axe_violations(page):
                failures["staff: decision form with errors"] = found
        page.context.close()

    assert not failures, "axe found WCAG 2.1 AA violations:\n" + "\n".join(
        f"{where}:\n  " + "\n  ".join(lines) for where, lines in failures.items()
    )
