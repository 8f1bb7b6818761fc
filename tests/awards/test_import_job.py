"""A large Excel import (more than IMPORT_BACKGROUND_ROWS rows) runs as a background job: the file is kept in the
private storage until the job has read it, the rows are written all or nothing, and the job page shows what was
added or the table of the file's errors. Small files stay in the request (test_import_views.py)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from awards import imports
from awards.imports.tasks import UPLOAD_PREFIX, upload_rows
from kernel.models import Job
from tests.awards.import_helpers import filled, good_rows, nominee_rows
from tests.factories import make_decision, recipient
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong")])


def _kept_uploads() -> list[str]:
    return default_storage.listdir(UPLOAD_PREFIX)[1] if default_storage.exists(UPLOAD_PREFIX) else []


def test_the_row_count_is_read_without_loading_the_rows(draft):
    assert upload_rows(filled(imports.decision_template(draft), good_rows())) == 2
    assert upload_rows(filled(imports.decision_template(draft), good_rows() * 3)) == 6


def test_a_large_file_is_imported_by_a_job_whose_page_says_what_was_added(client, draft, staff, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    client.force_login(staff)

    response = client.post(
        reverse("awards:decision-import", args=[draft.pk]),
        {"file": filled(imports.decision_template(draft), good_rows())},
    )

    job = Job.objects.get(kind="import.decision", object_id=draft.pk)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == "done" and job.done_units == job.total_units == 2 and draft.awards.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "2" in job.result["summary"] and job.result["summary"] in page
    assert reverse("awards:decision-detail", args=[draft.pk]) in page
    assert _kept_uploads() == []  # the stored upload is gone once imported


def test_a_large_file_with_errors_writes_nothing_and_the_job_page_lists_them(client, draft, staff, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    rows = good_rows()
    rows[1][0] = "Bằng khen không có"
    client.force_login(staff)

    response = client.post(
        reverse("awards:decision-import", args=[draft.pk]), {"file": filled(imports.decision_template(draft), rows)}
    )

    job = Job.objects.get(kind="import.decision")
    assert job.state == "failed" and job.attempts == 1 and draft.awards.count() == 1
    assert job.error == vietnamese(
        "Nothing was imported: the file has %(counter)s error. Correct it and import the file again.", counter=1
    )
    page = client.get(response["Location"]).content.decode()
    assert job.error in page and "Bằng khen không có" in page and "<td>3</td>" in page
    assert _kept_uploads() == []


def test_a_clerk_imports_a_large_file_into_their_dossier_and_sees_their_job(client, unit_a, clerk_a, clerk_b, settings):
    from awards.nominations.services import DossierFields, NomineeFields, dossier_create
    from tests.factories import award_type, kind

    settings.IMPORT_BACKGROUND_ROWS = 1
    dossier = dossier_create(
        actor=clerk_a,
        fields=DossierFields(unit=unit_a, commendation_kind=kind("regular"), year=2017, title="Đề nghị năm 2017"),
        nominees=[NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc")],
    )
    client.force_login(clerk_a)
    response = client.post(
        reverse("awards:dossier-import", args=[dossier.pk]),
        {"file": filled(imports.dossier_template(dossier), nominee_rows())},
    )
    job = Job.objects.get(kind="import.dossier")
    assert job.state == "done" and dossier.nominations.count() == 3
    assert client.get(response["Location"]).status_code == 200
    client.force_login(clerk_b)
    assert client.get(response["Location"]).status_code == 404
