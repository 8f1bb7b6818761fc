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
import random
import time

from django.db import connection, transaction
from django.db.models import Max
from django.db.models.functions import ExtractYear
from django.utils import timezone

from awards.decisions.register import register_numbers_by_position_bulk
from awards.models import Authority, Award, AwardType, CommendationKind, Decision, NumberRegister
from campaigns.models import Issuer
from clusters.models import ClusterMembership, Unit
from thiduakhenthuong.demo import (
    COMMUNES,
    GRASSROOTS_POSITIONS,
    OFFICE_POSITIONS,
    VILLAGES,
)
from thiduakhenthuong.synthetic_units import (
    Names,
    SyntheticResult,
    copy_rows,
    next_ids,
    people_create,
    person_model,
    triangular,
    units_create,
)

MARKER = "(dữ liệu tổng hợp)"  # ends the summary of every synthetic decision


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
    return copy_rows(
        PersonAward,
        ["award", "person", "linked_at"],
        ((ids[key], person, now) for key, person in wanted.items() if key in ids),
    )


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
        unit_rows = units_create(rng, units, year_list, result)
        result.seconds["units and clusters"] = time.perf_counter() - started
        say(f"{len(unit_rows)} units, {result.counts['clusters']} clusters")

        mark = time.perf_counter()
        person_rows = people_create(rng, people, unit_rows, result)
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
    names = Names(rng)

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
            size = min(triangular(rng, low, mode, high), target - made)
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
    first_id = next_ids(Decision, len(decisions))
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
    copy_rows(
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
    result.counts["awards"] = copy_rows(
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
    if ids:  # their register numbers (số sổ vàng) by position, as decision_issue gives them, while still drafts
        result.counts["register numbers"] = register_numbers_by_position_bulk(
            first_decision_id=ids[0], last_decision_id=ids[-1]
        )
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
