"""The demo's campaigns (report 235/BC-UBND), covenants and registrations: loaded once, linked to the decisions
the seed names, idempotent, and linked to their launching documents when the register has them."""

import datetime

import pytest

from audit.models import AuditLog
from awards.models import Decision
from campaigns.models import Campaign, Covenant, Document, Registration
from clusters.models import Cluster
from thiduakhenthuong.demo import decisions_load, demo_load, organisation_load
from thiduakhenthuong.demo_campaigns import campaigns_load

pytestmark = pytest.mark.django_db


def _decision(symbol_number):
    return Decision.objects.select_related("campaign").get(number=symbol_number, symbol="QĐ-UBND", date__year=2018)


def test_the_demo_has_the_seeds_campaigns_with_their_decisions_and_loading_again_adds_nothing(demo):
    first = demo  # what demo_load() reported when it loaded the demo database
    assert first["campaigns"] == Campaign.objects.count() == 13
    assert first["covenants"] == 20 and first["registrations"] == 15

    provincial = Campaign.objects.get(
        name="Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ, mục tiêu phát triển kinh tế - xã hội, "
        "quốc phòng, an ninh năm 2018"
    )
    assert (provincial.level, provincial.start_date) == ("provincial", datetime.date(2018, 1, 15))
    ntm = Campaign.objects.get(name="Lạng Sơn cùng cả nước chung sức xây dựng nông thôn mới")
    assert ntm.parent.name == "Cả nước chung sức xây dựng nông thôn mới" and ntm.parent.level == "central"
    poverty = Campaign.objects.get(
        name="Lạng Sơn cùng cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"
    )
    anniversary = Campaign.objects.get(level="provincial", name__contains="70 năm")
    assert anniversary.parent.organiser == "Ban Bí thư Trung ương Đảng" and anniversary.status == "closed"
    assert Campaign.objects.filter(name="Doanh nghiệp Lạng Sơn hội nhập và phát triển").exists()
    assert Campaign.objects.filter(name__startswith="Đổi mới phát triển các hợp tác xã nông nghiệp").exists()
    units = set(Campaign.objects.filter(level="unit").values_list("organising_unit__name", flat=True))
    assert {"Sở Tư pháp", "Sở Y tế"} <= units

    assert {_decision(n).campaign for n in (162, 247, 455)} == {ntm}
    poverty_decision = _decision(418)
    assert poverty_decision.campaign == poverty
    kinds = list(poverty_decision.awards.values_list("recipient_kind", flat=True))
    assert (kinds.count("collective"), kinds.count("individual")) == (20, 16)
    assert _decision(1050).campaign == anniversary
    assert _decision(230).campaign.name == "Doanh nghiệp Lạng Sơn hội nhập và phát triển"
    assert _decision(37).campaign is None

    assert Covenant.objects.filter(cluster__year=2018).count() == Cluster.objects.filter(year=2018).count() == 20
    assert Registration.objects.filter(year=2018, campaign__isnull=True).count() == 12
    # Launching documents come from the document register, loaded before the campaigns.
    assert provincial.launching_document.number_symbol == "01/PĐ-UBND"
    assert anniversary.launching_document.number_symbol == "63/KH-UBND"
    assert anniversary.parent.launching_document.direction == "received"

    entries = AuditLog.objects.count()
    again = demo_load()
    assert (again["decisions"], again["campaigns"], again["covenants"], again["registrations"]) == (0, 0, 0, 0)
    assert AuditLog.objects.count() == entries


def test_a_launching_document_registered_later_is_linked_by_the_next_run():
    # The campaigns without the document register: the loader creates no document and links none.
    organisation_load()
    decisions_load()
    campaigns_load()
    assert not Document.objects.exists()
    document = Document.objects.create(
        number=1,
        symbol="PĐ-UBND",
        type_code="PĐ",
        issuer_code="UBND",
        date=datetime.date(2018, 1, 15),
        issued_by="UBND tỉnh",
        summary="về Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ, mục tiêu phát triển kinh tế - xã hội, "
        "quốc phòng, an ninh năm 2018",
    )
    assert campaigns_load()["launching_documents"] == 1
    campaign = Campaign.objects.get(launching_document=document)
    assert campaign.start_date == datetime.date(2018, 1, 15)
    entry = AuditLog.objects.filter(action="campaign.update", object_id=str(campaign.pk)).get()
    assert (entry.before["launching_document"], entry.after["launching_document"]) == (None, "01/PĐ-UBND")
    assert campaigns_load() == {"campaigns": 0, "launching_documents": 0, "covenants": 0, "registrations": 0}
