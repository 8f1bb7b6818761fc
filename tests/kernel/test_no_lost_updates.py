"""No lost updates (issue #12, point 4): two people open the same draft, B saves, then A saves. A's save is refused
(409) with A's input still in the form and a Vietnamese message naming who saved, when and what changed; the
database keeps B's content and the audit log only B's change. Tried with two logged-in sessions on every edit form
of a draft, plus two saves at the same moment on two database connections."""

import datetime
import re
import threading

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards.decisions.services import decision_update
from awards.models import Decision, Dossier
from awards.nominations.nominees import NomineeFields
from awards.nominations.services import DossierFields, dossier_create
from campaigns.models import Campaign
from kernel.concurrency import EditConflict, version_bump
from reports.services import SectionFields
from tests.awards.nominee_helpers import ACHIEVEMENTS
from tests.campaigns.factories import make_campaign
from tests.factories import (
    award_type,
    decision_fields,
    kind,
    make_decision,
    make_report,
    recipient,
    secretariat_user,
)
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db
CONFLICT_TITLE = "Not saved: someone else saved this after you opened it"


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opened(client: Client, url: str) -> dict:
    """What the browser would send back unchanged: every field of the page's form (and rows) as shown, and the
    hidden version field."""
    response = client.get(url)
    assert response.status_code == 200
    data = {"version": re.search(r'name="version" value="([^"]+)"', response.text)[1]}
    pages = [response.context["form"]]
    formset = response.context.get("formset")
    if formset is not None:
        management = formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
        pages += list(formset.forms)
    for form in pages:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, forms.CheckboxInput):
                if value:
                    data[field.html_name] = "on"
                continue
            if isinstance(value, datetime.date):
                value = f"{value:%d/%m/%Y}"
            data[field.html_name] = "" if value is None else value
    return data


def _two_staff(staff):
    return _session(staff), _session(
        secretariat_user(username="canbo.thu.hai", first_name="Lương", last_name="Thị Hai")
    )


def _assert_refused(response, *, kept: dict, changed: list[str]):
    """A's page: 409, the conflict box naming B and what changed, A's input as typed."""
    assert response.status_code == 409
    text = response.content.decode()
    assert vietnamese(CONFLICT_TITLE) in text
    box = text[text.index('id="edit-conflict"') :]
    box = box[: box.index("</section>")]
    assert "Lương Thị Hai" in box  # who saved meanwhile, and nothing from before the page was opened
    assert vietnamese("the system") not in box
    for what in changed:
        assert what in box, what
    for name, value in kept.items():
        assert response.context["form"][name].value() == value  # nothing of A's input is lost
    return box


def _b_then_a(a: Client, b: Client, url: str, *, b_typed: dict, a_typed: dict):
    """A and B open the page, B saves what B typed, then A saves what A typed: A's response."""
    a_page, b_page = _opened(a, url), _opened(b, url)
    assert b.post(url, {**b_page, **b_typed}).status_code == 302
    return a.post(url, {**a_page, **a_typed})


def _updates(obj) -> list[AuditLog]:
    return list(AuditLog.objects.filter(object_id=str(obj.pk), action__endswith="update").select_related("actor"))


# A decision: its header, then its recipients.


def _draft():
    rows = [recipient(name="Hoàng Văn Phong"), recipient(name="Nông Thị Hoa")]
    return make_decision(issued=False, number=90, recipients=rows)


def test_a_decision_header_saved_over_a_newer_version_is_refused_and_keeps_both(staff):
    draft = _draft()
    a, b = _two_staff(staff)
    url = reverse("awards:decision-edit", args=[draft.pk])

    response = _b_then_a(
        a, b, url, b_typed={"signer_name": "Lý Vinh Quang"}, a_typed={"summary": "Về việc tặng Bằng khen cho tập thể"}
    )

    box = _assert_refused(
        response, kept={"summary": "Về việc tặng Bằng khen cho tập thể"}, changed=["Lý Vinh Quang", "Hồ Tiến Thiệu"]
    )
    assert vietnamese("Signer") in box
    draft.refresh_from_db()
    assert (draft.signer_name, draft.summary, draft.version) == ("Lý Vinh Quang", "Về việc tặng Bằng khen", 2)
    assert [entry.actor.username for entry in _updates(draft)] == ["canbo.thu.hai"]


