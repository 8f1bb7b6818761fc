"""Classified data for the annual statistical forms: awards with their classes, campaigns, bodies, officers."""

import datetime

from awards.decisions.services import decision_annul
from awards.models import AwardClassification, CommendationBody, CommendationOfficer
from campaigns.models import Campaign
from tests.campaigns.factories import make_campaign
from tests.factories import UnitFactory, make_decision, recipient

D = datetime.date
CENTRAL = "central"
BORN, IN_THE_WORK_SINCE = datetime.date(1990, 1, 1), datetime.date(2020, 1, 1)
SYMBOL = {"president": "QĐ-CTN", "prime_minister": "QĐ-TTg", "provincial_chair": "QĐ-UBND"}


def classify(award, **classes):
    return AwardClassification.objects.create(award=award, **classes)


def awarded(*, authority, date, rows, issued=True):
    """A decision of `authority` dated `date`; rows are (award type, kind, recipient kind, classes)."""
    decision = make_decision(
        authority=authority,
        symbol=SYMBOL[authority],
        date=date,
        issued=issued,
        recipients=[
            recipient(code, kind_code=kind, recipient_kind=recipient_kind, name=f"Người nhận {i}")
            for i, (code, kind, recipient_kind, _) in enumerate(rows)
        ],
    )
    for award, (_, _, _, classes) in zip(decision.awards.order_by("line_no"), rows, strict=True):
        if classes is not None:
            classify(award, **classes)
    return decision


def state_awards_2024():
    """Statistical year 2024 (01/12/2023–30/11/2024): four State awards counted, four left out."""
    awarded(
        authority="president",
        date=D(2024, 3, 1),
        rows=[
            ("HC_LAO_DONG_3", "merit", "collective", {"is_enterprise": True, "proposing_body": "province"}),
            ("HC_LAO_DONG_3", "merit", "individual", {"individual_class": "direct_worker", "proposing_body": CENTRAL}),
        ],
    )
    awarded(
        authority="prime_minister",
        date=D(2024, 11, 30),
        rows=[("BK_TTCP", "merit", "individual", None), ("BK_TTCP", "ad_hoc", "family", {})],
    )
    awarded(authority="prime_minister", date=D(2023, 11, 30), rows=[("BK_TTCP", "regular", "individual", None)])
    annulled = awarded(authority="prime_minister", date=D(2024, 5, 1), rows=[("CSTD_TQ", "merit", "individual", None)])
    decision_annul(actor=None, decision=annulled, reason="Nhầm đối tượng")
    awarded(authority="president", date=D(2024, 6, 1), rows=[("GT_NN", "merit", "individual", None)], issued=False)
    awarded(authority="provincial_chair", date=D(2024, 4, 1), rows=[("BK_TINH", "merit", "individual", None)])


def campaign(*, start, end=None, level=Campaign.Level.PROVINCIAL, scope="", method="", duration_class=""):
    """Made as a provincial campaign, then given its level and classes (a unit-level one needs its unit)."""
    made = make_campaign(start_date=start, end_date=end)
    unit = UnitFactory() if level == Campaign.Level.UNIT else None
    Campaign.objects.filter(pk=made.pk).update(
        level=level, organising_unit=unit, scope=scope, method=method, duration_class=duration_class
    )
    return made


def officer(body, *, sex="female", born=BORN, training="university", since=IN_THE_WORK_SINCE, **extra):
    return CommendationOfficer.objects.create(
        body=body,
        full_name=f"Cán bộ {CommendationOfficer.objects.count() + 1}",
        sex=sex,
        birth_date=born,
        training=training,
        in_commendation_work_since=since,
        joined_on=extra.pop("joined_on", since),
        **extra,
    )


def body(kind="home_affairs_board", **extra):
    return CommendationBody.objects.create(name=f"Ban {CommendationBody.objects.count() + 1}", kind=kind, **extra)
