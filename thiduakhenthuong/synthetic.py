"""A synthetic data set at scale (issue #5, point 6): units in blocs and yearly clusters, people, and award
decisions over several years, for measuring the portal with realistic volumes.

Written straight to PostgreSQL with COPY, one transaction for the whole set, bypassing the services: synthetic
data is NOT audited and its decisions carry no creator. Every database rule still applies (constraints and the
triggers of awards/migrations/0002 and clusters/migrations/0002): decisions are copied in as drafts, their awards
copied in while they are drafts (the award trigger checks the recipient kind against the award type), then the
decisions are issued (and a few annulled) with UPDATEs the decision trigger allows.

Deterministic: the same arguments and seed give the same rows (ids aside).
"""

import datetime
import itertools
import random
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.functions import ExtractYear
from django.utils import timezone

from awards.models import Authority, Award, AwardType, CommendationKind, Decision, NumberRegister
from campaigns.models import Issuer
from clusters.models import Bloc, Cluster, ClusterMembership, Unit
from thiduakhenthuong.demo import (
    COMMUNES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    GRASSROOTS_POSITIONS,
    MALE_GIVEN,
    MALE_MIDDLE,
    OFFICE_POSITIONS,
    SURNAMES,
    VILLAGES,
)

MARKER = "(dữ liệu tổng hợp)"  # ends the summary of every synthetic decision
EXTRA_SURNAMES = "Dương Bùi Đỗ Hồ Ngô Đoàn Mạc Tô Hầu Lành Đàm Vy Sầm Tạ".split()
EXTRA_MALE_GIVEN = "Bảo Công Định Đông Giang Hiếu Hoàng Huy Khải Lợi Mạnh Nghĩa Phúc Tài Thành Toàn Việt".split()
EXTRA_FEMALE_GIVEN = "Anh Chi Diệp Giang Hằng Huệ Liên Loan My Nhàn Oanh Quyên Thoa Thơ Uyên Xuân".split()
SECOND_GIVEN_MALE = "Anh Minh Quốc Văn Đức Hoàng Trung".split()
SECOND_GIVEN_FEMALE = "Thu Ngọc Thanh Kim Bích Phương".split()

BLOCS = [
    "Khối các cơ quan Đảng, đoàn thể và nội chính",
    "Khối các sở, ban, ngành tỉnh",
    "Khối các huyện, thành phố và doanh nghiệp",
]
AGENCY_NAMES = [
    "Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Tư pháp",
    "Sở Công Thương", "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Ngoại vụ", "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh", "Ban Dân tộc tỉnh", "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
    "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Liên đoàn Lao động tỉnh",
    "Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn", "Hội Cựu chiến binh tỉnh", "Cục Thuế tỉnh",
    "Cục Hải quan tỉnh", "Kho bạc Nhà nước tỉnh", "Bảo hiểm xã hội tỉnh", "Ngân hàng Nhà nước chi nhánh tỉnh",
]  # fmt: skip
GRASSROOTS_UNITS = [
    ("Ủy ban nhân dân {commune}", Unit.Kind.COMMUNE),
    ("Trường Tiểu học {commune}", Unit.Kind.PUBLIC_SERVICE),
    ("Trường Trung học cơ sở {commune}", Unit.Kind.PUBLIC_SERVICE),
    ("Trường Mầm non {commune}", Unit.Kind.PUBLIC_SERVICE),
    ("Trạm Y tế {commune}", Unit.Kind.PUBLIC_SERVICE),
    ("Công an {commune}", Unit.Kind.ARMED_FORCES),
    ("Hội Nông dân {commune}", Unit.Kind.MASS_ORGANISATION),
    ("Hợp tác xã {village}, {commune}", Unit.Kind.ENTERPRISE),
]
ENTERPRISE_WORDS = "Thương mại,Xây dựng,Vận tải,Dịch vụ,Nông sản,Chè,Hồi,Khoáng sản,Điện lực,Du lịch".split(",")

