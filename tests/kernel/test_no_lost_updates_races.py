"""No lost updates, the narrow cases: a save landing while another user's edit page is being built (its form
already read, its version field not yet made), and a person linked to a nominee while the dossier's form is open
(the form carries each nominee's person). Each time the later save of the form must be refused (409), never
write over what was saved in between."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

import awards.decisions.views as decision_views
import kernel.edit_versions as edit_versions
from awards.models import Dossier, PersonAward
from awards.nominations.services import dossier_return
from awards.people.services import award_person_link, imported_nominations_link, nomination_person_link
from clusters.models import Person
from clusters.selectors import PersonWanted
from tests.kernel.test_no_lost_updates import _dossier, _draft, _opened, _session, _two_staff

pytestmark = pytest.mark.django_db
SIGNER = "Lý Vinh Quang"
TITLE = "Phó Chủ tịch Thường trực"


def _token(response) -> str:
    return re.search(r'name="version" value="([^"]+)"', response.content.decode())[1]


def _once_before(monkeypatch, module, name: str, save) -> list:
    """`module.name` runs `save` first, the first time only: someone else's save landing at that moment."""
    real, fired = getattr(module, name), []

    def hooked(*args, **kwargs):
        if not fired:
            fired.append(None)  # first: the save itself passes here
            fired[0] = save()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, hooked)
    return fired


@pytest.mark.parametrize(
    "moment",
    [
        (edit_versions.EditGuard, "__init__"),  # after the form read the draft, before the version field is made
        (decision_views, "render"),  # while the page is rendered
    ],
    ids=["before-the-version-field", "while-rendering"],
)
def test_a_save_landing_while_a_page_is_built_makes_that_page_out_of_date(staff, monkeypatch, moment):
    draft = _draft()
    a, b = _two_staff(staff)
    url = reverse("awards:decision-edit", args=[draft.pk])
    b_page = _opened(b, url)
    fired = _once_before(monkeypatch, *moment, lambda: b.post(url, {**b_page, "signer_name": SIGNER}).status_code)

    a_page = _opened(a, url)

    assert fired == [302]
    assert a_page["signer_name"] == "Hồ Tiến Thiệu"  # A's form shows the draft as it was before B's save
    response = a.post(url, {**a_page, "summary": "Về việc tặng Bằng khen cho tập thể"})
    assert response.status_code == 409
    draft.refresh_from_db()
    assert (draft.signer_name, draft.summary, draft.version) == (SIGNER, "Về việc tặng Bằng khen", 2)


def test_the_refused_page_carries_the_version_its_table_shows(staff, monkeypatch):
    draft = _draft()
    a, b = _two_staff(staff)
    url = reverse("awards:decision-edit", args=[draft.pk])
    a_page, b_page = _opened(a, url), _opened(b, url)
    assert b.post(url, {**b_page, "signer_name": SIGNER}).status_code == 302
    b_again = _opened(b, url)
    # B saves again after A's refusal read what changed, while A's page is rendered.
    fired = _once_before(
        monkeypatch, decision_views, "render", lambda: b.post(url, {**b_again, "signer_title": TITLE}).status_code
    )

    refused = a.post(url, {**a_page, "summary": "Bản của A"})

    assert (refused.status_code, fired) == (409, [302])
    shown = [change.current for change in refused.context["edit"].conflict.fields]
    assert SIGNER in shown and TITLE not in shown  # the table A read predates B's second save
    again = a.post(url, {**a_page, "summary": "Bản của A", "version": _token(refused)})
    assert again.status_code == 409  # the token matches the table A read: B's second save is not overwritten
    draft.refresh_from_db()
    assert (draft.signer_name, draft.signer_title, draft.version) == (SIGNER, TITLE, 3)


def _returned_dossier(unit):
    dossier = _dossier(unit)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.SUBMITTED, submitted_at=timezone.now())
    dossier_return(actor=None, dossier=dossier, reason="Thiếu biên bản")
    return dossier


@pytest.mark.parametrize("linker", ["one", "import"])
def test_a_person_linked_while_the_dossier_form_is_open_is_not_unlinked_by_its_save(clerk_a, unit_a, staff, linker):
    dossier = _returned_dossier(unit_a)
    clerk = _session(clerk_a)
    url = reverse("awards:dossier-edit", args=[dossier.pk])
    clerk_page = _opened(clerk, url)
    nominee = dossier.nominations.get(recipient_name="Hoàng Văn Phong")
    person = Person.objects.create(full_name="Hoàng Văn Phong", current_unit=unit_a)

    if linker == "one":  # staff, from the people page
        nomination_person_link(actor=staff, nomination=nominee, person=person)
    else:  # the rows an import added, found among people
        wanted = PersonWanted(full_name="Hoàng Văn Phong", unit_id=unit_a.pk)
        assert imported_nominations_link(actor=staff, dossier=dossier, rows=[(nominee, wanted)], reason="").linked
    response = clerk.post(url, {**clerk_page, "title": "Đề nghị mới"})

    assert response.status_code == 409
    assert "Hoàng Văn Phong" in response.context["edit"].conflict.rows.changed  # the row's person changed
    nominee.refresh_from_db()
    assert nominee.person == person
    assert Dossier.objects.get(pk=dossier.pk).title == "Đề nghị năm 2017"


def test_a_person_linked_to_a_draft_row_while_its_form_is_open_is_kept_by_its_save(staff):
    """A decision's form does not show people and its save keeps each row's person: no conflict to raise."""
    draft = _draft()
    a = _session(staff)
    url = reverse("awards:decision-edit", args=[draft.pk])
    a_page = _opened(a, url)
    award = draft.awards.get(recipient_name="Hoàng Văn Phong")
    person = Person.objects.create(full_name="Hoàng Văn Phong")

    award_person_link(actor=staff, award=award, person=person)
    assert a.post(url, {**a_page, "summary": "Về việc tặng Bằng khen cho tập thể"}).status_code == 302

    link = PersonAward.objects.get(award__decision=draft, award__recipient_name="Hoàng Văn Phong")
    assert link.person == person
