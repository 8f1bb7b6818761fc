"""The Content Security Policy (django-csp, settings.CONTENT_SECURITY_POLICY) blocks nothing the portal needs: the
main pages of staff, with their scripts at work (the decision editor, menus), and the admin report no
`securitypolicyviolation` event and no CSP message in the console, on the Lạng Sơn 2018 demo."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from awards.models import AwardType, Decision, Dossier
from reports.models import Report
from tests.ui.conftest import log_in
from thiduakhenthuong.demo import ADMIN_LOGIN, STAFF_LOGIN, demo_load
from thiduakhenthuong.demo_consultation import consultation_demo_load

pytestmark = pytest.mark.django_db(transaction=True)

# Collects the violations of each page from its first script on (add_init_script runs before the page's own).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def _violations(page, console: list[str], path: str, live_server) -> list[str]:
    console.clear()
    response = page.goto(live_server.url + path)
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__csp")
    return [f"{path}: {v}" for v in found] + [f"{path}: {m}" for m in console if "Content Security Policy" in m]


def _watch(page) -> list[str]:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.context.add_init_script(LISTEN)
    return console


def test_no_page_of_staff_or_the_admin_violates_the_policy(browser, live_server, catalog):
    demo_load()
    issued = Decision.objects.get(number=1151, symbol="QĐ-UBND").pk
    draft = Decision.objects.filter(status="draft").first()
    staff_pages = [
        reverse("home"),
        reverse("awards:decision-list"),
        reverse("awards:decision-detail", args=[issued]),
        reverse("awards:decision-create"),
        reverse("awards:dossier-list"),
        reverse("awards:dossier-detail", args=[Dossier.objects.get(status="received").pk]),
        reverse("awards:meeting-list"),
        reverse("reports:report-list"),
        reverse("reports:report-detail", args=[Report.objects.first().pk]),
        reverse("reports:appendix2") + "?date_from=2017-12-20&date_to=2018-06-20",
        reverse("campaigns:document-list"),
        reverse("people:person-list"),
        "/tim-kiem/?q=dinh+lap",
    ]
    if draft is not None:
        staff_pages.append(reverse("awards:decision-edit", args=[draft.pk]))
    page = log_in(browser, live_server, STAFF_LOGIN.username, STAFF_LOGIN.password)
    console = _watch(page)
    found = []
    for path in staff_pages:
        found += _violations(page, console, path, live_server)
    page.goto(live_server.url + reverse("awards:decision-list"))
    page.click("nav .dropdown-toggle >> nth=0")  # Bootstrap's menu sets its styles from its script
    found += [f"menu: {v}" for v in page.evaluate("window.__csp")]

    admin = log_in(browser, live_server, ADMIN_LOGIN.username, ADMIN_LOGIN.password)
    admin_console = _watch(admin)
    admin_pages = ["/quan-tri/", "/quan-tri/auth/user/", "/quan-tri/auth/user/add/", "/quan-tri/awards/awardtype/"]
    admin_pages += ["/quan-tri/audit/auditlog/", "/quan-tri/awards/decision/"]
    admin_pages.append(reverse("admin:awards_awardtype_change", args=[AwardType.objects.first().pk]))
    for path in admin_pages:
        found += _violations(admin, admin_console, path, live_server)

    # The public consultation pages, as anyone sees them (no login).
    consultation = consultation_demo_load(staff=get_user_model().objects.get(username=STAFF_LOGIN.username))
    assert consultation["consultations"] == 1
    public = browser.new_context(locale="vi-VN").new_page()
    public_console = _watch(public)
    found += _violations(public, public_console, reverse("public:consultation-list"), live_server)
    public.click("main table a")
    public.wait_for_load_state("networkidle")
    found += [f"public notice: {v}" for v in public.evaluate("window.__csp")]

    # The watch works: an inline style attribute added now is blocked and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__csp.some(v => v.startsWith('style-src'))")

    response_policy = page.request.get(live_server.url + reverse("home")).headers["content-security-policy"]
    assert "script-src 'self'" in response_policy and "style-src 'self'" in response_policy
    assert not found, "\n".join(found)
