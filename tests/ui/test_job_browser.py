"""The page of a background job follows the job by itself under the strict CSP: job.js moves the progress bar
from the JSON state and, once the job is finished, loads the page again, which then offers the result."""

import pytest
from django.utils import timezone

from kernel.models import Job
from tests.factories import secretariat_user
from tests.ui.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_job_page_shows_progress_then_the_result_without_a_reload_by_hand(browser, live_server, catalog):
    user = secretariat_user(username="canbo.tacvu")
    user.set_password("mat-khau-thu")
    user.save()
    job = Job.objects.create(
        kind="report.issue", label="Ban hành báo cáo thử", requested_by=user, state="queued", total_units=4
    )
    page = log_in(browser, live_server, "canbo.tacvu", "mat-khau-thu")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    page.goto(f"{live_server.url}/tac-vu/{job.pk}/")
    assert page.locator("[data-job-state]").inner_text() == "Đang chờ"

    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, done_units=2, started_at=timezone.now())
    page.locator("[data-job-count]", has_text=": 2/4").wait_for(timeout=10_000)
    assert page.locator("[data-job-state]").inner_text() == "Đang chạy"
    assert page.locator("[data-job-progress]").evaluate("bar => bar.value") == 50

    Job.objects.filter(pk=job.pk).update(state="done", done_units=4, finished_at=timezone.now(), result_url="/bao-cao/")
    page.get_by_role("link", name="Mở kết quả").wait_for(timeout=10_000)
    assert page.locator("[data-job-state]").inner_text() == "Đã xong" and not violations
