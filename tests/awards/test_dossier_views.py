"""The pages of nomination dossiers: scope and role of every view, the whole path from a clerk's draft to the
council, uploads typed from their content, and a list whose query count does not grow with its rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards.models import Dossier, DossierFile
from awards.nominations.files import dossier_attach
from awards.nominations.services import DossierFields, NomineeFields, dossier_create
from tests.awards.nominee_helpers import dossier_form, two_nominees
from tests.factories import award_type, kind
from tests.helpers import edit_version

pytestmark = pytest.mark.django_db
S = Dossier.Status
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _dossier(unit, *, status=S.DRAFT, files=True, title="Đề nghị tặng Bằng khen năm 2017", actor=None):
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title=title)
    nominees = [
        NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc nhiệm vụ"),
        NomineeFields("collective", "Phòng Tổ chức", award_type("BK_TINH"), "Tập thể tiêu biểu"),
    ]
    dossier = dossier_create(actor=actor, fields=fields, nominees=nominees)
    if files:
        for file_kind in ("submission", "achievements", "minutes"):
            dossier_attach(
                actor=None, dossier=dossier, kind=file_kind, upload=SimpleUploadedFile(f"{file_kind}.pdf", PDF)
            )
    if status != S.DRAFT:
        Dossier.objects.filter(pk=dossier.pk).update(status=status, submitted_at=timezone.now())
    return Dossier.objects.get(pk=dossier.pk)


def _check(client, *, url, method, allowed, forbidden=(), hidden=(), wrong_method="put", ok=(200, 302)):
    """allowed: 200/302; forbidden: 403; hidden (out of scope): 404; anonymous: to the login page; wrong method: 405."""
    send = getattr(client, method)
    for user in forbidden:
        client.force_login(user)
        assert send(url).status_code == 403, f"{user} was let in"
    for user in hidden:
        client.force_login(user)
        assert send(url).status_code == 404, f"{user} saw a dossier outside their scope"
    client.logout()
    response = send(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(allowed[0])
    assert getattr(client, wrong_method)(url).status_code == 405
    for user in allowed:
        client.force_login(user)
        assert send(url).status_code in ok, f"{user} was refused"


# Permissions and scope: every view, every persona.


def test_the_list_is_for_clerks_staff_and_leaders(client, staff, clerk_a, clerk_b, leader, council_member):
    _check(
        client,
        url=reverse("awards:dossier-list"),
        method="get",
        allowed=[staff, clerk_a, clerk_b, leader],
        forbidden=[council_member],
    )


def test_only_a_clerk_creates_a_dossier(client, staff, clerk_a, leader, council_member):
    _check(
        client,
        url=reverse("awards:dossier-create"),
        method="get",
        allowed=[clerk_a],
        forbidden=[staff, leader, council_member],
    )


def test_only_the_units_clerk_edits_its_dossier(client, staff, clerk_a, clerk_b, unit_a, leader, council_member):
    dossier = _dossier(unit_a)
    _check(
        client,
        url=reverse("awards:dossier-edit", args=[dossier.pk]),
        method="get",
        allowed=[clerk_a],
        forbidden=[staff, leader, council_member],
        hidden=[clerk_b],
    )


def test_the_detail_page_is_for_the_unit_and_the_province(
    client, staff, clerk_a, clerk_b, unit_a, leader, council_member
):
    dossier = _dossier(unit_a, status=S.SUBMITTED)
    _check(
        client,
        url=reverse("awards:dossier-detail", args=[dossier.pk]),
        method="get",
        allowed=[staff, clerk_a, leader],
        forbidden=[council_member],
        hidden=[clerk_b],
    )


def test_a_units_draft_is_hidden_from_the_province(client, staff, leader, clerk_a, unit_a):
    draft = _dossier(unit_a)
    attached = draft.files.first()
    for user in (staff, leader):
        client.force_login(user)
        assert client.get(reverse("awards:dossier-detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("awards:dossier-file", args=[draft.pk, attached.pk])).status_code == 404
        assert draft.title not in client.get(reverse("awards:dossier-list"), {"status": list(S.values)}).text


def test_the_clerk_lists_only_their_units_dossiers(client, clerk_a, clerk_b, unit_a, unit_b):
    _dossier(unit_a, title="Hồ sơ của đơn vị A")
    _dossier(unit_b, title="Hồ sơ của đơn vị B", status=S.SUBMITTED)
    client.force_login(clerk_a)
    page = client.get(reverse("awards:dossier-list")).text
    assert "Hồ sơ của đơn vị A" in page and "Hồ sơ của đơn vị B" not in page


def test_files_are_downloaded_in_scope_only(client, staff, clerk_a, clerk_b, unit_a, council_member):
    dossier = _dossier(unit_a, status=S.SUBMITTED)
    attached = dossier.files.first()
    url = reverse("awards:dossier-file", args=[dossier.pk, attached.pk])
    _check(client, url=url, method="get", allowed=[staff, clerk_a], forbidden=[council_member], hidden=[clerk_b])
    client.force_login(clerk_a)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    other = _dossier(unit_a, status=S.SUBMITTED).files.first()  # a file of another dossier under this one's URL
    assert client.get(reverse("awards:dossier-file", args=[dossier.pk, other.pk])).status_code == 404


@pytest.mark.parametrize("name", ["dossier-file-upload", "dossier-submit"])
def test_clerk_actions_are_for_the_units_clerk(client, name, staff, clerk_a, clerk_b, unit_a, leader, council_member):
    dossier = _dossier(unit_a, status=S.RETURNED)
    _check(
        client,
        url=reverse(f"awards:{name}", args=[dossier.pk]),
        method="post",
        allowed=[clerk_a],
        forbidden=[staff, leader, council_member],
        hidden=[clerk_b],
        ok=(302, 400),  # an empty upload form comes back with its errors
    )


@pytest.mark.parametrize(
    ("name", "method", "status", "ok"),
    [
        ("dossier-receive", "post", S.SUBMITTED, 302),
        ("dossier-return", "post", S.SUBMITTED, 400),  # no reason given: the page says so
        ("dossier-vet", "get", S.RECEIVED, 200),
        ("dossier-send", "post", S.VETTED, 302),
    ],
)
def test_staff_actions_are_for_the_secretariat(
    client, name, method, status, ok, staff, clerk_a, clerk_b, unit_a, leader, council_member
):
    dossier = _dossier(unit_a, status=status)
    _check(
        client,
        url=reverse(f"awards:{name}", args=[dossier.pk]),
        method=method,
        allowed=[staff],
        forbidden=[clerk_a, clerk_b, leader, council_member],
        ok=(ok,),
    )


def test_staff_do_not_see_actions_on_a_dossier_of_another_state_and_clerks_see_none_of_theirs(
    client, staff, clerk_a, unit_a
):
    dossier = _dossier(unit_a, status=S.SUBMITTED)
    client.force_login(clerk_a)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    for name in ("dossier-receive", "dossier-return", "dossier-send", "dossier-submit", "dossier-edit"):
        assert reverse(f"awards:{name}", args=[dossier.pk]) not in page
    client.force_login(staff)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert reverse("awards:dossier-receive", args=[dossier.pk]) in page
    assert reverse("awards:dossier-send", args=[dossier.pk]) not in page


# The path of a dossier through the pages.


def _upload(client, dossier, file_kind, name, content):
    return client.post(
        reverse("awards:dossier-file-upload", args=[dossier.pk]),
        {"kind": file_kind, "file": SimpleUploadedFile(name, content)},
    )


def test_a_dossier_from_the_clerks_draft_to_the_council(client, staff, clerk_a, unit_a):
    client.force_login(clerk_a)
    response = client.post(reverse("awards:dossier-create"), dossier_form(two_nominees()))
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("awards:dossier-detail", args=[dossier.pk])
    assert dossier.unit == unit_a and dossier.status == S.DRAFT
    assert [(n.recipient_kind, n.recipient_name) for n in dossier.nominations.all()] == [
        ("individual", "Hoàng Văn Phong"),
        ("collective", "Phòng Tổ chức - Hành chính"),
    ]
    for file_kind in ("submission", "achievements", "minutes"):
        assert _upload(client, dossier, file_kind, f"{file_kind}.pdf", PDF).status_code == 302
    assert sorted(dossier.files.values_list("kind", flat=True)) == ["achievements", "minutes", "submission"]
    client.post(reverse("awards:dossier-submit", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED

    client.force_login(staff)
    assert "Đề nghị tặng Bằng khen năm 2017" in client.get(reverse("awards:dossier-list")).text  # in the inbox
    response = client.post(reverse("awards:dossier-return", args=[dossier.pk]), {"reason": "  "})
    assert response.status_code == 400 and response.context["return_form"].errors["reason"]
    client.post(reverse("awards:dossier-return", args=[dossier.pk]), {"reason": "Thiếu số liệu thành tích năm 2017"})
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED

    client.force_login(clerk_a)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert "Thiếu số liệu thành tích năm 2017" in page
    fixed = two_nominees()
    fixed[1]["achievements"] = "Tập thể lao động tiêu biểu, vượt 15% kế hoạch"
    edit_url = reverse("awards:dossier-edit", args=[dossier.pk])
    assert (
        client.post(edit_url, dossier_form(fixed, initial=2, version=edit_version(client, edit_url))).status_code == 302
    )
    client.post(reverse("awards:dossier-submit", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert dossier.nominations.get(line_no=2).achievements.endswith("vượt 15% kế hoạch")

    client.force_login(staff)
    client.post(reverse("awards:dossier-receive", args=[dossier.pk]))
    first, second = dossier.nominations.all()
    vet_url = reverse("awards:dossier-vet", args=[dossier.pk])
    refused = {f"n{first.pk}-meets_criteria": "yes", f"n{second.pk}-meets_criteria": "no"}
    response = client.post(vet_url, refused)
    assert response.status_code == 200 and response.context["rows"][1].errors["remark"]
    client.post(vet_url, {**refused, f"n{second.pk}-remark": "Chưa đủ 2 năm liên tục hoàn thành xuất sắc"})
    dossier.refresh_from_db()
    assert dossier.status == S.VETTED
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert "Chưa đủ 2 năm liên tục hoàn thành xuất sắc" in page
    client.post(reverse("awards:dossier-send", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.status == S.AT_MEETING

    actions = list(AuditLog.objects.filter(object_id=str(dossier.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == [
        "dossier.create",
        *["dossier.attach"] * 3,
        "dossier.submit",
        "dossier.return",
        "dossier.update",
        "dossier.submit",
        "dossier.receive",
        "dossier.vet",
        "dossier.to_meeting",
    ]
    history = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).context["history"]
    assert "Thiếu số liệu thành tích năm 2017" in [entry.reason for entry in history]


def test_submitting_an_incomplete_dossier_explains_and_changes_nothing(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, files=False)
    client.force_login(clerk_a)
    response = client.post(reverse("awards:dossier-submit", args=[dossier.pk]), follow=True)
    dossier.refresh_from_db()
    assert dossier.status == S.DRAFT
    assert len(list(response.context["messages"])) == 1


def test_a_renamed_png_is_stored_as_png(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, files=False)
    client.force_login(clerk_a)
    assert _upload(client, dossier, "other", "bien-ban.pdf", PNG).status_code == 302
    stored = dossier.files.get()
    assert stored.content_type == "image/png" and stored.file.name.endswith(".png")
    response = client.get(reverse("awards:dossier-file", args=[dossier.pk, stored.pk]))
    assert response["Content-Type"] == "image/png"


def test_an_oversized_or_foreign_upload_is_refused_with_a_message_and_nothing_stored(settings, client, clerk_a, unit_a):
    dossier = _dossier(unit_a, files=False)
    client.force_login(clerk_a)
    response = _upload(client, dossier, "submission", "to-trinh.exe", b"MZ\x90\x00 not a document")
    assert response.status_code == 400 and response.context["file_form"].errors["file"]
    settings.DOSSIER_FILE_MAX_BYTES = 10
    response = _upload(client, dossier, "submission", "to-trinh.pdf", PDF)
    assert response.status_code == 400 and response.context["file_form"].errors["file"]
    assert "10" not in str(response.context["file_form"].errors["file"])  # the limit in MB, not bytes
    assert not DossierFile.objects.exists()
    assert not AuditLog.objects.filter(action="dossier.attach").exists()


def test_a_submitted_dossier_can_no_longer_be_edited_or_given_files(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, status=S.SUBMITTED)
    client.force_login(clerk_a)
    response = client.get(reverse("awards:dossier-edit", args=[dossier.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("awards:dossier-detail", args=[dossier.pk])
    _upload(client, dossier, "other", "them.pdf", PDF)
    assert dossier.files.count() == 3


def test_an_ad_hoc_dossier_is_not_sent_to_the_council(client, staff, unit_a, clerk_a):
    dossier = _dossier(unit_a, status=S.VETTED)
    Dossier.objects.filter(pk=dossier.pk).update(commendation_kind=kind("ad_hoc"))
    client.force_login(staff)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert reverse("awards:dossier-send", args=[dossier.pk]) not in page
    client.post(reverse("awards:dossier-send", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.status == S.VETTED


# Queries.


def _list_queries(client, user, unit, count):
    for index in range(count):
        _dossier(unit, status=S.SUBMITTED, files=False, title=f"Hồ sơ {index}")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("awards:dossier-list"))
    assert response.status_code == 200 and f"Hồ sơ {count - 1}" in response.text
    return len(queries)


@pytest.mark.parametrize("persona", ["staff", "clerk_a"])
def test_the_list_uses_a_constant_number_of_queries(client, request, persona, unit_a):
    user = request.getfixturevalue(persona)
    few = _list_queries(client, user, unit_a, 3)
    Dossier.objects.all().delete()
    many = _list_queries(client, user, unit_a, 30)
    assert many == few
