"""An illustrative statistical year under today's regime: 2024 (01/12/2023–30/11/2024, Thông tư 02/2023/TT-BNV),
so that every form of the annual statistics has figures. The 2018 demo stays as it is; this only adds.

Decisions (issued, with classified awards covering every class of individual, collectives that are and are not
enterprises, families, State awards proposed by the province and by a central body, every method of the forms),
campaigns (every scope, duration class and method), and the province's emulation and commendation bodies and
officers. All of it made up and marked so: decisions and the apparatus through `is_illustrative`, campaigns
(which have no such field) by "(minh họa)" in their names. Loaded through the same services staff use, so each
row has its audit entry. Idempotent: decisions are matched by issuer, number, symbol and year, campaigns by name,
bodies by name, officers by name and body."""

import datetime
from typing import NamedTuple

from awards.decisions.services import DecisionFields, RecipientFields, decision_create, decision_issue
from awards.models import Authority, AwardType, CommendationBody, CommendationKind, CommendationOfficer, Decision
from awards.statistics.apparatus import (
    BodyFields,
    OfficerFields,
    commendation_body_create,
    commendation_officer_create,
)
from campaigns.models import Campaign, Issuer
from campaigns.services import CampaignFields, campaign_create
from clusters.models import Unit

D = datetime.date
REASON = "Nạp dữ liệu minh họa năm thống kê 2024 (manage.py load_demo)"
MARK = " (minh họa)"
STATISTICAL_YEAR = 2024


class Row(NamedTuple):
    """One illustrative recipient: award, kind (2022 law), recipient kind, name, position, workplace, and its
    classes (class of individual, enterprise, proposing body)."""

    award: str
    kind: str
    recipient_kind: str
    name: str
    position: str = ""
    workplace: str = ""
    grassroots: bool = False
    individual_class: str = ""
    is_enterprise: bool | None = None
    proposing_body: str = ""


def _person(award, kind, name, position, workplace, klass, *, grassroots=False, body=""):
    return Row(award, kind, "individual", name, position, workplace, grassroots, klass, None, body)


def _collective(award, kind, name, workplace, *, enterprise, grassroots=False, body=""):
    return Row(award, kind, "collective", name, "", workplace, grassroots, "", enterprise, body)


def _family(award, kind, name, workplace, *, body=""):
    return Row(award, kind, "family", name, "", workplace, True, "", None, body)


