"""Every total of every stored form equals the sum of its parts, on random data: a property test of the layout
over random groups (hypothesis), and the grand total against the awards themselves on random awards."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards.models import (
    Award,
    AwardType,
    BodyKind,
    Decision,
    IndividualClass,
    OfficerSex,
    ProposingBody,
    RecipientKind,
    StatisticsMethod,
    TrainingLevel,
)
from campaigns.models import Campaign
from reports.models import StatisticsForm
from reports.statistics import Layout, criteria_parse, statistics_compute, statistics_lay_out
from tests.reports.statistics_helpers import D, awarded

pytestmark = pytest.mark.django_db

UNCLASSIFIED = [""]


def _domains() -> dict[str, dict[str, list[str]]]:
    """Every value a group key may take, the unclassified "" included where the data may lack it."""
    return {
        "awards": {
            "type": list(AwardType.objects.values_list("code", flat=True)),
            "category": list(AwardType.Category.values),
            "level": list(AwardType.Level.values),
            "kind": list(RecipientKind.values),
            "class": IndividualClass.values + UNCLASSIFIED,
            "enterprise": ["1", "0", ""],
            "proposer": ProposingBody.values + UNCLASSIFIED,
            "method": StatisticsMethod.values + UNCLASSIFIED,
        },
        "campaigns": {
            "level": list(Campaign.Level.values),
            "scope": Campaign.Scope.values + UNCLASSIFIED,
            "method": Campaign.Method.values + UNCLASSIFIED,
            "duration": Campaign.DurationClass.values + UNCLASSIFIED,
        },
        "bodies": {"kind": list(BodyKind.values)},
        "officers": {
            "sex": list(OfficerSex.values),
            "age": ["le30", "31_40", "41_50", "51_55", "56_60", "gt60"],
            "training": list(TrainingLevel.values),
            "seniority": ["lt5", "5_10", "ge10"],
        },
    }


def _check_sums(layout: Layout, values: dict[str, list[int]], expected_total: int) -> None:
    columns = layout.columns
    total_column = next(i for i, c in enumerate(columns) if c.role == "total")
    sharing = [i for i, c in enumerate(columns) if c.role in ("part", "rest")]
    for row in layout.rows:
        cells = values[row.key]
        if sharing:  # the total column is the sum of the part columns, on every row
            assert cells[total_column] == sum(cells[i] for i in sharing), (row.key, cells)
        for i, c in enumerate(columns):
            if c.role == "of_which":
                assert cells[i] <= cells[total_column]
        parts = [r for r in layout.rows if r.parent_key == row.key and r.role in ("part", "rest")]
        if parts:  # the row is the sum of its parts, in every column
            for column in range(len(columns)):
                assert cells[column] == sum(values[p.key][column] for p in parts), (row.key, column)
        if row.role in ("total", "section"):
            assert cells[total_column] == expected_total, row.key
        if row.role == "of_which":
            parent = values[row.parent_key]
            assert all(mine <= theirs for mine, theirs in zip(cells, parent, strict=True))


def _layouts() -> list[Layout]:
    return [
        Layout(
            form.source, criteria_parse(form.scope, source=form.source), list(form.rows.all()), list(form.columns.all())
        )
        for form in StatisticsForm.objects.prefetch_related("rows", "columns").order_by("regime__signed_on", "code")
    ]


def test_every_total_of_every_form_is_the_sum_of_its_parts_on_random_groups():
    layouts, domains = _layouts(), _domains()
    assert len(layouts) == 8

    @st.composite
    def groups(draw, source):
        keys = domains[source]
        group = st.fixed_dictionaries({key: st.sampled_from(values) for key, values in keys.items()})
        return draw(st.lists(st.tuples(group, st.integers(min_value=1, max_value=50)), max_size=40))

    def check_layout(layout: Layout) -> None:
        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(data=groups(layout.source))
        def check(data):
            counted = statistics_lay_out(layout, data)
            in_scope = sum(n for group, n in data if all(group[k] in v for k, v in layout.scope.items()))
            assert counted.counted == in_scope
            assert counted.missed_by_rows == 0 and counted.missed_by_columns == 0
            _check_sums(layout, counted.values, in_scope)

        check()

    for layout in layouts:
        check_layout(layout)


def test_the_grand_total_equals_the_awards_counted_on_random_awards():
    rng = random.Random(14)
    state = ["HC_LAO_DONG_3", "BK_TTCP", "CSTD_TQ", "CO_TD_CP", "HCH_CSVV_1", "AHLD", "GT_HCM", "KNC_UBTVQH"]
    provincial = ["BK_TINH", "CSTD_TINH", "CO_TD_TINH", "KNC_TINH", "TTLDXS"]
    for _ in range(12):
        date = D(2023, 11, 20) + (D(2024, 12, 10) - D(2023, 11, 20)) * rng.random()
        authority = rng.choice(["president", "prime_minister", "provincial_chair"])
        pool = provincial if authority == "provincial_chair" else state
        if authority == "president":
            pool = [c for c in state if AwardType.objects.get(code=c).grantors.filter(code="president").exists()]
        if authority == "prime_minister":
            pool = [c for c in state if AwardType.objects.get(code=c).grantors.filter(code="prime_minister").exists()]
        rows = []
        for _ in range(rng.randint(1, 5)):
            award = AwardType.objects.get(code=rng.choice(pool))
            kind = rng.choice(award.allowed_recipient_kinds)
            # Classes only where they apply (awards migration 0022 refuses the others), some left out.
            classes = {}
            if kind == "individual" and rng.random() < 0.7:
                classes["individual_class"] = rng.choice(IndividualClass.values)
            if kind == "collective" and rng.random() < 0.7:
                classes["is_enterprise"] = rng.choice([True, False])
            if authority != "provincial_chair" and rng.random() < 0.7:
                classes["proposing_body"] = rng.choice(ProposingBody.values)
            rows.append((award.code, rng.choice(["ad_hoc", "foreign", "dedication"]), kind, classes or None))
        awarded(authority=authority, date=date, rows=rows, issued=rng.random() < 0.85)
    for form, level in (("0602", "state"), ("0603", "provincial")):
        table = statistics_compute(form_code=form, year=2024)
        expected = Award.objects.filter(
            decision__status=Decision.Status.ISSUED,
            decision__date__range=(D(2023, 12, 1), D(2024, 11, 30)),
            award_type__level=level,
        ).count()
        assert table.counted == expected == table.rows[0].values[0]
        total_column = [c.role for c in table.columns].index("total")
        sharing = [i for i, c in enumerate(table.columns) if c.role in ("part", "rest")]
        assert sum(table.rows[0].values[i] for i in sharing) == table.rows[0].values[total_column]