def test_a_decision_recipients_list_saved_over_a_newer_one_is_refused(staff):
    draft = _draft()
    a, b = _two_staff(staff)
    url = reverse("awards:decision-edit", args=[draft.pk])
    a_page, b_page = _opened(a, url), _opened(b, url)
    b_page.update(
        {
            "r-TOTAL_FORMS": "3",
            "r-1-DELETE": "on",
            "r-2-recipient_name": "Triệu Văn Bình",
            "r-2-award_type": b_page["r-0-award_type"],
        }
    )
    b_page.update({"r-2-commendation_kind": b_page["r-0-commendation_kind"], "r-2-recipient_kind": "individual"})
    assert b.post(url, b_page).status_code == 302  # B: one removed, one added
    a_page.update({"r-0-position": "Trưởng phòng"})  # A: a position on the first row

    response = a.post(url, a_page)

    box = _assert_refused(response, kept={}, changed=["Triệu Văn Bình", "Nông Thị Hoa"])
    assert vietnamese("Recipients") in box
    assert response.context["formset"].forms[0]["position"].value() == "Trưởng phòng"
    assert list(draft.awards.order_by("line_no").values_list("recipient_name", "position")) == [
        ("Hoàng Văn Phong", ""),
        ("Triệu Văn Bình", ""),
    ]
    assert len(_updates(draft)) == 1


def test_after_the_conflict_a_can_review_and_save_again_on_purpose(staff):
    draft = _draft()
    a, b = _two_staff(staff)
    url = reverse("awards:decision-edit", args=[draft.pk])
    a_page, b_page = _opened(a, url), _opened(b, url)
    b.post(url, {**b_page, "signer_name": "Lý Vinh Quang"})
    refused = a.post(url, {**a_page, "summary": "Bản của A"})
    # The page A got back carries the current version: saving again is A's informed choice.
    again = {**a_page, "summary": "Bản của A", "version": re.search(r'name="version" value="([^"]+)"', refused.text)[1]}
    assert a.post(url, again).status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.signer_name, draft.version) == ("Bản của A", "Hồ Tiến Thiệu", 3)


def test_a_normal_save_moves_the_version_on_and_an_import_or_issue_does_too(staff_client):
    draft = _draft()
    url = reverse("awards:decision-edit", args=[draft.pk])
    assert draft.version == 1
    assert staff_client.post(url, {**_opened(staff_client, url), "summary": "Sửa"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.version) == ("Sửa", 2)
    decision_update(actor=None, decision=draft, fields=decision_fields(number=90), recipients=[recipient()])
    draft.refresh_from_db()
    assert draft.version == 3  # a caller with no form (the Excel import) moves it on without a check


@pytest.mark.parametrize("version", [None, "", "1", "giả-mạo:abc"])
def test_a_missing_or_forged_version_is_said_and_nothing_is_saved(staff_client, version):
    draft = _draft()
    url = reverse("awards:decision-edit", args=[draft.pk])
    data = {**_opened(staff_client, url), "summary": "Sửa"}
    if version is None:
        del data["version"]
    else:
        data["version"] = version

    response = staff_client.post(url, data)

    assert response.status_code == 400
    assert (
        vietnamese(
            "This page's version mark is missing or damaged, so it cannot be told whether someone saved in the "
            "meantime. Nothing was saved; your input is below. Check the current version, then save again."
        )
        in response.content.decode()
    )
    assert response.context["form"]["summary"].value() == "Sửa"
    draft.refresh_from_db()
    assert (draft.summary, draft.version) == ("Về việc tặng Bằng khen", 1)


def test_a_version_of_another_draft_is_refused(staff_client):
    first, second = _draft(), make_decision(issued=False, number=91)
    first_url, second_url = (reverse("awards:decision-edit", args=[d.pk]) for d in (first, second))
    data = {**_opened(staff_client, second_url), "version": _opened(staff_client, first_url)["version"]}
    assert staff_client.post(second_url, data).status_code == 400


# A dossier: its fields, then its nominees. Two clerks of the same unit.


def _dossier(unit):
    nominees = [
        NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), ACHIEVEMENTS),
        NomineeFields("collective", "Phòng Tổ chức", award_type("BK_TINH"), "Tập thể tiêu biểu"),
    ]
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title="Đề nghị năm 2017")
    return dossier_create(actor=None, fields=fields, nominees=nominees)


def _two_clerks(clerk_a, unit_a):
    from clusters.models import UnitUser
    from kernel.roles import UNIT_CLERK
    from tests.factories import UserFactory

    second = UserFactory(username="vanthu.donvi.a2", first_name="Lương", last_name="Thị Hai")
    second.groups.add(*clerk_a.groups.all())
    UnitUser.objects.create(user=second, unit=unit_a)
    assert second.groups.filter(name=UNIT_CLERK).exists()
    return _session(clerk_a), _session(second)