# Made-up signers, marked as such: the decisions are illustrative, and no real office-holder signed them.
SIGNER = ("Hoàng Minh Đức (minh họa)", "Phó Chủ tịch")
DECISIONS = [
    (
        "215/QĐ-UBND",
        D(2024, 2, 5),
        "provincial_chair",
        "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh cho các tập thể, cá nhân có thành tích xuất sắc năm 2023",
        SIGNER,
        None,
        [
            _person("BK_TINH", "merit", "Hoàng Văn Quân", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh", "high_leader"),
            _person("BK_TINH", "merit", "Lương Thị Mai", "Giám đốc", "Sở Tài chính", "department_leader"),
            _person("BK_TINH", "merit", "Vi Đức Thắng", "Phó Giám đốc", "Sở Y tế", "department_leader"),
            _person("BK_TINH", "merit", "Nông Thị Hạnh", "Trưởng phòng", "Sở Nội vụ", "other_leader"),
            _person("BK_TINH", "merit", "Lăng Văn Hưng", "Phó Trưởng phòng", "Sở Xây dựng", "other_leader"),
            _person(
                "BK_TINH", "merit", "Hà Thị Thủy", "Giáo viên", "Trường THPT Việt Bắc", "direct_worker", grassroots=True
            ),
            _person(
                "BK_TINH",
                "merit",
                "Lý Văn Sơn",
                "Công nhân",
                "Công ty Cổ phần Xi măng Đồng Bành",
                "direct_worker",
                grassroots=True,
            ),
            _person(
                "BK_TINH",
                "merit",
                "Triệu Văn Long",
                "Nông dân",
                "xã Hoàng Đồng, thành phố Lạng Sơn",
                "direct_worker",
                grassroots=True,
            ),
            _person(
                "BK_TINH", "merit", "Chu Thị Lan", "Giám đốc", "Công ty TNHH Thương mại Tân Thanh", "business_person"
            ),
            _person("CSTD_TINH", "merit", "Mã Văn Tuấn", "Bác sĩ", "Bệnh viện Đa khoa tỉnh", "direct_worker"),
            _collective("BK_TINH", "merit", "Công ty Cổ phần Xi măng Đồng Bành", "huyện Chi Lăng", enterprise=True),
            _collective("BK_TINH", "merit", "Hợp tác xã Nông nghiệp Mẫu Sơn", "huyện Lộc Bình", enterprise=True),
            _collective("BK_TINH", "merit", "Phòng Tổ chức cán bộ, Sở Nội vụ", "Sở Nội vụ", enterprise=False),
            _collective("TTLDXS", "merit", "Trường THPT Việt Bắc", "thành phố Lạng Sơn", enterprise=False),
            _collective("CO_TD_TINH", "merit", "Sở Giáo dục và Đào tạo", "thành phố Lạng Sơn", enterprise=False),
        ],
    ),
    (
        "980/QĐ-UBND",
        D(2024, 5, 10),
        "provincial_chair",
        "Về việc tặng Bằng khen cho cá nhân có hành động dũng cảm cứu người trong mưa lũ",
        SIGNER,
        None,
        [
            _person(
                "BK_TINH",
                "ad_hoc",
                "Bế Văn Dũng",
                "Dân quân",
                "xã Nhật Tiến, huyện Hữu Lũng",
                "direct_worker",
                grassroots=True,
            ),
            _collective(
                "BK_TINH",
                "ad_hoc",
                "Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ số 2",
                "Công an tỉnh",
                enterprise=False,
                grassroots=True,
            ),
        ],
    ),
    (
        "1205/QĐ-UBND",
        D(2024, 6, 14),
        "provincial_chair",
        "Về việc tặng Bằng khen cho tập thể, cá nhân nước ngoài có đóng góp vào hợp tác hữu nghị với tỉnh",
        SIGNER,
        None,
        [
            _collective(
                "BK_TINH",
                "foreign",
                "Văn phòng Ngoại vụ thành phố Sùng Tả (Quảng Tây, Trung Quốc)",
                "Trung Quốc",
                enterprise=False,
            ),
            _person("BK_TINH", "foreign", "Lý Kiến Quốc", "Phó Chủ tịch", "thành phố Sùng Tả", "high_leader"),
        ],
    ),
    (
        "1630/QĐ-UBND",
        D(2024, 8, 20),
        "provincial_chair",
        "Về việc tặng Bằng khen cho tập thể, cá nhân, hộ gia đình có thành tích trong phong trào thi đua xây dựng "
        "nông thôn mới",
        SIGNER,
        "ntm",
        [
            _collective(
                "BK_TINH",
                "campaign",
                "Ủy ban nhân dân xã Hồng Phong",
                "huyện Bình Gia",
                enterprise=False,
                grassroots=True,
            ),
            _collective("BK_TINH", "campaign", "Công ty TNHH Chè Thái Bình", "huyện Bình Gia", enterprise=True),
            _person(
                "BK_TINH",
                "campaign",
                "Hoàng Thị Nga",
                "Trưởng thôn",
                "thôn Nà Pán, xã Hồng Phong",
                "direct_worker",
                grassroots=True,
            ),
            _family("BK_TINH", "campaign", "Hộ ông Nông Văn Sáu", "thôn Khuổi Phầy, xã Hồng Phong"),
            _family("BK_TINH", "campaign", "Hộ bà Lộc Thị Hiền", "thôn Bản Chu, xã Thiện Long"),
        ],
    ),
    (
        "1850/QĐ-UBND",
        D(2024, 9, 25),
        "provincial_chair",
        "Về việc tặng Bằng khen cho cá nhân có quá trình cống hiến, nghỉ hưu theo chế độ",
        SIGNER,
        None,
        [
            _person(
                "BK_TINH", "dedication", "Đinh Văn Khánh", "Nguyên Giám đốc", "Sở Công Thương", "department_leader"
            ),
            _person("BK_TINH", "dedication", "Hứa Thị Phương", "Nguyên Phó Trưởng phòng", "Sở Tư pháp", "other_leader"),
        ],
    ),
    (
        "2105/QĐ-CTN",
        D(2024, 10, 15),
        "president",
        "Về việc tặng thưởng Huân chương, Huy chương",
        ("Lê Quang Vinh (minh họa)", "Chủ tịch nước"),
        None,
        [
            _person(
                "HC_LAO_DONG_3",
                "merit",
                "Lương Văn Bình",
                "Giám đốc",
                "Sở Kế hoạch và Đầu tư",
                "department_leader",
                body="province",
            ),
            _collective(
                "HC_LAO_DONG_3",
                "merit",
                "Công ty Cổ phần Xi măng Đồng Bành",
                "huyện Chi Lăng",
                enterprise=True,
                body="province",
            ),
            _person(
                "HC_KHANG_CHIEN_3",
                "resistance",
                "Lộc Văn Hải",
                "Cựu chiến binh",
                "xã Mai Pha, thành phố Lạng Sơn",
                "direct_worker",
                grassroots=True,
                body="province",
            ),
            _person(
                "HCH_CSVV_3",
                "seniority",
                "Hà Văn Cường",
                "Thượng úy",
                "Công an tỉnh Lạng Sơn",
                "direct_worker",
                body="central",
            ),
        ],
    ),
    (
        "1420/QĐ-TTg",
        D(2024, 11, 5),
        "prime_minister",
        "Về việc tặng Bằng khen của Thủ tướng Chính phủ",
        ("Phạm Thanh Sơn (minh họa)", "Phó Thủ tướng"),
        None,
        [
            _person(
                "BK_TTCP",
                "merit",
                "Vi Thị Hương",
                "Hiệu trưởng",
                "Trường THCS Chi Lăng",
                "other_leader",
                body="central",
            ),
            _collective(
                "BK_TTCP",
                "merit",
                "Trường Phổ thông Dân tộc nội trú tỉnh",
                "thành phố Lạng Sơn",
                enterprise=False,
                body="province",
            ),
            _family("BK_TTCP", "merit", "Hộ ông Hoàng Văn Tùng", "xã Tân Văn, huyện Bình Gia", body="province"),
        ],
    ),
]

# (key, name, kind, level, scope, method, start, end, duration when no end, organiser, organising unit)
CAMPAIGNS = [
    (
        "yearly",
        "Phong trào thi đua yêu nước năm 2024",
        "regular",
        "provincial",
        "sector_local",
        "regular",
        D(2024, 1, 1),
        D(2024, 12, 31),
        "",
        "UBND tỉnh Lạng Sơn",
        None,
    ),
    (
        "dien_bien",
        "Thi đua cao điểm chào mừng 70 năm Chiến thắng Điện Biên Phủ",
        "periodic",
        "provincial",
        "sector_local",
        "thematic",
        D(2024, 1, 15),
        D(2024, 5, 7),
        "",
        "UBND tỉnh Lạng Sơn",
        None,
    ),
    (
        "poverty",
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau, giai đoạn 2024-2025",
        "thematic",
        "central",
        "national",
        "thematic",
        D(2024, 3, 1),
        D(2025, 12, 31),
        "",
        "Thủ tướng Chính phủ",
        None,
    ),
    (
        "digital",
        "Khối các sở, ngành thi đua thực hiện chuyển đổi số, giai đoạn 2024-2026",
        "thematic",
        "provincial",
        "cluster_bloc",
        "thematic",
        D(2024, 4, 1),
        D(2027, 3, 31),
        "",
        "Khối thi đua các sở, ban, ngành tỉnh",
        None,
    ),
    (
        "school",
        "Đổi mới, sáng tạo trong dạy và học, giai đoạn 2024-2030",
        "thematic",
        "unit",
        "unit",
        "thematic",
        D(2024, 9, 5),
        D(2030, 8, 31),
        "",
        "Sở Giáo dục và Đào tạo",
        "Sở Giáo dục và Đào tạo",
    ),
    (
        "ntm",
        "Lạng Sơn chung sức xây dựng nông thôn mới",
        "regular",
        "provincial",
        "sector_local",
        "regular",
        D(2024, 2, 1),
        None,
        "5_plus",
        "UBND tỉnh Lạng Sơn",
        None,
    ),
]

BODIES = [
    ("Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Lạng Sơn", "home_affairs_board", D(2016, 1, 1)),
    ("Phòng Nghiệp vụ Thi đua, Ban Thi đua - Khen thưởng", "home_affairs_division", D(2016, 1, 1)),
]
# (name, body index, sex, birth, training, in the work since, joined, left)
OFFICERS = [
    ("Hoàng Văn Nam", 0, "male", D(1970, 4, 12), "postgraduate", D(1998, 3, 1), D(2016, 1, 1), None),
    ("Nông Thị Thu Hà", 0, "female", D(1978, 9, 3), "university", D(2005, 7, 1), D(2016, 1, 1), None),
    ("Lăng Văn Phong", 1, "male", D(1985, 1, 20), "university", D(2012, 10, 1), D(2016, 1, 1), None),
    ("Vi Thị Ngọc Linh", 1, "female", D(1993, 6, 28), "university", D(2019, 8, 15), D(2019, 8, 15), None),
    ("Chu Thị Hồng Nhung", 1, "female", D(1998, 11, 2), "college", D(2022, 3, 1), D(2022, 3, 1), None),
    ("Triệu Đức Minh", 0, "male", D(1964, 2, 14), "intermediate", D(1990, 5, 1), D(2016, 1, 1), D(2024, 3, 1)),
]


def _campaigns_load() -> dict[str, Campaign]:
    campaigns = {}
    for key, name, kind, level, scope, method, start, end, duration, organiser, unit in CAMPAIGNS:
        name += MARK
        existing = Campaign.objects.filter(name=name).first()
        if existing is None:
            existing = campaign_create(
                actor=None,
                reason=REASON,
                fields=CampaignFields(
                    name=name,
                    kind=kind,
                    level=level,
                    start_date=start,
                    end_date=end,
                    organiser=organiser,
                    organising_unit=Unit.objects.filter(name=unit).first() if unit else None,
                    status=Campaign.Status.ACTIVE if end is None or end >= D(2024, 11, 30) else Campaign.Status.CLOSED,
                    description="Dữ liệu minh họa cho năm thống kê 2024.",
                    scope=scope,
                    method=method,
                    duration_class=duration,
                ),
            )
        campaigns[key] = existing
    return campaigns


def _recipient(row: Row, award_types: dict, kinds: dict) -> RecipientFields:
    return RecipientFields(
        award_type=award_types[row.award],
        commendation_kind=kinds[row.kind],
        recipient_kind=row.recipient_kind,
        recipient_name=row.name,
        position=row.position,
        unit_name=row.workplace,
        is_grassroots=row.grassroots,
        individual_class=row.individual_class,
        is_enterprise=row.is_enterprise,
        proposing_body=row.proposing_body,
    )


def _decisions_load(campaigns: dict[str, Campaign]) -> int:
    award_types = {t.code: t for t in AwardType.objects.all()}
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    authorities = {a.code: a for a in Authority.objects.select_related("issuer")}
    created = 0
    for text, date, authority, summary, (signer, title), campaign, rows in DECISIONS:
        number, symbol = text.split("/", 1)
        issuer = Issuer.objects.get(code=symbol.split("-", 1)[1])
        if Decision.objects.filter(issuer=issuer, number=int(number), symbol=symbol, date__year=date.year).exists():
            continue
        decision = decision_create(
            actor=None,
            reason=REASON,
            fields=DecisionFields(
                issuer=issuer,
                authority=authorities[authority],
                number=int(number),
                symbol=symbol,
                date=date,
                summary=summary + MARK,
                signer_name=signer,
                signer_title=title,
                is_illustrative=True,
                campaign=campaigns[campaign] if campaign else None,
            ),
            recipients=[_recipient(row, award_types, kinds) for row in rows],
        )
        decision_issue(actor=None, decision=decision, reason=REASON)
        created += 1
    return created


def _apparatus_load() -> int:
    created = 0
    bodies = []
    for name, kind, since in BODIES:
        name += MARK
        body = CommendationBody.objects.filter(name=name).first()
        if body is None:
            fields = BodyFields(name=name, kind=kind, active_from=since, is_illustrative=True)
            body = commendation_body_create(actor=None, fields=fields)
            created += 1
        bodies.append(body)
    for name, at, sex, birth, training, since, joined, left in OFFICERS:
        if CommendationOfficer.objects.filter(full_name=name, body=bodies[at]).exists():
            continue
        commendation_officer_create(
            actor=None,
            fields=OfficerFields(
                body=bodies[at],
                full_name=name,
                sex=sex,
                birth_date=birth,
                training=training,
                in_commendation_work_since=since,
                joined_on=joined,
                left_on=left,
                is_illustrative=True,
            ),
        )
        created += 1
    return created


def statistics_2024_load() -> dict[str, int]:
    """The illustrative statistical year 2024: campaigns, decisions, the apparatus. Safe to run again."""
    before = Campaign.objects.count()
    campaigns = _campaigns_load()
    return {
        "campaigns": Campaign.objects.count() - before,
        "decisions": _decisions_load(campaigns),
        "apparatus": _apparatus_load(),
    }
