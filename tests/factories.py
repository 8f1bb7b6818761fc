"""Factories for the tests. Decisions are built through the services, so they look like real ones."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from awards.decisions.services import DecisionFields, RecipientFields, decision_create, decision_issue
from awards.models import Authority, AwardType, CommendationKind, Decision
from campaigns.models import Issuer
from clusters.models import Bloc, Cluster, ClusterMembership, Unit
from kernel.lib.symbols import parse_symbol
from kernel.roles import ROLE_PERMISSIONS, SECRETARIAT, roles_ensure
from reports.models import Report
from reports.selectors import appendix2_layout_default, award_summary_layout_default
from reports.services import ReportFields, SectionFields, report_create, report_issue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("mat-khau-thu-nghiem")


def roles_ready() -> None:
    """The role groups with exactly their listed permissions, as roles_ensure() leaves them: in one query when
    they are so already (the catalog loaded with the test database holds them), by roles_ensure() otherwise (a
    transactional test emptied the database, or the test changed a role). roles_ensure() itself runs a query
    per permission, about 120, which every persona of every test paid."""
    held = {name: set() for name in ROLE_PERMISSIONS}
    rows = Group.objects.filter(name__in=ROLE_PERMISSIONS).values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    )
    found = set()
    for name, app_label, codename in rows:
        found.add(name)
        if codename is not None:
            held[name].add(f"{app_label}.{codename}")
    if found != set(ROLE_PERMISSIONS) or any(held[name] != set(perms) for name, perms in ROLE_PERMISSIONS.items()):
        roles_ensure()


def secretariat_user(**kwargs):
    roles_ready()
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
    *,
    number=None,
    unnumbered=False,
    symbol="QĐ-UBND",
    date=datetime.date(2018, 3, 1),
    authority="provincial_chair",
    campaign=None,
    summary="Về việc tặng Bằng khen",
):
    """`unnumbered`: a draft waiting for the register's next number (given when it is issued)."""
    authority = Authority.objects.select_related("issuer").get(code=authority)
    issuer = Issuer.objects.get(code=parse_symbol(f"1/{symbol}").issuer_code)
    return DecisionFields(
        issuer=issuer,
        authority=authority,
        number=None if unnumbered else next(_numbers) if number is None else number,
        symbol=symbol,
        date=date,
        summary=summary,
        signer_name="Hồ Tiến Thiệu",
        signer_title="Phó Chủ tịch",
        campaign=campaign,
    )


def make_decision(*, recipients=None, issued=True, actor=None, **fields) -> Decision:
    decision = decision_create(actor=actor, fields=decision_fields(**fields), recipients=recipients or [recipient()])
    return decision_issue(actor=actor, decision=decision) if issued else decision


# Reports. A long narrative, so that the PDF runs over several pages: page numbers, footnotes, margins.
LONG_PARAGRAPH = (
    "Trong 6 tháng đầu năm, các cấp, các ngành trong tỉnh Lạng Sơn đã tập trung chỉ đạo, tổ chức thực hiện các "
    "phong trào thi đua yêu nước gắn với nhiệm vụ chính trị được giao, khơi dậy tinh thần đoàn kết, sáng tạo của "
    "cán bộ, công chức, viên chức và Nhân dân các dân tộc; công tác khen thưởng bảo đảm đúng đối tượng, tiêu chuẩn."
)


def report_fields(*, number_symbol="235/BC-UBND", date=datetime.date(2018, 7, 10), **overrides) -> ReportFields:
    values = {
        "kind": "half_year",
        "period_start": datetime.date(2017, 12, 20),
        "period_end": datetime.date(2018, 6, 20),
        "number_symbol": number_symbol,
        "place": "Lạng Sơn",
        "date": date,
        "issuing_body": "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN",
        "issuing_body_name": "Ủy ban nhân dân tỉnh Lạng Sơn",
        "summary": "Sơ kết phong trào thi đua, công tác khen thưởng 6 tháng đầu năm",
        "signature_lines": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": "Hồ Tiến Thiệu",
        "recipients": "- Ban TĐKT Trung ương;\n- Lưu: VT, KG-VX.",
        "appendix2_layout": appendix2_layout_default(),
        "summary_layout": award_summary_layout_default(),
    }
    values.update(overrides)
    return ReportFields(**values)


def long_sections(*, paragraphs=24, footnote_every=6) -> list[SectionFields]:
    body = "\n\n".join(
        LONG_PARAGRAPH
        + (f"[^Chú thích số {i // footnote_every + 1} của đoạn {i + 1}.]" if i % footnote_every == 5 else "")
        for i in range(paragraphs)
    )
    return [
        SectionFields("none", "", LONG_PARAGRAPH),
        SectionFields("level1", "III. CÔNG TÁC KHEN THƯỞNG", "[[cap-tinh]]\n\nCụ thể: [[ty-le-co-so]]"),
        SectionFields("level2", "1. Kết quả", body),
    ]


def make_report(*, sections=None, issued=False, actor=None, **fields) -> Report:
    report = report_create(
        actor=actor, fields=report_fields(**fields), sections=long_sections() if sections is None else sections
    )
    return report_issue(actor=actor, report=report) if issued else report
