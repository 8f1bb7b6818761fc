"""Forwarding a reviewed dossier's State proposals to the central level with the province's forwarding letter
(tờ trình): when it is allowed, what the letter must be, what is recorded and audited, and the page's form."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from audit.models import AuditLog
from awards.models import Dossier
from awards.nominations.forwarding import dossier_forward
from awards.nominations.services import DossierInvalid, DossierTransitionRefused
from campaigns.models import Document
from tests.awards.forwarding_helpers import registered_letter, reviewed_dossier
from tests.awards.test_dossier_views import _check
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
S = Dossier.Status
REVIEWED_ON = datetime.date(2018, 5, 16)
LETTER = {
    "number_and_symbol": "12/TTr-UBND",
    "date": datetime.date(2018, 5, 20),
    "signer_name": "Hồ Tiến Thiệu",
    "signer_title": "Phó Chủ tịch",
}
STATE = [("individual", "Nông Thị Hà", "BK_TTCP", "Chuyên viên"), ("collective", "Phòng Tư pháp", "BK_TTCP")]


def _state_dossier(**kwargs):
    return reviewed_dossier(UnitFactory(name="Sở Tư pháp"), STATE, reviewed_on=REVIEWED_ON, **kwargs)


def _unchanged(dossier, status=S.REVIEWED):
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.status == status and fresh.forwarding_number is None and fresh.forwarding_date is None
    assert not AuditLog.objects.filter(action="dossier.forward").exists()


def test_a_reviewed_dossier_is_forwarded_with_its_letter_recorded_and_audited():
    dossier = _state_dossier()
    dossier_forward(actor=None, dossier=dossier, **LETTER, reason="Gửi kèm hồ sơ bản giấy")
    dossier.refresh_from_db()
    assert dossier.status == S.FORWARDED
    assert (dossier.forwarding_number, dossier.forwarding_symbol, dossier.forwarding_date) == (
        12,
        "TTr-UBND",
        datetime.date(2018, 5, 20),
    )
    assert (dossier.forwarding_signer_name, dossier.forwarding_signer_title) == ("Hồ Tiến Thiệu", "Phó Chủ tịch")
    entry = AuditLog.objects.get(action="dossier.forward", object_id=str(dossier.pk))
    assert entry.reason == "Tờ trình số 12/TTr-UBND ngày 20/5/2018. Gửi kèm hồ sơ bản giấy"
    assert "forwarding_letter" not in entry.before and entry.before["status"] == S.REVIEWED
    assert entry.after["status"] == S.FORWARDED
    assert entry.after["forwarding_letter"] == {
        "number_and_symbol": "12/TTr-UBND",
        "date": "2018-05-20",
        "signer_name": "Hồ Tiến Thiệu",
        "signer_title": "Phó Chủ tịch",
    }


def test_the_symbol_is_normalised_as_printed():
    dossier = _state_dossier()
    dossier_forward(actor=None, dossier=dossier, **{**LETTER, "number_and_symbol": " Số: 7/TTr-UBND "})
    dossier.refresh_from_db()
    assert (dossier.forwarding_number, dossier.forwarding_symbol) == (7, "TTr-UBND")
    assert AuditLog.objects.get(action="dossier.forward").reason.startswith("Tờ trình số 07/TTr-UBND ngày")


@pytest.mark.parametrize("status", [S.VETTED, S.AT_MEETING, S.FORWARDED, S.DECIDED])
def test_only_a_reviewed_dossier_is_forwarded(status):
    letter = {"forwarding_number": 3, "forwarding_symbol": "TTr-UBND", "forwarding_date": REVIEWED_ON}
    # A forwarded or decided dossier already carries its letter, as the database requires.
    dossier = _state_dossier(status=status, **(letter if status in (S.FORWARDED, S.DECIDED) else {}))
    with pytest.raises(DossierTransitionRefused):
        dossier_forward(actor=None, dossier=dossier, **LETTER)
    assert Dossier.objects.get(pk=dossier.pk).status == status
    assert not AuditLog.objects.filter(action="dossier.forward").exists()


def test_a_dossier_without_passed_state_proposals_is_not_forwarded():
    provincial = reviewed_dossier(
        UnitFactory(), [("individual", "Hoàng Văn Phong", "BK_TINH")], reviewed_on=REVIEWED_ON
    )
    with pytest.raises(DossierTransitionRefused):
        dossier_forward(actor=None, dossier=provincial, **LETTER)
    _unchanged(provincial)
    failed = _state_dossier()
    failed.nominations.update(result="failed")
    with pytest.raises(DossierTransitionRefused):
        dossier_forward(actor=None, dossier=failed, **LETTER)
    _unchanged(failed)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Enter the number and symbol"),
        ("mười hai", "không phải số, ký hiệu văn bản hợp lệ"),
        ("12/QĐ-UBND", "its symbol is TTr"),
        ("12-TTr/TU", "its symbol is TTr"),
        ("12/2018/TTr-UBND", "carries no year"),
        ("12/TTr-XYZ", "No issuing body has the code “XYZ”"),
    ],
)
def test_a_bad_letter_symbol_is_refused_on_its_field_and_nothing_changes(text, says):
    dossier = _state_dossier()
    with override("en"), pytest.raises(DossierInvalid) as refused:
        dossier_forward(actor=None, dossier=dossier, **{**LETTER, "number_and_symbol": text})
    assert list(refused.value.fields) == ["number_and_symbol"]
    assert says in refused.value.fields["number_and_symbol"][0]
    _unchanged(dossier)


def test_the_letter_date_is_given_not_in_the_future_nor_before_the_review():
    dossier = _state_dossier()
    cases = {
        None: "Enter the date of the forwarding letter.",
        timezone.localdate() + datetime.timedelta(days=1): "cannot be dated in the future",
        REVIEWED_ON - datetime.timedelta(days=1): "cannot be dated before 16/5/2018",
    }
    for date, says in cases.items():
        with override("en"), pytest.raises(DossierInvalid) as refused:
            dossier_forward(actor=None, dossier=dossier, **{**LETTER, "date": date})
        assert list(refused.value.fields) == ["date"] and says in refused.value.fields["date"][0]
    _unchanged(dossier)
    dossier_forward(actor=None, dossier=dossier, **{**LETTER, "date": REVIEWED_ON})  # the same day is fine
    assert Dossier.objects.get(pk=dossier.pk).status == S.FORWARDED


def test_every_missing_part_of_the_letter_is_reported_at_once():
    dossier = _state_dossier()
    with pytest.raises(DossierInvalid) as refused:
        dossier_forward(
            actor=None, dossier=dossier, number_and_symbol="  ", date=None, signer_name=" ", signer_title=""
        )
    assert set(refused.value.fields) == {"number_and_symbol", "date", "signer_name", "signer_title"}
    _unchanged(dossier)


def test_the_database_refuses_a_forwarded_dossier_without_its_letter():
    dossier = _state_dossier()
    for letter in (
        {},
        {"forwarding_number": 12, "forwarding_symbol": "TTr-UBND"},
        {"forwarding_date": REVIEWED_ON, "forwarding_symbol": "TTr-UBND"},
        {"forwarding_number": 12, "forwarding_date": REVIEWED_ON},
    ):
        with pytest.raises(IntegrityError, match="dossier_forwarded_has_letter"), transaction.atomic():
            Dossier.objects.filter(pk=dossier.pk).update(status=S.FORWARDED, **letter)
    with pytest.raises(IntegrityError, match="dossier_forwarding_letter_registered"), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(
            status=S.FORWARDED, forwarding_number=12, forwarding_symbol="TTr-UBND", forwarding_date=REVIEWED_ON
        )
    Dossier.objects.filter(pk=dossier.pk).update(
        status=S.FORWARDED,
        forwarding_number=12,
        forwarding_symbol="TTr-UBND",
        forwarding_date=REVIEWED_ON,
        forwarding_document=registered_letter(12, REVIEWED_ON),
    )


def test_the_letter_enters_the_document_register_once_and_a_used_number_is_refused():
    first, second = _state_dossier(), _state_dossier()
    dossier_forward(actor=None, dossier=first, **LETTER)
    entry = Document.objects.get(number=12, symbol="TTr-UBND")
    assert (entry.direction, entry.date, entry.type_code) == ("issued", LETTER["date"], "TTr")
    assert "Bằng khen của Thủ tướng Chính phủ" in entry.summary and "Sở Tư pháp" in entry.summary
    assert AuditLog.objects.filter(action="document.create", object_id=str(entry.pk)).exists()
    dossier_forward(actor=None, dossier=second, **LETTER)  # one letter for two dossiers: the same entry
    assert Document.objects.filter(number=12).count() == 1
    assert {d.forwarding_document for d in Dossier.objects.filter(pk__in=[first.pk, second.pk])} == {entry}

    third = _state_dossier()
    with pytest.raises(DossierInvalid) as refused:  # the register's 12/TTr-UBND of 2018 is another day's letter
        dossier_forward(actor=None, dossier=third, **{**LETTER, "date": datetime.date(2018, 5, 21)})
    assert "12/TTr-UBND" in refused.value.fields["number_and_symbol"][0]
    third.refresh_from_db()
    assert (third.status, third.forwarding_number, third.forwarding_document) == (S.REVIEWED, None, None)


# The page.


def _form(**overrides):
    return {**LETTER, "date": "20/05/2018", **overrides}


def test_staff_forward_from_the_dossier_page(client, staff, unit_a):
    dossier = reviewed_dossier(unit_a, STATE, reviewed_on=REVIEWED_ON)
    client.force_login(staff)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk]))
    assert reverse("awards:dossier-forward", args=[dossier.pk]) in page.text
    assert reverse("reports:dossier-forwarding-letter", args=[dossier.pk]) in page.text  # the draft to read first
    response = client.post(reverse("awards:dossier-forward", args=[dossier.pk]), _form())
    assert response.status_code == 302 and response["Location"] == reverse("awards:dossier-detail", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.status == S.FORWARDED and dossier.forwarding_date == datetime.date(2018, 5, 20)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert reverse("awards:dossier-forward", args=[dossier.pk]) not in page
    assert "12/TTr-UBND" in page and "20/5/2018" in page
    assert reverse("reports:dossier-forwarding-letter", args=[dossier.pk]) in page


def test_a_bad_letter_comes_back_with_its_errors_and_what_was_typed(client, staff, unit_a):
    dossier = reviewed_dossier(unit_a, STATE, reviewed_on=REVIEWED_ON)
    client.force_login(staff)
    url = reverse("awards:dossier-forward", args=[dossier.pk])
    response = client.post(url, _form(number_and_symbol="12/QĐ-UBND", date="31/02/2018"))
    form = response.context["forward_form"]
    assert response.status_code == 400 and form.errors["date"]  # not a date: the form says so first
    response = client.post(url, _form(number_and_symbol="12/QĐ-UBND", signer_name=""))
    form = response.context["forward_form"]
    assert response.status_code == 400 and set(form.errors) == {"number_and_symbol", "signer_name"}
    assert form["number_and_symbol"].value() == "12/QĐ-UBND"
    assert Dossier.objects.get(pk=dossier.pk).status == S.REVIEWED


def test_no_forward_form_without_passed_state_proposals(client, staff, unit_a):
    dossier = reviewed_dossier(unit_a, [("individual", "Hoàng Văn Phong", "BK_TINH")], reviewed_on=REVIEWED_ON)
    client.force_login(staff)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert reverse("awards:dossier-forward", args=[dossier.pk]) not in page
    assert reverse("reports:dossier-forwarding-letter", args=[dossier.pk]) not in page
    response = client.post(reverse("awards:dossier-forward", args=[dossier.pk]), _form(), follow=True)
    assert len(list(response.context["messages"])) == 1
    assert Dossier.objects.get(pk=dossier.pk).status == S.REVIEWED


def test_the_units_clerk_sees_no_forward_form_but_the_letter_once_forwarded(client, staff, clerk_a, unit_a):
    dossier = reviewed_dossier(unit_a, STATE, reviewed_on=REVIEWED_ON)
    client.force_login(clerk_a)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert reverse("awards:dossier-forward", args=[dossier.pk]) not in page
    assert reverse("reports:dossier-forwarding-letter", args=[dossier.pk]) not in page
    dossier_forward(actor=staff, dossier=dossier, **LETTER)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).text
    assert reverse("reports:dossier-forwarding-letter", args=[dossier.pk]) in page


def test_forwarding_is_for_secretariat_staff(client, staff, clerk_a, clerk_b, unit_a, leader, council_member):
    dossier = reviewed_dossier(unit_a, STATE, reviewed_on=REVIEWED_ON)
    # Staff posting an empty form get the page back with its errors (400); the unit's clerks (even of another
    # unit: the role is checked before the scope), leaders and council members 403; anonymous to the login page.
    _check(
        client,
        url=reverse("awards:dossier-forward", args=[dossier.pk]),
        method="post",
        allowed=[staff],
        forbidden=[clerk_a, clerk_b, leader, council_member],
        ok=(400,),
    )
    assert Dossier.objects.get(pk=dossier.pk).status == S.REVIEWED


def test_a_dossier_outside_the_scope_is_not_found(client, staff, unit_a):
    from awards.nominations.services import DossierFields, NomineeFields, dossier_create
    from tests.factories import award_type, kind

    draft = dossier_create(
        actor=None,
        fields=DossierFields(unit=unit_a, commendation_kind=kind("regular"), year=2017, title="Bản nháp"),
        nominees=[NomineeFields("individual", "Nông Thị Hà", award_type("BK_TTCP"), "Thành tích")],
    )
    client.force_login(staff)  # a unit's draft is not the province's to see
    assert client.post(reverse("awards:dossier-forward", args=[draft.pk]), _form()).status_code == 404
