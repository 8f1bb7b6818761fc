"""The Lạng Sơn 2018 demo: organisation, the document register, decisions with illustrative recipients,
the half-year report 235/BC-UBND, and demo users.

Loaded through the same services staff use, so every demo decision has its audit trail. Idempotent:
units, blocs, clusters and memberships are matched by name, decisions by issuer, number, symbol and year.
"""

import csv
import datetime
import json
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from awards.decisions.selectors import decision_awards
from awards.decisions.services import DecisionFields, RecipientFields, decision_annul, decision_create, decision_issue
from awards.models import Authority, AwardType, CommendationKind, Decision
from awards.nominations.eligibility import awards_eligibility, eligibility_override
from awards.people.services import people_link_awards
from campaigns.models import Campaign, Document, Issuer
from campaigns.services import DocumentFields, document_create
from clusters.models import Bloc, Cluster, ClusterMembership, Person, Unit, UnitUser
from clusters.services import PersonFields, person_create
from kernel.lib.search import Fold, fold
from kernel.lib.symbols import parse_symbol
from kernel.roles import COUNCIL_MEMBER, LEADER, SECRETARIAT, UNIT_CLERK
from reports.selectors import appendix2_layout_default, award_summary_layout_default
from thiduakhenthuong.demo_campaigns import DEMO_REASON, campaigns_ensure, campaigns_load
from thiduakhenthuong.demo_council import council_load
from thiduakhenthuong.demo_dossiers import dossiers_load
from thiduakhenthuong.demo_reorganisation import reorganisation_load

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_YEAR = 2018


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


STAFF_LOGIN = DemoLogin("bantdkt", "bantdkt-2018", "Cán bộ Ban Thi đua - Khen thưởng (nhập quyết định, Phụ lục 2)")
CLERK_LOGIN = DemoLogin(
    "vanthu.sgddt", "vanthu-2018", "Văn thư Sở Giáo dục và Đào tạo (lập, nộp hồ sơ đề nghị; chỉ thấy hồ sơ của Sở)"
)
COUNCIL_MEMBER_LOGIN = DemoLogin(
    "uyvien.hoidong", "hoidong-2018", "Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh (xem phiên họp, biểu quyết)"
)
LEADER_LOGIN = DemoLogin("lanhdao.ubnd", "lanhdao-2018", "Lãnh đạo UBND tỉnh (ký số văn bản đã ban hành, xem số liệu)")
ADMIN_LOGIN = DemoLogin("quantri", "quantri-2018", "Quản trị hệ thống (trang quản trị /quan-tri/)")
DEMO_LOGINS = [STAFF_LOGIN, CLERK_LOGIN, COUNCIL_MEMBER_LOGIN, LEADER_LOGIN, ADMIN_LOGIN]
DEMO_CLERK_UNIT = "Sở Giáo dục và Đào tạo"
DEMO_COUNCIL_MEMBER = "Chu Thị Thu Hương"  # Giám đốc Sở Giáo dục và Đào tạo in the council of 651/QĐ-UBND

