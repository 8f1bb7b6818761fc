"""A decision's PDF (and a draft report's) is cached in the default storage by the fingerprint of its printed HTML:
a second download of an unchanged draft does not render again, an edit makes a new PDF, and a large decision's PDF
is made by a background job whose page offers the file. The layout engine is replaced by a counting stub (the real
PDF: test_decision_pdf)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from awards.decisions.services import decision_update
from kernel import pdf_cache
from kernel.models import Job
from reports import decision_files
from reports.services import SectionFields, report_section_save
from tests.factories import decision_fields, make_decision, make_report, recipient

pytestmark = pytest.mark.django_db


class Layout:
    def __init__(self):
        self.calls = 0

    def __call__(self, html: str) -> bytes:
        self.calls += 1
        return b"%PDF-1.7 stub " + str(self.calls).encode() + b"\n%%EOF"


@pytest.fixture
def layout(monkeypatch, settings, tmp_path):
    # A cache of its own: the stub's PDFs must not be found by other tests printing the same HTML.
    settings.MEDIA_ROOT = tmp_path
    stub = Layout()
    monkeypatch.setattr(pdf_cache, "html_to_pdf", stub)
    return stub


def _rename_first(decision, name):
    fields = decision_fields(number=decision.number)
    rows = [recipient(name=name), *[recipient(name=a.recipient_name) for a in decision.awards.order_by("line_no")[1:]]]
    decision_update(actor=None, decision=decision, fields=fields, recipients=rows)


def test_an_unchanged_draft_is_rendered_once_and_an_edit_renders_it_again(staff_client, layout):
    draft = make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong")])
    url = reverse("reports:decision-pdf", args=[draft.pk])

    first = staff_client.get(url)
    second = staff_client.get(url)
    assert first.status_code == second.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert layout.calls == 1 and first.content == second.content
    assert f"{draft.number}-Q" in second["Content-Disposition"]

    _rename_first(draft, "Hoàng Văn Phóng")
    third = staff_client.get(url)
    assert layout.calls == 2 and third.content != first.content
    # Going back to the first content finds the first PDF again.
    _rename_first(draft, "Hoàng Văn Phong")
    assert staff_client.get(url).content == first.content and layout.calls == 2


def test_the_cache_lives_in_the_shared_storage_named_by_the_html(staff_client, layout):
    draft = make_decision(issued=False)
    staff_client.get(reverse("reports:decision-pdf", args=[draft.pk]))
    name = decision_files.cache_name(decision_files.decision_html(draft))
    assert name.startswith("cache/decision-pdf/") and default_storage.exists(name)
    assert not [n for n in default_storage.listdir("cache/decision-pdf/")[1] if n.startswith(".partial-")]


def test_a_large_decision_gets_its_pdf_from_a_job_whose_page_offers_it(staff_client, staff, layout, settings):
    settings.DECISION_PDF_BACKGROUND_ROWS = 2
    draft = make_decision(issued=False, recipients=[recipient(name=f"Người số {i}") for i in range(3)])
    url = reverse("reports:decision-pdf", args=[draft.pk])

    response = staff_client.get(url)

    job = Job.objects.get(kind="decision.pdf", object_id=draft.pk)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == "done" and job.requested_by == staff and layout.calls == 1
    page = staff_client.get(response["Location"]).content.decode()
    file_url = reverse("jobs:file", args=[job.pk])
    assert file_url in page
    download = staff_client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-1.7 stub 1")
    assert "attachment" in download["Content-Disposition"]
    # Now cached: the decision's own link serves it at once.
    again = staff_client.get(url)
    assert again.status_code == 200 and again.content.startswith(b"%PDF-1.7 stub 1") and layout.calls == 1


def test_a_small_decision_stays_immediate(staff_client, layout, settings):
    settings.DECISION_PDF_BACKGROUND_ROWS = 2
    draft = make_decision(issued=False, recipients=[recipient(name="Một"), recipient(name="Hai")])
    assert staff_client.get(reverse("reports:decision-pdf", args=[draft.pk])).status_code == 200
    assert not Job.objects.exists()


def test_an_issued_decision_is_cached_too_and_prints_as_issued(staff_client, layout):
    issued = make_decision(issued=True)
    url = reverse("reports:decision-pdf", args=[issued.pk])
    html = decision_files.decision_html(issued)
    assert "DỰ THẢO" not in html
    assert staff_client.get(url).status_code == 200 and staff_client.get(url).status_code == 200
    assert layout.calls == 1


def test_a_draft_reports_pdf_is_cached_until_its_text_changes(staff_client, staff, layout):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    url = reverse("reports:report-pdf", args=[report.pk])
    first, second = staff_client.get(url), staff_client.get(url)
    assert first.status_code == 200 and first.content == second.content and layout.calls == 1
    report_section_save(
        actor=staff, report=report, section=report.sections.get(), fields=SectionFields("none", "", "Hai.")
    )
    assert staff_client.get(url).content != first.content and layout.calls == 2


def test_a_second_click_while_a_large_pdf_renders_follows_the_same_job(staff_client, staff, layout, settings):
    settings.DECISION_PDF_BACKGROUND_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued: no worker runs it here
    draft = make_decision(issued=False, recipients=[recipient(name=f"Người số {i}") for i in range(3)])
    url = reverse("reports:decision-pdf", args=[draft.pk])

    first, second = staff_client.get(url), staff_client.get(url)

    job = Job.objects.get(kind="decision.pdf", object_id=draft.pk)
    assert first["Location"] == second["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == "queued" and layout.calls == 0


def test_a_job_file_no_longer_kept_answers_a_vietnamese_404(staff_client, staff, layout, settings):
    settings.DECISION_PDF_BACKGROUND_ROWS = 2
    draft = make_decision(issued=False, recipients=[recipient(name=f"Người số {i}") for i in range(3)])
    staff_client.get(reverse("reports:decision-pdf", args=[draft.pk]))
    job = Job.objects.get(kind="decision.pdf", object_id=draft.pk)
    default_storage.delete(job.result_file)  # the cache emptied by the operator

    response = staff_client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 404 and "không còn được lưu" in response.content.decode()