# Award types the province's decisions carry (authorities that number decisions: UBND, TTg, CTN), with the
# share of all awards each takes, the typical size of a decision of it, and the kinds of commendation used.
ORDINARY = ("regular", "thematic", "ad_hoc")  # before 2024; from 2024 regular → merit, thematic → campaign
AWARD_MIX = [
    # code, share of awards, (min, mode, max) awards per decision, kinds
    ("BK_TINH", 0.56, (1, 15, 250), ORDINARY),
    ("KNC_TINH", 0.08, (5, 40, 300), ("dedication",)),
    ("TTLDXS", 0.07, (5, 40, 200), ("regular",)),
    ("CSTD_TINH", 0.05, (5, 25, 120), ("regular",)),
    ("CO_TD_TINH", 0.008, (3, 15, 40), ("regular", "thematic")),
    ("DVQT", 0.004, (2, 6, 15), ("regular",)),
    ("XA_TIEU_BIEU", 0.004, (3, 10, 30), ("thematic",)),
    ("BK_TTCP", 0.12, (1, 10, 60), ("regular", "thematic", "dedication")),
    ("CSTD_TQ", 0.003, (1, 3, 8), ("regular",)),
    ("CO_TD_CP", 0.003, (1, 4, 12), ("regular",)),
    ("HC_LAO_DONG_3", 0.035, (1, 6, 30), ("regular", "dedication")),
    ("HC_LAO_DONG_2", 0.01, (1, 3, 12), ("regular", "dedication")),
    ("HC_LAO_DONG_1", 0.003, (1, 2, 5), ("dedication",)),
    ("HC_BVTQ_3", 0.006, (1, 3, 10), ("regular", "dedication")),
    ("HC_CHIEN_CONG_3", 0.004, (1, 3, 8), ("ad_hoc",)),
    ("HC_DOC_LAP_3", 0.002, (1, 2, 5), ("dedication", "martyr_family")),
    ("HC_KHANG_CHIEN_1", 0.004, (2, 10, 40), ("resistance",)),
    ("HCH_KHANG_CHIEN_1", 0.006, (2, 15, 60), ("resistance",)),
    ("NGUT", 0.002, (1, 3, 10), ("regular",)),
    ("TTUT", 0.002, (1, 3, 10), ("regular",)),
    ("KNC_TU_DAY", 0.002, (1, 5, 20), ("resistance",)),
]
SIGNERS = {
    "UBND": [("Hồ Tiến Thiệu", "Phó Chủ tịch"), ("Lương Trọng Quỳnh", "Phó Chủ tịch"), ("Hồ Tiến Thiệu", "Chủ tịch")],
    "TTg": [("Nguyễn Xuân Phúc", "Thủ tướng Chính phủ"), ("Trương Hòa Bình", "Phó Thủ tướng Chính phủ")],
    "CTN": [("Trần Đại Quang", "Chủ tịch nước"), ("Đặng Thị Ngọc Thịnh", "Phó Chủ tịch nước")],
}
VN_TZ = datetime.timezone(datetime.timedelta(hours=7))


class SyntheticRefused(Exception):
    """The database is not one the generator may write to."""


@dataclass
class SyntheticResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def person_model():
    """clusters.Person when the people feature is installed, else None."""
    try:
        return apps.get_model("clusters", "Person")
    except LookupError:
        return None


def _award_person_field():
    model = person_model()
    if model is None:
        return None
    for f in Award._meta.concrete_fields:
        if f.is_relation and f.related_model is model:
            return f
    return None


def refuse_unless_allowed(*, force: bool) -> None:
    if connection.vendor != "postgresql":
        raise SyntheticRefused("The synthetic data set is written with PostgreSQL COPY: use a PostgreSQL database.")
    if not AwardType.objects.exists():
        raise SyntheticRefused("The award catalog is empty: run `manage.py load_catalog` first.")
    if not force and Decision.objects.exclude(summary__endswith=MARKER).exists():
        raise SyntheticRefused(
            "This database already holds decisions that are not synthetic; "
            "use a scratch database, or --force to add synthetic data beside them."
        )