# Names for illustrative recipients: surnames common in Lạng Sơn (Tày, Nùng, Kinh).
SURNAMES = "Hoàng Nông Lương Vi Lăng Hà Triệu Lý Chu Mã Bế Đinh Lộc Hứa Nguyễn Trần Phạm Lê Vũ Đặng Hoàng Nông".split()
MALE_MIDDLE = "Văn Đức Minh Quang Xuân Hữu Thanh Tiến".split()
FEMALE_MIDDLE = "Thị Thu Ngọc Hồng Thanh Minh".split()
MALE_GIVEN = (
    "An Bình Cường Dũng Hải Hùng Khánh Long Nam Phong Quân Sơn Thắng Tuấn Vinh Trung Kiên Lâm Hưng Tùng".split()
)
FEMALE_GIVEN = "Hà Hạnh Hiền Hoa Hương Lan Linh Mai Nga Phương Tâm Thảo Thủy Trang Vân Yến Huyền Nhung".split()
COMMUNES = {
    "Huyện Đình Lập": ["xã Đình Lập", "xã Bắc Xa", "xã Kiên Mộc", "xã Bính Xá", "xã Châu Sơn", "xã Cường Lợi"],
    "Huyện Hữu Lũng": ["xã Nhật Tiến", "xã Yên Thịnh", "xã Hồ Sơn", "xã Minh Sơn", "xã Đồng Tân"],
    "Huyện Văn Lãng": ["xã Nam La", "xã Tân Mỹ", "xã Hoàng Văn Thụ", "xã Thụy Hùng"],
    "Huyện Bình Gia": ["xã Hồng Phong", "xã Thiện Long", "xã Hoa Thám", "xã Tân Văn"],
    "Huyện Chi Lăng": ["xã Chi Lăng", "xã Quang Lang", "xã Vân An", "xã Chiến Thắng"],
    "Thành phố Lạng Sơn": [
        "phường Hoàng Văn Thụ",
        "phường Chi Lăng",
        "phường Vĩnh Trại",
        "xã Hoàng Đồng",
        "xã Mai Pha",
    ],
    "Huyện Cao Lộc": ["xã Hợp Thành", "xã Gia Cát", "xã Tân Liên", "xã Bảo Lâm"],
    "Huyện Lộc Bình": ["xã Khuất Xá", "xã Tú Đoạn", "xã Mẫu Sơn", "xã Xuân Dương"],
    "Huyện Tràng Định": ["xã Quốc Khánh", "xã Đề Thám", "xã Kháng Chiến", "xã Đại Đồng"],
    "Huyện Văn Quan": ["xã Văn An", "xã Tú Xuyên", "xã Việt Yên", "xã Tràng Sơn"],
    "Huyện Bắc Sơn": ["xã Vũ Lễ", "xã Chiêu Vũ", "xã Hữu Vĩnh", "xã Long Đống"],
}
VILLAGES = "Nà Pàn,Khòn Khuyên,Bản Chắt,Pò Đứa,Nà Lầm,Còn Quan,Nà Múc,Khau Phạ,Pác Cáp,Bản Lề,Nà Riềng,Kéo Coọng".split(
    ","
)
GRASSROOTS_COLLECTIVES = [
    "Ủy ban nhân dân {commune}",
    "Trường Tiểu học {commune}",
    "Trường Trung học cơ sở {commune}",
    "Trạm Y tế {commune}",
    "Thôn {village}, {commune}",
    "Hội Nông dân {commune}",
    "Đoàn Thanh niên {commune}",
    "Công an {commune}",
]
OFFICE_COLLECTIVES = [
    "Văn phòng {unit}",
    "Phòng Tổ chức cán bộ, {unit}",
    "Phòng Kế hoạch - Tài chính, {unit}",
    "Phòng Tổng hợp, {unit}",
    "Phòng Nghiệp vụ, {unit}",
    "{unit}",
]
THEMES = {
    "veteran": ("Cựu chiến binh", "Nguyên cán bộ kháng chiến"),
    "teacher": ("Giáo viên", "Hiệu trưởng"),
    "mother": ("Bà mẹ Việt Nam Anh hùng (truy tặng)",),
    "farmer": ("Nông dân sản xuất, kinh doanh giỏi",),
    "entrepreneur": ("Giám đốc", "Chủ tịch Hội đồng quản trị"),
    "pupil": ("Học sinh",),
    "foreign": ("Chuyên gia nước ngoài",),
}
GRASSROOTS_POSITIONS = (
    "Nông dân",
    "Công nhân",
    "Giáo viên",
    "Nhân viên y tế xã",
    "Trưởng thôn",
    "Công chức xã",
    "Chiến sĩ",
)
OFFICE_POSITIONS = ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Phó Giám đốc", "Giám đốc", "Kế toán trưởng")


