"""The row limits of the long lists (a dossier's nominees, a decision's recipients): a full list with rows removed
and added is read whole, and its kept rows alone are held to the limit."""

import datetime
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from awards.decisions.forms import MAX_ROWS_POSTED, RecipientForm, RecipientFormSet, recipient_formset
from awards.models import Dossier
from awards.nominations.nominee_forms import NomineeForm
from awards.nominations.nominees import MAX_NOMINEES
from tests.awards.nominee_helpers import dossier_form, row
from tests.factories import award_type, kind

pytestmark = pytest.mark.django_db


def _recipients(names, *, removed=(), initial=0) -> dict:
    data = {"r-TOTAL_FORMS": str(len(names)), "r-INITIAL_FORMS": str(initial), "r-MIN_NUM_FORMS": "0"}
    for index, name in enumerate(names):
        data |= {
            f"r-{index}-award_type": award_type("BK_TINH").pk,
            f"r-{index}-commendation_kind": kind("regular").pk,
            f"r-{index}-recipient_kind": "individual",
            f"r-{index}-recipient_name": name,
        }
        if index in removed:
            data[f"r-{index}-DELETE"] = "on"
    return data


def test_the_decision_formset_keeps_the_limit_and_leaves_room_for_removed_rows():
    assert RecipientFormSet.max_num == MAX_ROWS_POSTED and RecipientFormSet.absolute_max == 2 * MAX_ROWS_POSTED
    formset_class = recipient_formset(3)
    # 3 rows on the decision, the last removed, one added: 4 sent, 3 kept.
    data = _recipients(["A", "B", "C", "D"], removed={2}, initial=3)

    formset = formset_class(data, prefix="r")

    assert formset.is_valid(), formset.non_form_errors()
    assert [f.cleaned_data["recipient_name"] for f in formset.kept_forms()] == ["A", "B", "D"]


def test_the_decision_formset_refuses_more_kept_rows_than_the_limit():
    formset = recipient_formset(3)(_recipients(["A", "B", "C", "D"], initial=3), prefix="r")

    assert not formset.is_valid() and formset.non_form_errors()


# The largest bodies a browser sends: every text at its longest, in a letter of 3 bytes in UTF-8 (sent as %XX%XX%XX).
LETTER = "ệ"


def _longest(form_class, name) -> str:
    return LETTER * form_class.base_fields[name].max_length


def test_a_full_dossier_at_the_longest_is_not_refused_for_its_size(client, clerk_a):
    client.force_login(clerk_a)
    texts = {name: _longest(NomineeForm, name) for name in ("position", "achievements")}
    rows = [row(_longest(NomineeForm, "recipient_name"), **texts) for _index in range(MAX_NOMINEES)]
    body = urlencode(dossier_form(rows))  # as a browser sends the form

    response = client.post(reverse("awards:dossier-create"), body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 302  # not Django's bare 400 (RequestDataTooBig)
    assert Dossier.objects.get().nominations.count() == MAX_NOMINEES


def test_a_full_decision_at_the_longest_fits_in_the_limits():
    data = _recipients([_longest(RecipientForm, "recipient_name")] * MAX_ROWS_POSTED)
    for index in range(MAX_ROWS_POSTED):
        data |= {
            f"r-{index}-position": _longest(RecipientForm, "position"),
            f"r-{index}-workplace": _longest(RecipientForm, "workplace"),
            f"r-{index}-is_grassroots": "on",
        }
    data |= {"number_and_symbol": "x" * 80, "signer_name": LETTER * 128, "signer_title": LETTER * 128}
    data |= {"summary": LETTER * 2000, "date": "31/12/2017", "authority": "1", "campaign": "1"}
    request = RequestFactory().post("/", urlencode(data), content_type="application/x-www-form-urlencoded")

    assert len(request.POST) == len(data)  # Django's limits (RequestDataTooBig, TooManyFieldsSent) would raise
    assert int(request.META["CONTENT_LENGTH"]) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_both_row_editors_share_the_catalog_rows_formset(clerk_a):
    from awards.nominations.nominee_forms import NomineeFormSet
    from kernel.forms import CatalogRowsFormSet

    nominees = NomineeFormSet(prefix="n", user=clerk_a, dossier=None, on=datetime.date(2017, 6, 1))
    recipients = RecipientFormSet(prefix="r")
    for formset in (nominees, recipients):
        assert isinstance(formset, CatalogRowsFormSet)
        assert formset.empty_form.fields["award_type"].lookup is formset.catalog.award_types
    assert 'class="delete-row"' in str(nominees.forms[0]["DELETE"])
    assert str(recipients.empty_form["DELETE"]).startswith('<input type="checkbox" name="r-__prefix__-DELETE"')
