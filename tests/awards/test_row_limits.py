"""The row limits of the long lists (a dossier's nominees, a decision's recipients): a full list with rows removed
and added is read whole, and its kept rows alone are held to the limit."""

import pytest

from awards.decisions.forms import MAX_RECIPIENTS, RecipientFormSet, recipient_formset
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
    assert RecipientFormSet.max_num == MAX_RECIPIENTS and RecipientFormSet.absolute_max == 2 * MAX_RECIPIENTS
    formset_class = recipient_formset(3)
    # 3 rows on the decision, the last removed, one added: 4 sent, 3 kept.
    data = _recipients(["A", "B", "C", "D"], removed={2}, initial=3)

    formset = formset_class(data, prefix="r")

    assert formset.is_valid(), formset.non_form_errors()
    assert [f.cleaned_data["recipient_name"] for f in formset.kept_forms()] == ["A", "B", "D"]


def test_the_decision_formset_refuses_more_kept_rows_than_the_limit():
    formset = recipient_formset(3)(_recipients(["A", "B", "C", "D"], initial=3), prefix="r")

    assert not formset.is_valid() and formset.non_form_errors()