def organisation_load(*, path: Path = DEMO_DIR / "organisation_2018.csv", year: int = DEMO_YEAR) -> int:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    blocs, clusters = {}, {}
    for row in rows:
        if row["bloc"] not in blocs:
            blocs[row["bloc"]], _ = Bloc.objects.get_or_create(
                name=row["bloc"], defaults={"display_order": len(blocs) + 1}
            )
        if row["cluster"] not in clusters:
            clusters[row["cluster"]], _ = Cluster.objects.get_or_create(
                year=year,
                name=row["cluster"],
                defaults={"bloc": blocs[row["bloc"]], "display_order": len(clusters) + 1},
            )
    # 130 units: created in bulk, matched by name so that a second run adds nothing.
    units = {u.name: u for u in Unit.objects.filter(name__in=[r["unit"] for r in rows])}
    Unit.objects.bulk_create(
        Unit(name=r["unit"], kind=r["kind"], is_illustrative=r["illustrative"] == "1")
        for r in rows
        if r["unit"] not in units
    )
    units = {u.name: u for u in Unit.objects.filter(name__in=[r["unit"] for r in rows])}
    placed = set(ClusterMembership.objects.filter(year=year).values_list("unit_id", flat=True))
    ClusterMembership.objects.bulk_create(
        ClusterMembership(unit=units[r["unit"]], cluster=clusters[r["cluster"]], year=year, role=r["role"])
        for r in rows
        if units[r["unit"]].pk not in placed
    )
    return len(rows)


class _RecipientNames:
    """Deterministic illustrative names, different in every decision."""

    def __init__(self, seed: str, units: list[Unit]):
        self.random = random.Random(seed)
        self.units = units
        self.used: set[str] = set()

    def person(self) -> str:
        return self.person_and_sex()[0]

    def person_and_sex(self) -> tuple[str, bool]:
        while True:
            female = self.random.random() < 0.45
            name = " ".join(
                (
                    self.random.choice(SURNAMES),
                    self.random.choice(FEMALE_MIDDLE if female else MALE_MIDDLE),
                    self.random.choice(FEMALE_GIVEN if female else MALE_GIVEN),
                )
            )
            if name not in self.used:
                self.used.add(name)
                return name, female

    def commune(self, district: str | None = None) -> tuple[str, str]:
        district = district or self.random.choice(list(COMMUNES))
        return self.random.choice(COMMUNES[district]), district.replace("Huyện", "huyện").replace(
            "Thành phố", "thành phố"
        )

    def address(self, district: str | None = None) -> str:
        commune, district_name = self.commune(district)
        return f"Thôn {self.random.choice(VILLAGES)}, {commune}, {district_name}"

    def collective(self, grassroots: bool, theme: str | None) -> tuple[str, Unit | None, str]:
        for _attempt in range(50):
            if theme == "foreign":
                name = self.random.choice(["Cục Thương mại Bằng Tường", "Sở Ngoại vụ Khu tự trị Quảng Tây"])
                name += f" (Trung Quốc) {len(self.used) + 1:02d}" if name in self.used else " (Trung Quốc)"
                unit, unit_name = None, "Khu tự trị dân tộc Choang Quảng Tây, Trung Quốc"
            elif grassroots:
                commune, district = self.commune()
                template = self.random.choice(GRASSROOTS_COLLECTIVES)
                name = template.format(commune=f"{commune}, {district}", village=self.random.choice(VILLAGES))
                unit, unit_name = None, ""
            else:
                unit = self.random.choice(self.units)
                name, unit_name = self.random.choice(OFFICE_COLLECTIVES).format(unit=unit.name), ""
            if name not in self.used:
                self.used.add(name)
                return name, unit, unit_name
        raise RuntimeError("ran out of illustrative collective names")

    def individual(self, grassroots: bool, theme: str | None) -> tuple[str, str, Unit | None, str]:
        name = self.person()
        if theme in THEMES:
            position = self.random.choice(THEMES[theme])
        else:
            position = self.random.choice(GRASSROOTS_POSITIONS if grassroots else OFFICE_POSITIONS)
        if grassroots or theme in ("veteran", "mother", "farmer", "pupil"):
            return name, position, None, self.address()
        if theme == "foreign":
            return f"Ông {name}", position, None, "Quảng Tây, Trung Quốc"
        return name, position, self.random.choice(self.units), ""


