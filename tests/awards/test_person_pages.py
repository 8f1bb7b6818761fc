"""The people pages users work with: the people list, recording and editing a person (never a silent duplicate),
and saying whose an individual's award or nomination is from the decision, dossier and person pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards.models import Dossier, PersonAward
from awards.nominations.services import DossierFields, NomineeFields, dossier_create, dossier_update
from awards.people.services import nomination_person_link
from clusters.models import Person
from kernel.lib.formatting import vn_date
from tests.clusters.people import awarded, person
from tests.factories import award_type, kind, make_decision, recipient
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db

BORN = datetime.date(1975, 4, 2)


@pytest.fixture
def someone(unit_a):
    return person("Nguyễn Văn An", birth_date=BORN, current_unit=unit_a, position="Trưởng phòng")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _person_data(**fields):
    data = {"full_name": "Lương Thị Hồng", "birth_date": "", "sex": "", "id_number": "", "current_unit": ""}
    return {**data, "position": "", **fields}


def _individual_award(name="Nguyễn Văn An", **extra):
    return make_decision(recipients=[recipient(name=name, **extra)]).awards.get()


def _dossier(unit, *, status=Dossier.Status.RECEIVED):
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title="Đề nghị Bằng khen 2017")
    nominees = [
        NomineeFields("individual", "Nguyễn Văn An", award_type("BK_TINH"), "Hoàn thành xuất sắc nhiệm vụ"),
        NomineeFields("collective", "Phòng Tổ chức", award_type("BK_TINH"), "Tập thể tiêu biểu"),
    ]
    dossier = dossier_create(actor=None, fields=fields, nominees=nominees)
    Dossier.objects.filter(pk=dossier.pk).update(status=status, submitted_at=timezone.now())
    return Dossier.objects.get(pk=dossier.pk)


# Permissions: every new view, every persona.


def test_permissions_of_the_people_list(client, staff, leader, clerk_a, council_member):
    url = reverse("people:person-list")
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member])
    for reader in (leader, clerk_a):
        client.force_login(reader)
        assert client.get(url).status_code == 200


def test_permissions_of_recording_a_person(client, staff, leader, clerk_a, council_member):
    url = reverse("people:person-create")
    assert_permissions(client, url=url, method="get", allowed=staff, others=[leader, council_member])
    client.force_login(clerk_a)  # a clerk records the people of their unit
    assert client.get(url).status_code == 200


def test_permissions_of_editing_a_person(client, someone, staff, leader, clerk_a, clerk_b, council_member):
    url = reverse("people:person-update", args=[someone.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[leader, council_member])
    client.force_login(clerk_a)
    assert client.get(url).status_code == 200
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["people:award-link", "people:award-person-create"])
def test_permissions_of_linking_an_award(client, name, unit_a, staff, leader, clerk_a, clerk_b, council_member):
    award = _individual_award(unit=unit_a)
    url = reverse(name, args=[award.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[leader, clerk_a, clerk_b, council_member])


@pytest.mark.parametrize("name", ["people:nomination-link", "people:nomination-person-create"])
def test_permissions_of_linking_a_nominee(client, name, unit_a, staff, leader, clerk_a, clerk_b, council_member):
    nomination = _dossier(unit_a).nominations.get(recipient_kind="individual")
    url = reverse(name, args=[nomination.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[leader, clerk_a, clerk_b, council_member])


def test_a_clerk_who_may_edit_their_people_still_may_not_merge(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("people:duplicates")).status_code == 403
    assert client.post(reverse("people:merge"), {}).status_code == 403
    assert reverse("people:duplicates") not in client.get(reverse("people:person-list")).content.decode()


def test_the_navigation_and_the_unit_page_lead_to_the_people_list(client, staff, unit_a):
    client.force_login(staff)
    assert reverse("people:person-list") in client.get(reverse("home")).content.decode()
    content = client.get(reverse("people:unit-detail", args=[unit_a.pk])).content.decode()
    assert f"{reverse('people:person-list')}?unit={unit_a.pk}" in content


# The people list.


def test_the_list_finds_people_without_diacritics_in_alphabetical_order(client, staff, someone, unit_b):
    later = person("Nguyễn Văn Ân", current_unit=unit_b)
    person("Trần Thị Bình")
    awarded(someone, count=2)
    client.force_login(staff)
    response = client.get(reverse("people:person-list"), {"q": "nguyen van"})
    assert [p.full_name for p in response.context["page"]] == ["Nguyễn Văn An", "Nguyễn Văn Ân"]
    row = response.content.decode().split(reverse("people:person-detail", args=[someone.pk]))[1].split("</tr>")[0]
    assert vn_date(BORN) in row and someone.current_unit.name in row and "Trưởng phòng" in row
    assert ">2</td>" in row.replace(" ", "")  # two awards
    content = response.content.decode()
    assert "Trần Thị Bình" not in content and reverse("people:person-detail", args=[later.pk]) in content


def test_the_list_filters_by_unit_and_a_clerk_sees_only_their_unit(client, staff, clerk_a, someone, unit_b):
    elsewhere = person("Nguyễn Văn Bình", current_unit=unit_b)
    client.force_login(staff)
    page = client.get(reverse("people:person-list"), {"unit": unit_b.pk}).context["page"]
    assert list(page) == [elsewhere]
    client.force_login(clerk_a)
    response = client.get(reverse("people:person-list"), {"unit": unit_b.pk})  # the filter is not theirs
    assert list(response.context["page"]) == [someone]


def test_the_list_pages_by_50_without_merged_records(client, staff, someone):
    Person.objects.create(full_name="Nguyen Van An", merged_into=someone)
    Person.objects.bulk_create(Person(full_name=f"Lò Văn {index:03}") for index in range(60))
    client.force_login(staff)
    first = client.get(reverse("people:person-list")).context["page"]
    assert len(first) == 50 and first.paginator.count == 61
    assert "Nguyen Van An" not in [
        p.full_name for p in client.get(reverse("people:person-list"), {"page": 2}).context["page"]
    ]


def test_the_list_runs_the_same_queries_for_3_and_30_people(client, staff, unit_a, unit_b):
    def people(count, unit, prefix):
        for index in range(count):
            awarded(person(f"{prefix} {index}", current_unit=unit))

    client.force_login(staff)
    url_a = reverse("people:person-list") + f"?unit={unit_a.pk}"
    url_b = reverse("people:person-list") + f"?unit={unit_b.pk}"
    people(3, unit_a, "Lò Văn")
    people(30, unit_b, "Vi Thị")
    _queries(client, url_a)
    assert _queries(client, url_a) == _queries(client, url_b)
    assert len(client.get(url_b).context["page"]) == 30


# Recording a person.


def test_recording_a_person_opens_their_page_and_audits_it(client, staff, unit_a):
    client.force_login(staff)
    data = _person_data(birth_date="02/04/1975", sex="female", id_number="020 175 000 123", current_unit=unit_a.pk)
    response = client.post(reverse("people:person-create"), data)
    created = Person.objects.get(full_name="Lương Thị Hồng")
    assert response.status_code == 302 and response["Location"] == reverse("people:person-detail", args=[created.pk])
    assert (created.birth_date, created.sex, created.id_number) == (BORN, "female", "020175000123")
    assert created.current_unit == unit_a
    assert AuditLog.objects.filter(action="person.create", object_id=str(created.pk)).exists()


def test_a_likely_duplicate_is_shown_and_created_only_when_confirmed(client, staff, someone):
    client.force_login(staff)
    data = _person_data(full_name="nguyen van an", birth_date="02/04/1975")
    response = client.post(reverse("people:person-create"), data)
    assert response.status_code == 200 and Person.objects.count() == 1
    assert response.context["duplicates"] == [someone]
    assert reverse("people:person-detail", args=[someone.pk]) in response.content.decode()
    response = client.post(reverse("people:person-create"), {**data, "acknowledged": response.context["acknowledged"]})
    assert response.status_code == 302 and Person.objects.count() == 2


def test_confirming_covers_only_the_duplicates_seen(client, staff, someone, unit_a):
    other = person("Lương Thị Hồng", current_unit=unit_a)
    client.force_login(staff)
    data = _person_data(full_name="Nguyễn Văn An", birth_date="02/04/1975")
    seen = client.post(reverse("people:person-create"), data).context["acknowledged"]
    # the name changed before confirming: another likely duplicate, shown in its turn
    response = client.post(reverse("people:person-create"), _person_data(current_unit=unit_a.pk, acknowledged=seen))
    assert response.status_code == 200 and response.context["duplicates"] == [other]
    assert Person.objects.count() == 2


def test_the_same_identity_card_number_is_a_duplicate_then_refused_naming_the_record(client, staff, someone):
    someone.id_number = "020075000123"
    someone.save()
    client.force_login(staff)
    data = _person_data(id_number="020075000123")
    response = client.post(reverse("people:person-create"), data)
    assert response.context["duplicates"] == [someone]
    response = client.post(reverse("people:person-create"), {**data, "acknowledged": str(someone.pk)})
    assert response.status_code == 400 and "Nguyễn Văn An" in response.context["form"].errors["id_number"][0]
    assert Person.objects.count() == 1


def test_a_malformed_identity_card_number_or_no_name_is_refused_and_kept(client, staff):
    client.force_login(staff)
    response = client.post(reverse("people:person-create"), _person_data(full_name=" ", id_number="12345"))
    form = response.context["form"]
    assert response.status_code == 400 and form.errors["id_number"] and form.errors["full_name"]
    assert 'value="12345"' in response.content.decode() and not Person.objects.exists()


def test_a_clerk_records_people_of_their_unit_only(client, clerk_a, unit_a, unit_b):
    client.force_login(clerk_a)
    assert "current_unit" not in client.get(reverse("people:person-create")).context["form"].fields
    client.post(reverse("people:person-create"), _person_data(current_unit=unit_b.pk))
    assert Person.objects.get().current_unit == unit_a


def test_a_clerk_is_told_of_a_likely_duplicate_in_another_unit_without_seeing_it(client, clerk_a, unit_b):
    hidden = person("Nguyễn Văn An", birth_date=BORN, current_unit=unit_b)
    client.force_login(clerk_a)
    data = _person_data(full_name="Nguyễn Văn An", birth_date="02/04/1975")
    response = client.post(reverse("people:person-create"), data)
    assert response.context["duplicates"] == [] and response.context["hidden_duplicates"] == 1
    assert reverse("people:person-detail", args=[hidden.pk]) not in response.content.decode()
    client.post(reverse("people:person-create"), {**data, "acknowledged": response.context["acknowledged"]})
    assert Person.objects.count() == 2


# Editing a person.


def test_an_edit_with_its_reason_shows_in_the_history(client, staff, someone, unit_b):
    client.force_login(staff)
    url = reverse("people:person-update", args=[someone.pk])
    form = client.get(url).context["form"]
    assert form.initial["full_name"] == "Nguyễn Văn An" and form.initial["current_unit"] == someone.current_unit_id
    data = _person_data(full_name="Nguyễn Văn An", birth_date="02/04/1975", current_unit=unit_b.pk)
    response = client.post(url, {**data, "position": "Phó Giám đốc", "reason": "Điều động sang đơn vị B"})
    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.position == "Phó Giám đốc" and someone.current_unit == unit_b
    content = client.get(reverse("people:person-detail", args=[someone.pk])).content.decode()
    assert "Điều động sang đơn vị B" in content and "Phó Giám đốc" in content


def test_an_edit_without_reason_changes_nothing(client, staff, someone):
    client.force_login(staff)
    url = reverse("people:person-update", args=[someone.pk])
    response = client.post(url, _person_data(full_name="Nguyễn Văn Ánh", reason=""))
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    someone.refresh_from_db()
    assert someone.full_name == "Nguyễn Văn An"


def test_a_clerk_cannot_edit_another_units_person(client, clerk_b, someone):
    client.force_login(clerk_b)
    url = reverse("people:person-update", args=[someone.pk])
    assert client.post(url, _person_data(full_name="Đổi tên", reason="Thử")).status_code == 404
    someone.refresh_from_db()
    assert someone.full_name == "Nguyễn Văn An"


def test_a_clerk_edits_their_units_person_who_stays_in_the_unit(client, clerk_a, someone, unit_a, unit_b):
    client.force_login(clerk_a)
    url = reverse("people:person-update", args=[someone.pk])
    data = _person_data(full_name="Nguyễn Văn An", current_unit=unit_b.pk, id_number="020075000123", reason="Bổ sung")
    assert client.post(url, data).status_code == 302
    someone.refresh_from_db()
    assert someone.id_number == "020075000123" and someone.current_unit == unit_a


# Linking an award to a person.


def test_the_decision_page_links_recipients_to_their_person_and_unit(client, staff, clerk_a, someone, unit_a):
    decision = make_decision(
        recipients=[
            recipient(name="Nguyễn Văn An", unit=unit_a),
            recipient(name="Trần Thị Bình", unit=unit_a),
            recipient(recipient_kind="collective", name=unit_a.name, unit=unit_a),
        ]
    )
    linked, unlinked, _collective = decision.awards.order_by("line_no")
    PersonAward.objects.create(award=linked, person=someone)
    url = reverse("awards:decision-detail", args=[decision.pk])
    client.force_login(staff)
    content = client.get(url).content.decode()
    assert reverse("people:person-detail", args=[someone.pk]) in content
    assert reverse("people:unit-detail", args=[unit_a.pk]) in content
    assert reverse("people:award-link", args=[unlinked.pk]) in content
    client.force_login(clerk_a)  # reads the person and the unit, links nothing
    content = client.get(url).content.decode()
    assert reverse("people:person-detail", args=[someone.pk]) in content
    assert reverse("people:award-link", args=[unlinked.pk]) not in content


def test_linking_an_award_makes_it_appear_on_the_person_page(client, staff, someone, unit_a, unit_b):
    award = _individual_award(name="Nguyen Van An", unit=unit_a)
    namesake = person("Nguyễn Văn An", current_unit=unit_b)
    client.force_login(staff)
    url = reverse("people:award-link", args=[award.pk])
    candidates = client.get(url).context["candidates"]
    assert set(candidates) == {someone, namesake}
    response = client.post(url, {"person": someone.pk, "reason": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:decision-detail", args=[award.decision_id])
    assert PersonAward.objects.get(award=award).person == someone
    content = client.get(reverse("people:person-detail", args=[someone.pk])).content.decode()
    assert award.decision.number_and_symbol in content
    assert AuditLog.objects.filter(action="award.person_link", object_id=str(award.pk)).exists()


def test_linking_to_another_person_needs_a_reason(client, staff, someone, unit_b):
    award = _individual_award()
    namesake = person("Nguyễn Văn An", current_unit=unit_b)
    PersonAward.objects.create(award=award, person=someone)
    client.force_login(staff)
    url = reverse("people:award-link", args=[award.pk])
    response = client.post(url, {"person": namesake.pk, "reason": ""})
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    assert PersonAward.objects.get(award=award).person == someone
    assert client.post(url, {"person": namesake.pk, "reason": "Nhầm người cùng tên"}).status_code == 302
    assert PersonAward.objects.get(award=award).person == namesake


def test_a_draft_or_a_collective_award_has_no_person_to_link(client, staff, unit_a):
    draft = make_decision(recipients=[recipient()], issued=False).awards.get()
    collective = make_decision(recipients=[recipient(recipient_kind="collective", name="Phòng A")]).awards.get()
    client.force_login(staff)
    for award in (draft, collective):
        assert client.get(reverse("people:award-link", args=[award.pk])).status_code == 404


def test_a_new_person_from_an_award_is_prefilled_and_linked(client, staff, unit_a):
    award = _individual_award(name="Hoàng Thị Lan", unit=unit_a, position="Chuyên viên")
    client.force_login(staff)
    url = reverse("people:award-person-create", args=[award.pk])
    initial = client.get(url).context["form"].initial
    assert initial == {"full_name": "Hoàng Thị Lan", "current_unit": unit_a.pk, "position": "Chuyên viên"}
    data = _person_data(full_name="Hoàng Thị Lan", current_unit=unit_a.pk, position="Chuyên viên")
    response = client.post(url, data)
    assert response["Location"] == reverse("awards:decision-detail", args=[award.decision_id])
    assert PersonAward.objects.get(award=award).person.full_name == "Hoàng Thị Lan"


def test_a_new_person_refused_for_an_award_leaves_nothing(client, staff, someone):
    someone.id_number = "020075000123"
    someone.save()
    award = _individual_award(name="Hoàng Thị Lan")
    client.force_login(staff)
    response = client.post(
        reverse("people:award-person-create", args=[award.pk]),
        _person_data(full_name="Hoàng Thị Lan", id_number="020075000123", acknowledged=str(someone.pk)),
    )
    assert response.status_code == 400 and response.context["form"].errors["id_number"]
    assert Person.objects.count() == 1 and not PersonAward.objects.exists()


def test_the_person_page_offers_unlinked_awards_to_the_same_name(client, staff, leader, someone):
    award = _individual_award(name="nguyen van an")
    other = _individual_award(name="Nguyễn Văn Anh")
    client.force_login(staff)
    page = reverse("people:person-detail", args=[someone.pk])
    assert client.get(page).context["unlinked_awards"] is None  # looked for on request only
    looked = page + "?unlinked=1"
    assert client.get(looked).context["unlinked_awards"] == [award]
    response = client.post(reverse("people:award-link", args=[award.pk]), {"person": someone.pk, "next": looked})
    assert response["Location"] == looked
    assert client.get(looked).context["unlinked_awards"] == [] and not PersonAward.objects.filter(award=other).exists()
    client.force_login(leader)  # reads the page, links nothing
    assert client.get(looked).context["unlinked_awards"] is None


def test_the_decision_page_runs_the_same_queries_for_3_and_30_linked_people(client, staff, unit_a):
    def decision(count):
        made = make_decision(recipients=[recipient(name=f"Người {i}", unit=unit_a) for i in range(count)])
        for award in made.awards.all():
            PersonAward.objects.create(award=award, person=person(award.recipient_name, current_unit=unit_a))
        return reverse("awards:decision-detail", args=[made.pk])

    few, many = decision(3), decision(30)
    client.force_login(staff)
    _queries(client, few)
    assert _queries(client, few) == _queries(client, many)


# Linking a nominee to a person.


def test_linking_a_nominee_from_the_dossier_page(client, staff, clerk_a, someone, unit_a):
    dossier = _dossier(unit_a)
    nomination = dossier.nominations.get(recipient_kind="individual")
    client.force_login(staff)
    page = reverse("awards:dossier-detail", args=[dossier.pk])
    url = reverse("people:nomination-link", args=[nomination.pk])
    assert url in client.get(page).content.decode()
    assert list(client.get(url).context["candidates"]) == [someone]
    assert client.post(url, {"person": someone.pk, "reason": "Cùng đơn vị, cùng chức vụ"})["Location"] == page
    nomination.refresh_from_db()
    assert nomination.person == someone
    content = client.get(page).content.decode()
    assert reverse("people:person-detail", args=[someone.pk]) in content and "Cùng đơn vị, cùng chức vụ" in content
    assert dossier.title in client.get(reverse("people:person-detail", args=[someone.pk])).content.decode()
    client.force_login(clerk_a)  # the clerk opens the person's page, and links nothing
    content = client.get(page).content.decode()
    assert reverse("people:person-detail", args=[someone.pk]) in content and url not in content


def test_a_new_person_from_a_nominee_takes_the_dossiers_unit(client, staff, unit_a):
    nomination = _dossier(unit_a).nominations.get(recipient_kind="individual")
    client.force_login(staff)
    url = reverse("people:nomination-person-create", args=[nomination.pk])
    assert client.get(url).context["form"].initial["current_unit"] == unit_a.pk
    client.post(url, _person_data(full_name="Nguyễn Văn An", current_unit=unit_a.pk))
    nomination.refresh_from_db()
    assert nomination.person.full_name == "Nguyễn Văn An" and nomination.person.current_unit == unit_a


def test_a_rewritten_nominee_list_keeps_the_person_of_each_individual(someone, unit_a):
    dossier = _dossier(unit_a, status=Dossier.Status.RETURNED)
    dossier.nominations.filter(recipient_kind="individual").update(person=someone)
    fields = DossierFields(unit=unit_a, commendation_kind=kind("regular"), year=2017, title="Đề nghị (sửa)")
    nominees = [
        NomineeFields("individual", "Lò Thị Mai", award_type("BK_TINH"), "Tiêu biểu"),
        NomineeFields("individual", "Nguyễn Văn An", award_type("BK_TINH"), "Hoàn thành xuất sắc nhiệm vụ"),
    ]
    dossier_update(actor=None, dossier=dossier, fields=fields, nominees=nominees)
    people = dict(dossier.nominations.values_list("recipient_name", "person"))
    assert people == {"Lò Thị Mai": None, "Nguyễn Văn An": someone.pk}


def test_a_collective_nominee_or_a_merged_record_is_refused_and_the_database_agrees(someone, unit_a):
    dossier = _dossier(unit_a)
    collective = dossier.nominations.get(recipient_kind="collective")
    with pytest.raises(ValidationError):
        nomination_person_link(actor=None, nomination=collective, person=someone)
    merged = Person.objects.create(full_name="Nguyen Van An", merged_into=someone)
    with pytest.raises(ValidationError):
        nomination_person_link(
            actor=None, nomination=dossier.nominations.get(recipient_kind="individual"), person=merged
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        dossier.nominations.filter(pk=collective.pk).update(person=someone)
    assert not dossier.nominations.filter(person__isnull=False).exists()


def test_a_clerk_does_not_get_a_link_to_another_units_person(client, clerk_a, unit_a, unit_b):
    elsewhere = person("Nguyễn Văn An", current_unit=unit_b)
    award = _individual_award(unit=unit_a)
    PersonAward.objects.create(award=award, person=elsewhere)
    client.force_login(clerk_a)
    content = client.get(reverse("awards:decision-detail", args=[award.decision_id])).content.decode()
    assert "Nguyễn Văn An" in content and reverse("people:person-detail", args=[elsewhere.pk]) not in content


@pytest.mark.parametrize("name", ["people:person-detail", "people:unit-detail", "people:award-link"])
def test_urls_made_once_per_page_are_those_reverse_gives(name):
    from awards.people.selectors import url_maker

    made = url_maker(name)
    for pk in (1, 10, 290, 1000007):
        assert made(pk) == reverse(name, args=[pk])