def _copy(model, columns: list[str], rows) -> int:
    """COPY rows (tuples in the order of `columns`, field names) into the model's table."""
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _next_ids(model, count: int) -> int:
    """Reserve `count` ids of the model's identity sequence; returns the first."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) FROM {table})")
        sequence, highest = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = max(cursor.fetchone()[0], highest + 1)
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
    return first


def _person_links_copy(awards: list[tuple], first_id: int) -> int:
    """Individual awards link to their person through awards.PersonAward (a table of its own, see its model):
    the awards' ids are read back by (decision, line), then the links are copied."""
    from awards.models import PersonAward

    wanted = {(first_id + row[0], row[1]): row[10] for row in awards if row[10] is not None}
    if not wanted:
        return 0
    decision_ids = [decision for decision, _line in wanted]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, decision_id, line_no FROM awards_award WHERE decision_id BETWEEN %s AND %s",
            [min(decision_ids), max(decision_ids)],
        )
        ids = {(decision, line): award_id for award_id, decision, line in cursor.fetchall()}
    now = timezone.now()
    return _copy(
        PersonAward,
        ["award", "person", "linked_at"],
        ((ids[key], person, now) for key, person in wanted.items() if key in ids),
    )


def _triangular(rng: random.Random, low: int, mode: int, high: int) -> int:
    return max(low, min(high, round(rng.triangular(low, high, mode))))


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.surnames = SURNAMES + EXTRA_SURNAMES
        self.male = MALE_GIVEN + EXTRA_MALE_GIVEN
        self.female = FEMALE_GIVEN + EXTRA_FEMALE_GIVEN

    def person(self) -> tuple[str, bool]:
        rng = self.rng
        female = rng.random() < 0.47
        parts = [rng.choice(self.surnames), rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)]
        if rng.random() < 0.25:
            second = rng.choice(SECOND_GIVEN_FEMALE if female else SECOND_GIVEN_MALE)
            if second != parts[-1]:
                parts.append(second)
        parts.append(rng.choice(self.female if female else self.male))
        return " ".join(parts), female