def _recipients_for(batch: dict, names: _RecipientNames, award_type, kind) -> list[RecipientFields]:
    recipients = []
    named = list(batch.get("named", []))
    theme = batch.get("theme")
    for index in range(batch["count"]):
        grassroots = index < batch["grassroots"]
        unit, unit_name, position = None, "", ""
        if named:
            spec = named.pop(0)
            name, unit_name, position = spec["name"], spec.get("unit_name", ""), spec.get("position", "")
            unit = Unit.objects.filter(name=spec["unit"]).first() if spec.get("unit") else None
            names.used.add(name)
        elif batch["recipient_kind"] == "collective":
            name, unit, unit_name = names.collective(grassroots, theme)
        elif batch["recipient_kind"] == "family":
            head, female = names.person_and_sex()
            name = f"Gia đình {'bà' if female else 'ông'} {head}"
            unit_name = names.address(batch.get("district"))
        else:
            name, position, unit, unit_name = names.individual(grassroots, theme)
        recipients.append(
            RecipientFields(
                award_type=award_type,
                commendation_kind=kind,
                recipient_kind=batch["recipient_kind"],
                recipient_name=name,
                position=position,
                unit=unit,
                unit_name=unit_name,
                is_grassroots=grassroots,
            )
        )
    return recipients


def decisions_load(*, path: Path = DEMO_DIR / "decisions_2018.json") -> int:
    spec = json.loads(path.read_text(encoding="utf-8"))["decisions"]
    award_types = {t.code: t for t in AwardType.objects.all()}
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    authorities = {a.code: a for a in Authority.objects.select_related("issuer")}
    units = list(Unit.objects.exclude(kind=Unit.Kind.DISTRICT).order_by("name"))
    # A decision names the campaign it rewards ("campaign": key); the link is made when it is created.
    campaigns = campaigns_ensure() if any("campaign" in item for item in spec) else {}
    created = 0
    for item in spec:
        symbol = parse_symbol(item["symbol"])
        date = datetime.date.fromisoformat(item["date"])
        issuer = Issuer.objects.get(code=symbol.issuer_code)
        if Decision.objects.filter(
            issuer=issuer, number=symbol.number, symbol=symbol.symbol, date__year=date.year
        ).exists():
            continue
        names = _RecipientNames(item["symbol"], units)
        recipients = []
        for batch in item["batches"]:
            recipients += _recipients_for(batch, names, award_types[batch["award_type"]], kinds[batch["kind"]])
        decision = decision_create(
            actor=None,
            reason=DEMO_REASON,
            fields=DecisionFields(
                issuer=issuer,
                authority=authorities[item["authority"]],
                number=symbol.number,
                symbol=symbol.symbol,
                date=date,
                summary=item["summary"],
                signer_name=item["signer_name"],
                signer_title=item["signer_title"],
                is_illustrative=True,
                campaign=campaigns[item["campaign"]] if "campaign" in item else None,
            ),
            recipients=recipients,
        )
        status = item.get("status", "issued")
        if status in ("issued", "annulled"):
            decision = decision_issue(actor=None, decision=decision, reason=DEMO_REASON)
        if status == "annulled":
            decision_annul(actor=None, decision=decision, reason=item["annulment_reason"])
        created += 1
    return created


