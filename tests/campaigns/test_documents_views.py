import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from audit.models import AuditLog
from campaigns.models import Document
from tests.campaigns.document_helpers import DOCX, PDF, PNG, make_document, upload
from tests.factories import UserFactory
from tests.views_matrix import assert_permissions
from thiduakhenthuong.demo import documents_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    """May read the register and nothing else: catches a write page that checks the view permission."""
    user = UserFactory(username="doc.reader")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="campaigns", codename="view_document"))
    return user


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _post(**changes):
    data = {
        "direction": "issued",
        "number_and_symbol": "48/TB-UBND",
        "date": "02/02/2018",
        "issued_by": "UBND tỉnh",
        "summary": "về việc Phân Khối, Cụm thi đua năm 2018",
    }
    data.update(changes)
    return data


# Permissions: every view, every persona.


@pytest.mark.parametrize("name", ["document-list", "appendix1", "appendix1-json"])
def test_permissions_of_the_reading_pages(client, name, staff, clerk_a, clerk_b, council_member, viewer, reader):
    url = reverse(f"campaigns:{name}")
    if name == "appendix1-json":
        url += "?from=20/12/2017&to=20/06/2018"
    others = [clerk_a, clerk_b, council_member, viewer]
    assert_permissions(client, url=url, method="get", allowed=staff, others=others)
    client.force_login(reader)
    assert client.get(url).status_code == 200


def test_permissions_of_a_documents_pages(client, media, staff, clerk_a, clerk_b, council_member, viewer, reader):
    document = make_document(file=upload(PDF))
    others = [clerk_a, clerk_b, council_member, viewer]
    for name in ("document-detail", "document-file"):
        url = reverse(f"campaigns:{name}", args=[document.pk])
        assert_permissions(client, url=url, method="get", allowed=staff, others=others)
        client.force_login(reader)
        assert client.get(url).status_code == 200
    edit = reverse("campaigns:document-edit", args=[document.pk])
    assert_permissions(client, url=edit, method="get", allowed=staff, others=[*others, reader])
    assert_permissions(client, url=edit, method="post", allowed=staff, others=[*others, reader])


def test_permissions_of_the_new_document_page(client, staff, clerk_a, clerk_b, council_member, viewer, reader):
    url = reverse("campaigns:document-create")
    others = [clerk_a, clerk_b, council_member, viewer, reader]
    assert_permissions(client, url=url, method="get", allowed=staff, others=others)
    assert_permissions(client, url=url, method="post", allowed=staff, others=others)


def test_there_is_no_delete(staff_client):
    document = make_document()
    for method in ("post", "delete"):
        response = getattr(staff_client, method)(reverse("campaigns:document-detail", args=[document.pk]))
        assert response.status_code == 405
    assert Document.objects.filter(pk=document.pk).exists()


def test_the_nav_link_shows_for_who_may_read_the_register(client, staff, viewer):
    client.force_login(staff)
    assert reverse("campaigns:document-list") in client.get(reverse("home")).content.decode()
    client.force_login(viewer)
    assert reverse("campaigns:document-list") not in client.get(reverse("home")).content.decode()


# Entering and editing.