def _units_create(rng: random.Random, count: int, years: list[int], result: SyntheticResult) -> list[tuple]:
    """Units (districts, their communes' agencies, provincial agencies, enterprises), one bloc each, placed in
    clusters of ~20 every year. Returns (id, name, kind, district) per unit."""
    districts = list(COMMUNES)
    specs: list[tuple[str, str, str | None, str]] = []  # name, kind, parent name, district
    for district in districts:
        specs.append((f"Ủy ban nhân dân {district.replace('Huyện', 'huyện').replace('Thành phố', 'thành phố')}",
                      Unit.Kind.DISTRICT, None, district))  # fmt: skip
    specs += [(name, Unit.Kind.PROVINCIAL_AGENCY, None, "") for name in AGENCY_NAMES]
    seen = {s[0] for s in specs}
    number = itertools.count(1)
    while len(specs) < count:
        district = rng.choice(districts)
        commune = rng.choice(COMMUNES[district])
        district_name = district.replace("Huyện", "huyện").replace("Thành phố", "thành phố")
        if rng.random() < 0.12:
            name, kind = f"Công ty TNHH {rng.choice(ENTERPRISE_WORDS)} {next(number)} Lạng Sơn", Unit.Kind.ENTERPRISE
        else:
            template, kind = rng.choice(GRASSROOTS_UNITS)
            name = template.format(commune=f"{commune}, {district_name}", village=rng.choice(VILLAGES))
            if name in seen:
                name = f"{name} (số {next(number)})"
        seen.add(name)
        specs.append((name, kind, specs[districts.index(district)][0], district))
    specs = specs[:count]
    first = _next_ids(Unit, len(specs))
    ids = {spec[0]: first + i for i, spec in enumerate(specs)}
    _copy(
        Unit,
        ["id", "name", "short_name", "kind", "parent", "is_illustrative"],
        ((ids[n], n, "", k, ids.get(p) if p else None, True) for n, k, p, _d in specs),
    )
    units = [(ids[n], n, k, d) for n, k, _p, d in specs]
    result.counts["units"] = len(units)

    blocs = [
        Bloc.objects.get_or_create(name=name, defaults={"display_order": i + 1})[0] for i, name in enumerate(BLOCS)
    ]
    bloc_of = {}
    for unit_id, _name, kind, _district in units:
        if kind in (Unit.Kind.PROVINCIAL_AGENCY, Unit.Kind.ARMED_FORCES, Unit.Kind.MASS_ORGANISATION):
            bloc_of[unit_id] = blocs[0] if kind != Unit.Kind.PROVINCIAL_AGENCY else blocs[1]
        else:
            bloc_of[unit_id] = blocs[2]
    clusters = memberships = 0
    for year in years:
        taken = set(Cluster.objects.filter(year=year).values_list("name", flat=True))
        rows = []
        for bloc in blocs:
            members = [u[0] for u in units if bloc_of[u[0]] == bloc]
            rng.shuffle(members)
            for index in range(0, len(members), 20):
                number = index // 20 + 1
                name = f"Cụm thi đua số {number} – {bloc.name} (tổng hợp)"
                suffix = 2
                while name in taken:
                    name, suffix = f"Cụm thi đua số {number}.{suffix} – {bloc.name} (tổng hợp)", suffix + 1
                taken.add(name)
                rows.append(
                    (Cluster(year=year, bloc=bloc, name=name, display_order=number), members[index : index + 20])
                )
        created = Cluster.objects.bulk_create([c for c, _m in rows])
        clusters += len(created)
        memberships += _copy(
            ClusterMembership,
            ["cluster", "unit", "year", "role"],
            (
                (cluster.pk, unit_id, year, "leader" if i == 0 else "deputy" if i == 1 else "member")
                for cluster, (_c, members) in zip(created, rows, strict=True)
                for i, unit_id in enumerate(members)
            ),
        )
    result.counts["clusters"] = clusters
    result.counts["cluster memberships"] = memberships
    return units


def _people_create(rng: random.Random, count: int, units: list[tuple], result: SyntheticResult) -> list[tuple]:
    """People, when clusters.Person exists: (id, name, unit id, position, grassroots)."""
    model = person_model()
    if model is None or count == 0:
        result.notes.append("No clusters.Person model yet: no people created, individual awards name free text.")
        return []
    names = _Names(rng)
    fields = {f.name: f for f in model._meta.concrete_fields}
    people, info = [], []
    first_number = model.objects.count()
    for index in range(count):
        name, female = names.person()
        unit = rng.choice(units)
        grassroots = unit[2] not in (Unit.Kind.PROVINCIAL_AGENCY, Unit.Kind.DISTRICT)
        position = rng.choice(GRASSROOTS_POSITIONS if grassroots else OFFICE_POSITIONS)
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 50))
        values = {}
        for key in ("full_name", "name"):
            if key in fields:
                values[key] = name
                break
        for key, value in (
            ("birth_date", birth),
            ("date_of_birth", birth),
            ("sex", "female" if female else "male"),
            ("position", position),
            ("is_illustrative", True),
        ):
            if key in fields:
                if key == "sex" and fields[key].choices:
                    allowed = [c[0] for c in fields[key].choices]
                    value = next((c for c in allowed if str(c).lower().startswith(value[0])), allowed[0])
                values[key] = value
        for key in ("id_number", "national_id", "identity_number"):
            if key in fields and rng.random() < 0.6:
                values[key] = f"020{first_number + index:09d}"  # unique beside an earlier run's people
        for key in ("unit", "current_unit"):
            if key in fields:
                values[f"{key}_id"] = unit[0]
                break
        people.append(model(**values))
        info.append((name, unit[0], position, grassroots))
    created = model.objects.bulk_create(people, batch_size=5000)
    result.counts["people"] = len(created)
    return [(p.pk, *i) for p, i in zip(created, info, strict=True)]