def draft_overrides_load(*, staff, path: Path = DEMO_DIR / "decisions_2018.json") -> int:
    """The rules the named rows of the demo's drafts fail, overridden by staff with the reason the fixture gives
    ("override"), as staff would on the draft's page. Idempotent: a rule already overridden no longer fails.
    Returns the number of overrides made."""
    made = 0
    for item in json.loads(path.read_text(encoding="utf-8"))["decisions"]:
        named = [spec for batch in item["batches"] for spec in batch.get("named", []) if "override" in spec]
        if item.get("status") != "draft" or not named:
            continue
        symbol = parse_symbol(item["symbol"])
        decision = Decision.objects.filter(
            issuer__code=symbol.issuer_code,
            number=symbol.number,
            symbol=symbol.symbol,
            date__year=datetime.date.fromisoformat(item["date"]).year,
            status=Decision.Status.DRAFT,
        ).first()
        if decision is None:
            continue
        awards = list(
            decision_awards(decision=decision).prefetch_related("award_type__grantors", "eligibility_overrides")
        )
        results = dict(zip((a.pk for a in awards), awards_eligibility(awards, decision=decision)))
        for spec in named:
            for award in (a for a in awards if a.recipient_name == spec["name"]):
                for result in (r for r in results[award.pk] if r.blocking):
                    eligibility_override(actor=staff, rule=result.rule, award=award, reason=spec["override"])
                    made += 1
    return made


def documents_load(*, path: Path = DEMO_DIR / "documents_2018.json") -> int:
    """The 18 documents of the seed's Phụ lục 1 and a few documents the seed cites (received, or issued
    before 2018), matched by number, symbol, year and direction."""
    created = 0
    for item in json.loads(path.read_text(encoding="utf-8"))["documents"]:
        symbol = parse_symbol(item["symbol"])
        date = datetime.date.fromisoformat(item["date"])
        if Document.objects.filter(
            number=symbol.number, symbol=symbol.symbol, date__year=date.year, direction=item["direction"]
        ).exists():
            continue
        document_create(
            actor=None,
            reason=DEMO_REASON,
            fields=DocumentFields(
                number_and_symbol=item["symbol"],
                date=date,
                direction=item["direction"],
                issued_by=item["issued_by"],
                summary=item["summary"],
            ),
        )
        created += 1
    return created


@dataclass(frozen=True)
class DemoUsers:
    staff: object
    clerk: object
    council_member: object