def test_staff_enter_a_document_and_see_its_parts(staff_client, staff):
    response = staff_client.post(reverse("campaigns:document-create"), _post(number_and_symbol="60/UBND-KGVX"))
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "campaigns:document-detail", args=[document.pk]
    )
    assert (document.number, document.type_code, document.issuer_code, document.drafting_unit) == (
        60,
        "",
        "UBND",
        "KGVX",
    )
    page = staff_client.get(response["Location"]).content.decode()
    for part in ("60/UBND-KGVX", "Công văn", "KGVX", "02/02/2018", "về việc Phân Khối"):
        assert part in page
    assert AuditLog.objects.get().actor == staff


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"date": "31/02/2018"}, "date"),
        ({"number_and_symbol": "235-BC-UBND"}, "number_and_symbol"),
        ({"number_and_symbol": "0/BC-UBND"}, "number_and_symbol"),
        ({"summary": ""}, "summary"),
        ({"date": "01/01/2999"}, "date"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(staff_client, changes, field):
    response = staff_client.post(reverse("campaigns:document-create"), _post(**changes))
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not Document.objects.exists()
    # What was typed is shown again.
    assert changes.get("number_and_symbol", "48/TB-UBND") in response.content.decode()


def test_a_duplicate_is_refused_naming_the_existing_document(staff_client):
    make_document("48/TB-UBND", date=datetime.date(2018, 2, 2), summary="về việc Phân Khối, Cụm thi đua năm 2018")
    with override("en"):
        response = staff_client.post(reverse("campaigns:document-create"), _post(date="03/03/2018"))
    (message,) = response.context["form"].errors["number_and_symbol"]
    assert "48/TB-UBND" in message and "02/02/2018" in message
    assert Document.objects.count() == 1


def test_an_edit_needs_a_reason(staff_client):
    document = make_document("48/TB-UBND", date=datetime.date(2018, 2, 2))
    url = reverse("campaigns:document-edit", args=[document.pk])
    response = staff_client.post(url, _post(issued_by="Chủ tịch UBND tỉnh"))
    assert response.context["form"].errors["reason"]
    response = staff_client.post(url, _post(issued_by="Chủ tịch UBND tỉnh", reason="Người ký là Chủ tịch"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.issued_by == "Chủ tịch UBND tỉnh"
    entry = AuditLog.objects.filter(action="document.update").get()
    assert entry.before["issued_by"] == "UBND tỉnh" and entry.reason == "Người ký là Chủ tịch"
    assert (
        "Người ký là Chủ tịch"
        in staff_client.get(reverse("campaigns:document-detail", args=[document.pk])).content.decode()
    )


# Files.


def test_a_picture_named_pdf_is_refused_on_the_form(staff_client, media):
    response = staff_client.post(reverse("campaigns:document-create"), _post(file=upload(PNG, "bao-cao.pdf")))
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Document.objects.exists() and not list(media.rglob("*.*"))


def test_the_file_is_served_only_through_the_checked_view(client, staff_client, media):
    staff_client.post(reverse("campaigns:document-create"), _post(file=upload(DOCX, "ke-hoach.docx")))
    document = Document.objects.get()
    response = staff_client.get(reverse("campaigns:document-file", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == DOCX
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "48_TB-UBND.docx" in response["Content-Disposition"]
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    detail = staff_client.get(reverse("campaigns:document-detail", args=[document.pk])).content.decode()
    assert document.file.name not in detail  # no storage path, hence no public link, on the page
    assert staff_client.get("/" + document.file.name).status_code == 404
    assert staff_client.get("/media/" + document.file.name).status_code == 404


def test_a_document_without_a_file_has_no_download(staff_client):
    document = make_document()
    assert staff_client.get(reverse("campaigns:document-file", args=[document.pk])).status_code == 404


# The register list.


def test_filters_find_what_staff_look_for(staff_client):
    documents_load()
    url = reverse("campaigns:document-list")

    def symbols(**query):
        response = staff_client.get(url, query)
        assert response.status_code == 200
        return {d.number_symbol for d in response.context["page"]}

    assert symbols(direction="received", year="2018") == {"22-CT/TW", "1275/BTĐKT-VụIII"}
    assert symbols(type_code="CV", year="2018") == {  # official letters carry no type abbreviation
        "1275/BTĐKT-VụIII",
        "60/UBND-KGVX",
        "238/UBND-KGVX",
        "343/UBND-KGVX",
        "397/UBND-KGVX",
        "443/UBND-KGVX",
    }
    assert symbols(type_code="QĐ", direction="issued") == {
        "651/QĐ-UBND",
        "659/QĐ-UBND",
        "675/QĐ-UBND",
        "30/2014/QĐ-UBND",
    }
    assert symbols(q="05/BC-UBND") == {"05/BC-UBND"}
    assert symbols(q="sách ảnh") == {"675/QĐ-UBND", "59/KH-BBT", "60/TB-BBT"}
    assert symbols(q="BBT") == {"59/KH-BBT", "60/TB-BBT"}
    assert symbols(year="2014") == {"30/2014/QĐ-UBND", "34-CT/TW"}
    assert staff_client.get(url, {"year": "1800"}).context["form"].errors["year"]


def test_the_list_pages(staff_client, monkeypatch):
    monkeypatch.setattr("campaigns.views.PAGE_SIZE", 10)
    for number in range(1, 26):
        make_document(f"{number}/TB-UBND", date=datetime.date(2018, 3, 1))
    response = staff_client.get(reverse("campaigns:document-list"), {"direction": "issued", "page": 3})
    assert [d.number for d in response.context["page"]] == [5, 4, 3, 2, 1]
    assert 'href="?direction=issued&page=2"' in response.content.decode()  # the filter is kept


def test_the_list_runs_a_constant_number_of_queries(staff_client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("campaigns:document-list"), {"q": "về"}).status_code == 200
        return len(captured)

    for number in range(1, 4):
        make_document(f"{number}/TB-UBND", date=datetime.date(2016 + number % 3, 3, 1))
    few = count()
    for number in range(4, 31):
        make_document(f"{number}/TB-UBND", date=datetime.date(2016 + number % 3, 3, 1))
    assert count() == few


# Phụ lục 1 page.


def test_the_appendix1_page_lists_the_latest_half_year_by_default(staff_client):
    documents_load()
    response = staff_client.get(reverse("campaigns:appendix1"))
    table = response.context["table"]
    assert (table.start, table.end) == (datetime.date(2017, 12, 20), datetime.date(2018, 6, 20))
    page = response.content.decode()
    assert len(table.rows) == 18 and "Báo cáo số 05/BC-UBND ngày 06/01/2018 của UBND tỉnh" in page
    assert "22-CT/TW" not in page
    assert reverse("campaigns:appendix1-json") + "?from=20/12/2017&amp;to=20/06/2018" in page


def test_the_appendix1_page_takes_a_period_and_refuses_a_reversed_one(staff_client):
    documents_load()
    url = reverse("campaigns:appendix1")
    response = staff_client.get(url, {"from": "01/04/2018", "to": "30/04/2018"})
    assert [r.symbol for r in response.context["table"].rows][0] == "77/KH-UBND"
    response = staff_client.get(url, {"from": "20/06/2018", "to": "20/12/2017"})
    assert response.status_code == 400 and response.context["form"].errors["to"]


def test_the_appendix1_json_download(staff_client):
    documents_load()
    response = staff_client.get(reverse("campaigns:appendix1-json"), {"from": "20/12/2017", "to": "20/6/2018"})
    assert response["Content-Disposition"] == 'attachment; filename="phu-luc-1_2017-12-20_2018-06-20.json"'
    data = json.loads(response.content)
    assert list(data) == ["rows"] and len(data["rows"]) == 18
    assert data["rows"][2] == {
        "no": 3,
        "symbol": "60/UBND-KGVX",
        "date": "2018-01-24",
        "text": "Công văn số 60/UBND-KGVX ngày 24/01/2018 về việc đăng ký thi đua năm 2018 với Chính phủ.",
    }
    assert staff_client.get(reverse("campaigns:appendix1-json"), {"from": "x"}).status_code == 400


def test_the_admin_only_reads_the_register_and_never_links_the_file(admin_client, media):
    document = make_document(file=upload(PDF))
    assert admin_client.get(reverse("admin:campaigns_document_add")).status_code == 403
    page = admin_client.get(reverse("admin:campaigns_document_change", args=[document.pk])).content.decode()
    assert 'name="_save"' not in page and document.file.name not in page
    assert admin_client.post(reverse("admin:campaigns_document_delete", args=[document.pk])).status_code == 403
