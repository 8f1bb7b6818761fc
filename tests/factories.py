"""Factories for the tests. Decisions are built through the services, so they look like real ones."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from awards.models import Authority, AwardType, CommendationKind, Decision
from awards.services import DecisionFields, RecipientFields, decision_create, decision_issue
from campaigns.models import Issuer
from clusters.models import Bloc, Cluster, ClusterMembership, Unit
from thiduakhenthuong.lib.symbols import parse_symbol
from thiduakhenthuong.roles import SECRETARIAT, roles_ensure


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("mat-khau-thu-nghiem")


def secretariat_user(**kwargs):
    roles_ensure()
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    name = factory.Sequence(lambda n: f"Khối thi đua {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị số {n}")
    kind = Unit.Kind.PROVINCIAL_AGENCY


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    year = 2018
    bloc = factory.SubFactory(BlocFactory)
    name = factory.Sequence(lambda n: f"Cụm thi đua {n}")


def membership(*, cluster, unit, role=ClusterMembership.Role.MEMBER):
    return ClusterMembership.objects.create(cluster=cluster, unit=unit, year=cluster.year, role=role)


def award_type(code):
    return AwardType.objects.get(code=code)


def kind(code):
    return CommendationKind.objects.get(code=code)


def recipient(
    code="BK_TINH", kind_code="regular", recipient_kind="individual", name="Hoàng Văn Phong", grassroots=False, **extra
):
    return RecipientFields(
        award_type=award_type(code),
        commendation_kind=kind(kind_code),
        recipient_kind=recipient_kind,
        recipient_name=name,
        is_grassroots=grassroots,
        **extra,
    )


_numbers = iter(range(1, 10**7))


def decision_fields(
    *, number=None, symbol="QĐ-UBND", date=datetime.date(2018, 3, 1), authority="provincial_chair", campaign=None
):
    authority = Authority.objects.select_related("issuer").get(code=authority)
    issuer = Issuer.objects.get(code=parse_symbol(f"1/{symbol}").issuer_code)
    return DecisionFields(
        issuer=issuer,
        authority=authority,
        number=next(_numbers) if number is None else number,
        symbol=symbol,
        date=date,
        summary="Về việc tặng Bằng khen",
        signer_name="Hồ Tiến Thiệu",
        signer_title="Phó Chủ tịch",
        campaign=campaign,
    )


def make_decision(*, recipients=None, issued=True, actor=None, **fields) -> Decision:
    decision = decision_create(actor=actor, fields=decision_fields(**fields), recipients=recipients or [recipient()])
    return decision_issue(actor=actor, decision=decision) if issued else decision