def _dates(year: int, last_day: datetime.date) -> list[datetime.date]:
    day, days = datetime.date(year, 1, 2), []
    while day.year == year and day <= last_day:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def generate(
    *,
    years: int = 10,
    awards: int = 1_000_000,
    people: int = 200_000,
    units: int = 2000,
    seed: int = 2018,
    last_year: int = 2025,
    force: bool = False,
    progress=None,
) -> SyntheticResult:
    """Write the data set; see the module docstring. Raises SyntheticRefused when it must not run."""
    refuse_unless_allowed(force=force)
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    result = SyntheticResult()
    year_list = list(range(last_year - years + 1, last_year + 1))
    started = time.perf_counter()
    with transaction.atomic():
        unit_rows = _units_create(rng, units, year_list, result)
        result.seconds["units and clusters"] = time.perf_counter() - started
        say(f"{len(unit_rows)} units, {result.counts['clusters']} clusters")

        mark = time.perf_counter()
        person_rows = _people_create(rng, people, unit_rows, result)
        result.seconds["people"] = time.perf_counter() - mark
        say(f"{len(person_rows)} people")

        mark = time.perf_counter()
        _decisions_and_awards(rng, awards, year_list, unit_rows, person_rows, result)
        result.seconds["decisions and awards, in all"] = time.perf_counter() - mark
    result.seconds["commit (deferred foreign key checks)"] = (
        time.perf_counter() - mark - result.seconds["decisions and awards, in all"]
    )
    mark = time.perf_counter()
    if not connection.in_atomic_block:  # the tests run inside a transaction, where VACUUM cannot
        # Issuing and annulling rewrote every decision row: vacuum, as autovacuum would, so that plans and
        # timings are those of a settled database, and refresh the planner's statistics.
        with connection.cursor() as cursor:
            for model in (Unit, ClusterMembership, Decision, Award) + ((person_model(),) if person_rows else ()):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        result.seconds["vacuum analyze"] = time.perf_counter() - mark
    result.seconds["total"] = time.perf_counter() - started
    return result