def test_a_dossier_saved_over_a_newer_version_is_refused(clerk_a, unit_a):
    dossier = _dossier(unit_a)
    a, b = _two_clerks(clerk_a, unit_a)
    url = reverse("awards:dossier-edit", args=[dossier.pk])

    response = _b_then_a(a, b, url, b_typed={"title": "Đề nghị tặng Bằng khen năm 2017"}, a_typed={"year": "2016"})

    _assert_refused(response, kept={"year": "2016"}, changed=["Đề nghị tặng Bằng khen năm 2017", "Đề nghị năm 2017"])
    dossier.refresh_from_db()
    assert (dossier.title, dossier.year, dossier.version) == ("Đề nghị tặng Bằng khen năm 2017", 2017, 2)
    assert len(_updates(dossier)) == 1


def test_a_dossier_nominees_list_saved_over_a_newer_one_is_refused(clerk_a, unit_a):
    dossier = _dossier(unit_a)
    a, b = _two_clerks(clerk_a, unit_a)
    url = reverse("awards:dossier-edit", args=[dossier.pk])
    a_page, b_page = _opened(a, url), _opened(b, url)
    assert b.post(url, {**b_page, "n-0-recipient_name": "Hoàng Văn Phóng"}).status_code == 302  # B fixes a name

    response = a.post(url, {**a_page, "n-1-DELETE": "on"})

    box = _assert_refused(response, kept={}, changed=["Hoàng Văn Phóng", "Hoàng Văn Phong"])
    assert vietnamese("Nominees") in box
    assert response.context["formset"].forms[1]["DELETE"].value()  # A's removal is still ticked
    assert list(dossier.nominations.order_by("line_no").values_list("recipient_name", flat=True)) == [
        "Hoàng Văn Phóng",
        "Phòng Tổ chức",
    ]
    assert len(_updates(dossier)) == 1


