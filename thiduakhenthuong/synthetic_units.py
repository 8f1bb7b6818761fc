"""Synthetic units, yearly clusters and people for generate_synthetic, and the COPY helpers it writes with."""

import datetime
import itertools
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection

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


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY rows (tuples in the order of `columns`, field names) into the model's table."""
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def next_ids(model, count: int) -> int:
    """Reserve `count` ids of the model's identity sequence; returns the first."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) FROM {table})")
        sequence, highest = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = max(cursor.fetchone()[0], highest + 1)
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
    return first


def triangular(rng: random.Random, low: int, mode: int, high: int) -> int:
    return max(low, min(high, round(rng.triangular(low, high, mode))))


class Names:
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


def units_create(rng: random.Random, count: int, years: list[int], result: SyntheticResult) -> list[tuple]:
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
    first = next_ids(Unit, len(specs))
    ids = {spec[0]: first + i for i, spec in enumerate(specs)}
    copy_rows(
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
        memberships += copy_rows(
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


def people_create(rng: random.Random, count: int, units: list[tuple], result: SyntheticResult) -> list[tuple]:
    """People, when clusters.Person exists: (id, name, unit id, position, grassroots)."""
    model = person_model()
    if model is None or count == 0:
        result.notes.append("No clusters.Person model yet: no people created, individual awards name free text.")
        return []
    names = Names(rng)
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