def _decisions_and_awards(rng, total, year_list, unit_rows, person_rows, result: SyntheticResult) -> None:
    began = time.perf_counter()
    types = {t.code: t for t in AwardType.objects.prefetch_related("grantors")}
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    authorities = {a.code: a for a in Authority.objects.select_related("issuer").filter(issuer__isnull=False)}
    mix = [m for m in AWARD_MIX if m[0] in types]
    # A decision's award type is drawn so that, with its size, each type gets its share of awards.
    weights = [share / ((low + mode + high) / 3) for _code, share, (low, mode, high), _kinds in mix]
    authority_of = {}
    for code, *_rest in mix:
        granted = [a for a in types[code].grantors.all() if a.code in authorities]
        authority_of[code] = authorities[granted[0].code]
    person_field = _award_person_field()
    # A tenth of the people (the first ones) get a third of the individual awards: long histories; most people
    # have one to three awards.
    person_weights = len(person_rows)
    collectives = [u for u in unit_rows]
    names = _Names(rng)

    decisions, awards = [], []  # decisions: (key, issuer, authority, date, summary, signer, title); awards rows
    per_year = [total // len(year_list) + (1 if i < total % len(year_list) else 0) for i in range(len(year_list))]
    for year, target in zip(year_list, per_year, strict=True):
        days = _dates(year, datetime.date(year, 12, 31))
        made = 0
        while made < target:
            date = rng.choice(days)
            valid = [
                (m, w)
                for m, w in zip(mix, weights, strict=True)
                if (types[m[0]].valid_from is None or types[m[0]].valid_from <= date)
                and (types[m[0]].valid_to is None or types[m[0]].valid_to >= date)
            ]
            (code, _share, (low, mode, high), kind_codes) = rng.choices([v[0] for v in valid], [v[1] for v in valid])[0]
            award_type = types[code]
            kind = _kind_on(kinds, rng.choice(kind_codes), date)
            size = min(_triangular(rng, low, mode, high), target - made)
            authority = authority_of[code]
            signer, title = rng.choice(SIGNERS.get(authority.issuer.code, [("Nguyễn Văn An", "Chủ tịch")]))
            key = len(decisions)
            decisions.append((key, authority.issuer, authority, date, kind, award_type, signer, title))
            allowed = award_type.allowed_recipient_kinds
            recipient_weights = [{"collective": 0.3, "individual": 0.66, "family": 0.04}[k] for k in allowed]
            for line in range(1, size + 1):
                recipient_kind = rng.choices(allowed, recipient_weights)[0]
                awards.append(
                    _award_row(
                        rng,
                        names,
                        key,
                        line,
                        award_type,
                        kind,
                        recipient_kind,
                        collectives,
                        person_rows,
                        person_weights,
                        person_field,
                    )  # fmt: skip
                )
            made += size

    result.seconds["  rows drawn (Python)"] = time.perf_counter() - began
    # Numbers per issuer and year, from 1 (or after what the register already holds), in date order.
    first_id = _next_ids(Decision, len(decisions))
    order = sorted(decisions, key=lambda d: (d[1].pk, d[3].year, d[3], d[0]))
    highest = {
        (row["issuer"], row["year"]): row["highest"]
        for row in Decision.objects.values("issuer", year=ExtractYear("date")).annotate(highest=Max("number"))
    }
    numbers, last_by_register = {}, {}
    for key, issuer, _a, date, *_rest in order:
        register = (issuer.pk, date.year)
        last = last_by_register.get(register, highest.get(register) or 0) + 1
        numbers[key] = last_by_register[register] = last
    rows = []
    for key, issuer, authority, date, kind, award_type, signer, title in decisions:
        created = datetime.datetime.combine(date, datetime.time(8, 0), VN_TZ)
        summary = f"Về việc tặng {award_type.name} ({kind.name.lower()}) {MARKER}"
        rows.append(
            (
                first_id + key,
                issuer.pk,
                authority.pk,
                numbers[key],
                f"QĐ-{issuer.code}",
                date,
                summary,
                signer,
                title,
                "draft",
                True,
                created,
                created,
                "",
            )  # fmt: skip
        )
    _copy(
        Decision,
        [
            "id",
            "issuer",
            "authority",
            "number",
            "symbol",
            "date",
            "summary",
            "signer_name",
            "signer_title",
            "status",
            "is_illustrative",
            "created_at",
            "updated_at",
            "annulment_reason",
        ],  # fmt: skip
        rows,
    )
    result.counts["decisions"] = len(rows)
    mark = time.perf_counter()

    columns = ["decision", "line_no", "award_type", "commendation_kind", "recipient_kind", "recipient_name",
               "position", "unit", "unit_name", "is_grassroots"]  # fmt: skip
    if person_field is not None:
        columns.append(person_field.name)
    result.counts["awards"] = _copy(
        Award,
        columns,
        ((first_id + row[0], *row[1:]) if person_field else (first_id + row[0], *row[1:10]) for row in awards),
    )
    result.seconds["  awards copied (row trigger checks each)"] = time.perf_counter() - mark
    if person_rows and person_field is None:
        mark = time.perf_counter()
        result.counts["awards linked to people"] = _person_links_copy(awards, first_id)
        result.seconds["  awards linked to their people"] = time.perf_counter() - mark
    mark = time.perf_counter()
    ids = [first_id + key for key in range(len(decisions))]
    with connection.cursor() as cursor:
        # Every numbered decision is issued (draft → issued, as the trigger allows), so the registers have no
        # gap; one in 500 is then annulled.
        cursor.execute(
            "UPDATE awards_decision SET status = 'issued', issued_at = created_at + interval '2 hours' "
            "WHERE id BETWEEN %s AND %s",
            [ids[0], ids[-1]],
        )
        annulled = sorted(rng.sample(ids, max(1, len(ids) // 500))) if ids else []
        cursor.execute(
            "UPDATE awards_decision SET status = 'annulled', annulled_at = issued_at + interval '30 days', "
            "annulment_reason = 'Ban hành nhầm đối tượng; thay thế bằng quyết định khác (dữ liệu tổng hợp).' "
            "WHERE id = ANY(%s)",
            [annulled],
        )
    result.counts["annulled decisions"] = len(annulled)
    result.seconds["  decisions issued and annulled"] = time.perf_counter() - mark
    provincial = set(Issuer.objects.filter(level=Issuer.Level.PROVINCIAL).values_list("pk", flat=True))
    for (issuer_id, year), last in last_by_register.items():
        if issuer_id in provincial:  # the portal numbers only the province's own decisions
            register, _ = NumberRegister.objects.get_or_create(issuer_id=issuer_id, year=year)
            if register.last_number < last:
                NumberRegister.objects.filter(pk=register.pk).update(last_number=last)


def _kind_on(kinds: dict, code: str, date: datetime.date):
    """The kind of commendation under its name on that date (2022 law: regular → merit, thematic → campaign)."""
    if date >= datetime.date(2024, 1, 1):
        code = {"regular": "merit", "thematic": "campaign"}.get(code, code)
    kind = kinds.get(code) or kinds["ad_hoc"]
    assert (kind.valid_from is None or kind.valid_from <= date) and (kind.valid_to is None or kind.valid_to >= date)
    return kind


def _award_row(rng, names, key, line, award_type, kind, recipient_kind, units, person_rows, person_weights, link):
    person_id = None
    if recipient_kind == "collective":
        unit = rng.choice(units)
        grassroots = unit[2] not in (Unit.Kind.PROVINCIAL_AGENCY, Unit.Kind.DISTRICT)
        if rng.random() < 0.5 or unit[2] != Unit.Kind.PROVINCIAL_AGENCY:
            name = unit[1]
        else:
            name = f"{rng.choice(['Văn phòng', 'Phòng Tổng hợp,', 'Phòng Nghiệp vụ,', 'Thanh tra'])} {unit[1]}"
        return (key, line, award_type.pk, kind.pk, recipient_kind, name, "", unit[0], "", grassroots, None)
    if recipient_kind == "family":
        head, female = names.person()
        district = rng.choice(list(COMMUNES))
        address = f"Thôn {rng.choice(VILLAGES)}, {rng.choice(COMMUNES[district])}, {district}"
        return (key, line, award_type.pk, kind.pk, recipient_kind, f"Gia đình {'bà' if female else 'ông'} {head}",
                "", None, address, True, None)  # fmt: skip
    if person_rows:
        index = rng.randrange(max(1, person_weights // 10)) if rng.random() < 0.33 else rng.randrange(person_weights)
        person_id, name, unit_id, position, grassroots = person_rows[index]
        return (key, line, award_type.pk, kind.pk, recipient_kind, name, position, unit_id, "", grassroots, person_id)
    name, _female = names.person()
    unit = rng.choice(units)
    grassroots = unit[2] not in (Unit.Kind.PROVINCIAL_AGENCY, Unit.Kind.DISTRICT)
    position = rng.choice(GRASSROOTS_POSITIONS if grassroots else OFFICE_POSITIONS)
    return (key, line, award_type.pk, kind.pk, recipient_kind, name, position, unit[0], "", grassroots, None)
