import io

import pytest
from django.core.management import call_command

from awards.models import AwardType

pytestmark = pytest.mark.django_db


def test_the_catalog_holds_every_award_line_of_the_seed_and_the_law():
    codes = set(AwardType.objects.values_list("code", flat=True))
    assert {
        "HC_DOC_LAP_3",
        "HC_LAO_DONG_3",
        "NGUT",
        "HC_KHANG_CHIEN_1",
        "HCH_KHANG_CHIEN_2",
        "BMVNAH",
        "BK_TTCP",
        "CO_TD_CP",
        "KNC_TU_DAY",
        "CO_TD_TINH",
        "TTLDXS",
        "DVQT",
        "CSTD_TINH",
        "BK_TINH",
    } <= codes
    assert AwardType.objects.count() == 70
    flag = AwardType.objects.get(code="CO_TD_TINH")
    assert flag.allowed_recipient_kinds == ["collective"] and [a.code for a in flag.grantors.all()] == [
        "provincial_chair"
    ]


def test_reloading_keeps_what_administrators_changed_unless_asked_to_update():
    ngut = AwardType.objects.get(code="NGUT")
    ngut.name = "Nhà giáo Ưu tú (tên do quản trị sửa)"
    ngut.save()
    call_command("load_catalog", stdout=io.StringIO())
    assert AwardType.objects.get(code="NGUT").name == "Nhà giáo Ưu tú (tên do quản trị sửa)"
    call_command("load_catalog", "--update", stdout=io.StringIO())
    assert AwardType.objects.get(code="NGUT").name == "Nhà giáo Ưu tú"


def test_every_kind_of_commendation_maps_to_a_method_of_the_statistics_forms_but_the_unverified_one():
    """The 2022 law's kinds count under the forms' seven methods (công trạng as thường xuyên, phong trào as
    chuyên đề); the family of martyrs, whose method the notes do not give, stays "not classified"."""
    from awards.models import CommendationKind

    methods = dict(CommendationKind.objects.values_list("code", "statistics_method"))
    assert methods["merit"] == methods["regular"] == "regular"
    assert methods["campaign"] == methods["thematic"] == "thematic"
    assert {methods[code] for code in ("ad_hoc", "foreign", "dedication", "seniority", "resistance")} == {
        "ad_hoc",
        "foreign",
        "dedication",
        "seniority",
        "resistance",
    }
    assert methods["martyr_family"] == ""