def _user(login: DemoLogin, group: str, first_name: str, last_name: str):
    user, created = get_user_model().objects.get_or_create(
        username=login.username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_password(login.password)
        user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def users_ensure() -> DemoUsers:
    """The demo's accounts, one per role a newcomer should try; the clerk acts for one unit."""
    staff = _user(STAFF_LOGIN, SECRETARIAT, "Cán bộ", "Ban TĐKT")
    clerk = _user(CLERK_LOGIN, UNIT_CLERK, "Văn thư", "Sở GD&ĐT")
    member = _user(COUNCIL_MEMBER_LOGIN, COUNCIL_MEMBER, "Chu Thị", "Thu Hương")  # shown as "Chu Thị Thu Hương"
    _user(LEADER_LOGIN, LEADER, "Lãnh đạo", "UBND tỉnh (minh họa)")
    unit = Unit.objects.filter(name=DEMO_CLERK_UNIT).first()
    if unit is not None:
        UnitUser.objects.get_or_create(user=clerk, defaults={"unit": unit})
    if not get_user_model().objects.filter(username=ADMIN_LOGIN.username).exists():
        get_user_model().objects.create_superuser(ADMIN_LOGIN.username, "quantri@example.invalid", ADMIN_LOGIN.password)
    return DemoUsers(staff=staff, clerk=clerk, council_member=member)


def report_load(*, path: Path = DEMO_DIR / "report_235_2018.json") -> int:
    """The seed's half-year report 235/BC-UBND with its narrative, issued, its figures computed from the demo."""
    from reports.models import Report
    from reports.services import ReportFields, report_create, report_issue, sections_from_text

    data = json.loads(path.read_text(encoding="utf-8"))
    symbol = parse_symbol(data["number_symbol"])
    date = datetime.date.fromisoformat(data["date"])
    if Report.objects.filter(number=symbol.number, symbol=symbol.symbol, date__year=date.year).exists():
        return 0
    fields = ReportFields(
        kind=data["kind"],
        period_start=datetime.date.fromisoformat(data["period_start"]),
        period_end=datetime.date.fromisoformat(data["period_end"]),
        number_symbol=data["number_symbol"],
        place=data["place"],
        date=date,
        issuing_body=data["issuing_body"],
        issuing_body_name=data["issuing_body_name"],
        title=data["title"],
        summary=data["summary"],
        signature_lines=data["signature_lines"],
        signer_name=data["signer_name"],
        recipients="\n".join(data["recipients"]),
        appendix1_title=data["appendix1_title"],
        appendix2_layout=appendix2_layout_default(),
        summary_layout=award_summary_layout_default(),
    )
    sections = sections_from_text((DEMO_DIR / data["sections_file"]).read_text(encoding="utf-8"))
    report = report_create(actor=None, fields=fields, sections=sections, reason=DEMO_REASON)
    if data.get("status") == "issued":
        report_issue(actor=None, report=report, reason=DEMO_REASON)
    return 1


# A second record of a demo recipient, typed by hand with capitals, a birth date and the title of another year:
# the likely-duplicates page shows the pair (same name in the same unit) for staff to merge.
DUPLICATE_OF = {"full_name": "TRIỆU VĂN BÌNH", "unit": "Sở Y tế", "birth_date": datetime.date(1972, 5, 14)}


def duplicate_person_load(*, staff) -> int:
    unit = Unit.objects.get(name=DUPLICATE_OF["unit"])
    same = Person.objects.annotate(folded=Fold("full_name")).filter(
        folded=fold(DUPLICATE_OF["full_name"]), current_unit=unit
    )
    if same.count() != 1:  # none: the recipient is not in the demo; two or more: loaded already (or merged later)
        return 0
    fields = PersonFields(
        full_name=DUPLICATE_OF["full_name"],
        birth_date=DUPLICATE_OF["birth_date"],
        current_unit=unit,
        position="Giám đốc Sở Y tế",
    )
    person_create(actor=staff, fields=fields)
    return 1


@transaction.atomic
def demo_load() -> dict[str, int]:
    units = organisation_load()
    users = users_ensure()
    documents = documents_load()  # before the decisions and campaigns: they point at these documents
    # The council reconstituted by 651/QĐ-UBND (a register entry); the demo council member has an account.
    council = council_load(accounts={DEMO_COUNCIL_MEMBER: users.council_member})
    campaigns_before = Campaign.objects.count()
    decisions = decisions_load()
    overrides = draft_overrides_load(staff=users.staff)
    loaded = campaigns_load()
    reports = report_load()
    # After the report: its figures (20/12/2017–20/6/2018) come before anything the dossiers lead to.
    dossiers = dossiers_load(clerk=users.clerk, staff=users.staff)
    # Last: every individual recipient of a decided demo decision gets a person record, their awards linked.
    people = people_link_awards(actor=None, create_missing=True, reason=DEMO_REASON)
    duplicates = duplicate_person_load(staff=users.staff)
    return {
        "units": units,
        "documents": documents,
        "decisions": decisions,
        "campaigns": Campaign.objects.count() - campaigns_before,
        "covenants": loaded["covenants"],
        "registrations": loaded["registrations"],
        "reports": reports,
        "council_compositions": council,
        "dossiers": dossiers,
        "draft_overrides": overrides,
        "people": people.created,
        "people_linked": people.linked,
        "people_duplicates": duplicates,
        **reorganisation_load(source_year=DEMO_YEAR),  # last: the 2018 data picked its units before (2025 ends some)
    }