def test_a_file_attached_meanwhile_is_named_in_the_refusal(clerk_a, unit_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from awards.nominations.files import dossier_attach

    dossier = _dossier(unit_a)
    a = _session(clerk_a)
    url = reverse("awards:dossier-edit", args=[dossier.pk])
    a_page = _opened(a, url)
    pdf = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    dossier_attach(actor=clerk_a, dossier=dossier, kind="submission", upload=pdf)

    response = a.post(url, {**a_page, "title": "Đề nghị mới"})

    assert response.status_code == 409 and "to-trinh.pdf" in response.content.decode()


# A report's header and one of its sections; a campaign.


def test_a_report_section_saved_over_a_newer_one_is_refused_but_another_section_is_not(staff):
    report = make_report(sections=[SectionFields("none", "", "Một."), SectionFields("none", "", "Hai.")])
    first, second = report.sections.order_by("position")
    a, b = _two_staff(staff)
    url = reverse("reports:section-edit", args=[report.pk, first.pk])
    a_page, b_page = _opened(a, url), _opened(b, url)
    other_url = reverse("reports:section-edit", args=[report.pk, second.pk])
    assert b.post(other_url, {**_opened(b, other_url), "body": "Hai, sửa.", "save": "1"}).status_code == 302
    assert b.post(url, {**b_page, "body": "Một, bản của B.", "save": "1"}).status_code == 302

    response = a.post(url, {**a_page, "body": "Một, bản của A.", "save": "1"})

    _assert_refused(response, kept={"body": "Một, bản của A."}, changed=["Một, bản của B."])
    first.refresh_from_db()
    assert (first.body, first.version) == ("Một, bản của B.", 2)


def test_a_section_deleted_meanwhile_gives_back_the_text_to_save_as_a_new_one(staff):
    report = make_report(sections=[SectionFields("none", "", "Một."), SectionFields("none", "", "Hai.")])
    section = report.sections.get(position=2)
    a, b = _two_staff(staff)
    url = reverse("reports:section-edit", args=[report.pk, section.pk])
    a_page = _opened(a, url)
    b.post(reverse("reports:section-delete", args=[report.pk, section.pk]))

    response = a.post(url, {**a_page, "body": "Hai, bản của A.", "save": "1"})

    assert response.status_code == 409
    assert vietnamese("Not saved: this section was deleted after you opened it") in response.content.decode()
    assert "Lương Thị Hai" in response.content.decode()
    assert response.context["form"]["body"].value() == "Hai, bản của A."
    assert reverse("reports:section-create", args=[report.pk]) in response.content.decode()


HEADER_FORMS = {
    # form: (the draft, its edit page, what B types, what A types, the fields as stored afterwards: B's)
    "report": (
        lambda: make_report(sections=[SectionFields("none", "", "Một.")]),
        "reports:report-edit",
        {"signer_name": "Lý Vinh Quang"},
        {"place": "Đồng Đăng"},
        {"signer_name": "Lý Vinh Quang", "place": "Lạng Sơn", "version": 2},
    ),
    "campaign": (
        make_campaign,
        "campaigns:campaign-edit",
        {"organiser": "Sở Công Thương"},
        {"description": "Mô tả của A"},
        {"organiser": "Sở Công Thương", "description": "", "version": 2},
    ),
}


@pytest.mark.parametrize("form", HEADER_FORMS)
def test_a_report_or_campaign_saved_over_a_newer_version_is_refused(staff, form):
    make, url_name, b_typed, a_typed, stored = HEADER_FORMS[form]
    draft = make()
    a, b = _two_staff(staff)

    response = _b_then_a(a, b, reverse(url_name, args=[draft.pk]), b_typed=b_typed, a_typed=a_typed)

    _assert_refused(response, kept=a_typed, changed=list(b_typed.values()))
    draft.refresh_from_db()
    assert {name: getattr(draft, name) for name in stored} == stored
    assert len(_updates(draft)) == 1


# Two saves at the same moment: the database lets one win.


def _at_once(*saves) -> tuple[list, list]:
    start, won, lost = threading.Barrier(len(saves)), [], []

    def run(save):
        try:
            start.wait()
            won.append(save())
        except EditConflict as error:
            lost.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(save,)) for save in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won, lost


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_of_the_same_version_at_the_same_moment_only_one_wins(catalog):
    draft = make_decision(issued=False, number=90)

    def save(name):
        return lambda: decision_update(
            actor=None,
            decision=Decision.objects.get(pk=draft.pk),
            fields=decision_fields(number=90),
            recipients=[recipient(name=name)],
            expected_version=1,
        )

    won, lost = _at_once(save("Bản A"), save("Bản B"))

    assert len(won) == 1 and len(lost) == 1 and lost[0].current_version == 2
    assert draft.awards.get().recipient_name == won[0].awards.get().recipient_name
    assert Decision.objects.get(pk=draft.pk).version == 2
    assert AuditLog.objects.filter(action="decision.update", object_id=str(draft.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_guarded_update_alone_lets_one_of_two_connections_win(catalog):
    """Without any lock taken first: both read version 1, both try to move it on; the row lock and the WHERE on
    the version decide."""
    from django.db import transaction

    campaign = make_campaign()

    def bump():
        with transaction.atomic():
            return version_bump(Campaign.objects.get(pk=campaign.pk), expected_version=1)

    won, lost = _at_once(bump, bump)

    assert won == [2] and len(lost) == 1
    assert Campaign.objects.get(pk=campaign.pk).version == 2


def test_a_dossier_transition_moves_the_version_on_and_a_refused_one_does_not(clerk_a, unit_a):
    from awards.nominations.services import DossierTransitionRefused, dossier_return, dossier_submit

    dossier = _dossier(unit_a)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.SUBMITTED, submitted_at=timezone.now())
    dossier_return(actor=None, dossier=dossier, reason="Thiếu biên bản")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version) == ("returned", 2)
    with pytest.raises(DossierTransitionRefused):  # refused without its files: the version stays
        dossier_submit(actor=None, dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).version == 2


def test_rows_are_told_apart_as_added_removed_and_changed_by_name():
    from kernel.edit_versions import NAMES_SHOWN, _row_changes

    loaded = [("Hoàng Văn Phong", "Bằng khen"), ("Nông Thị Hoa", "Bằng khen"), ("Phòng Tổ chức", "Cờ thi đua")]
    current = [("Hoàng Văn Phong", "Bằng khen · Trưởng phòng"), ("Phòng Tổ chức", "Cờ thi đua"), ("Lý Văn Bình", "")]
    changes = _row_changes(loaded, current)
    assert (changes.added, changes.removed, changes.changed) == (["Lý Văn Bình"], ["Nông Thị Hoa"], ["Hoàng Văn Phong"])
    assert not _row_changes(loaded, list(loaded))
    many = _row_changes([], [(f"Người {i}", "") for i in range(NAMES_SHOWN + 5)])
    assert many.parts() == [
        vietnamese("%(n)s added: %(names)s", n=NAMES_SHOWN + 5, names="")
        + ", ".join(f"Người {i}" for i in range(NAMES_SHOWN))
        + ", …"
    ]
