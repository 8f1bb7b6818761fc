"""The synthetic data set generator (manage.py generate_synthetic), at a small size."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import ExtractYear

from awards.models import Award, Decision, NumberRegister
from clusters.models import Cluster, ClusterMembership, Unit
from tests.factories import make_decision
from thiduakhenthuong.synthetic import MARKER, person_model

SMALL = {"awards": 2000, "people": 300, "units": 60, "years": 2, "last_year": 2024}


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", stdout=out, **{**SMALL, "seed": 7, **options})
    return out.getvalue()


def snapshot() -> tuple[list, list]:
    decisions = list(
        Decision.objects.order_by("issuer__code", "date", "number").values_list(
            "issuer__code", "number", "date", "status", "summary", "signer_name"
        )
    )
    awards = list(
        Award.objects.order_by("decision__issuer__code", "decision__date", "decision__number", "line_no").values_list(
            "decision__number",
            "line_no",
            "award_type__code",
            "commendation_kind__code",
            "recipient_kind",
            "recipient_name",
            "position",
            "unit__name",
            "unit_name",
            "is_grassroots",
        )  # fmt: skip
    )
    return decisions, awards


@pytest.mark.django_db
def test_the_data_set_has_the_asked_size_and_keeps_every_rule():
    output = generate()

    assert Award.objects.count() == 2000
    assert Unit.objects.count() == 60
    decisions = Decision.objects.all()
    assert decisions.count() > 20
    assert set(decisions.values_list("status", flat=True)) <= {"issued", "annulled"}
    # Every award has its register number (số sổ vàng): its position in its decision, as decision_issue gives it.
    from awards.models import RegisterNumber

    numbers = RegisterNumber.objects.filter(award__line_no=F("number"), decision=F("award__decision"))
    assert numbers.count() == Award.objects.count()
    assert all(summary.endswith(MARKER) for summary in decisions.values_list("summary", flat=True))
    assert set(decisions.annotate(y=ExtractYear("date")).values_list("y", flat=True)) == {2023, 2024}
    # Award types and kinds of commendation valid on the decision's date (2024 renamed the kinds).
    invalid_on_date = Q(award_type__valid_from__gt=F("decision__date")) | Q(
        award_type__valid_to__lt=F("decision__date")
    )
    invalid_on_date |= Q(commendation_kind__valid_from__gt=F("decision__date"))
    invalid_on_date |= Q(commendation_kind__valid_to__lt=F("decision__date"))
    assert not Award.objects.filter(invalid_on_date).exists()
    assert {"regular", "merit"} <= set(Award.objects.values_list("commendation_kind__code", flat=True))
    # Recipient kinds the award type allows; the decision's authority grants the award type and uses its issuer.
    assert not Award.objects.filter(
        Q(recipient_kind="collective", award_type__for_collective=False)
        | Q(recipient_kind="individual", award_type__for_individual=False)
        | Q(recipient_kind="family", award_type__for_family=False)
    ).exists()
    assert not Award.objects.exclude(award_type__grantors=F("decision__authority")).exists()
    assert not Decision.objects.exclude(authority__issuer=F("issuer")).exists()
    kinds = dict(Award.objects.values_list("award_type__code").annotate(n=Count("id")))
    assert kinds["BK_TINH"] > 2 * sum(n for code, n in kinds.items() if code.startswith("HC_"))
    # Numbers per issuer and year run from 1 without a gap; lines from 1 in each decision.
    for row in decisions.values("issuer", year=ExtractYear("date")).annotate(
        first=Min("number"), last=Max("number"), n=Count("id"), distinct=Count("number", distinct=True)
    ):
        assert (row["first"], row["last"], row["distinct"]) == (1, row["n"], row["n"]), row
    for row in Award.objects.values("decision").annotate(n=Count("id"), first=Min("line_no"), last=Max("line_no")):
        assert (row["first"], row["last"]) == (1, row["n"])
    ubnd_2024 = decisions.filter(issuer__code="UBND", date__year=2024).aggregate(last=Max("number"))["last"]
    assert NumberRegister.objects.get(issuer__code="UBND", year=2024).last_number == ubnd_2024
    # Every unit in exactly one cluster each year, each cluster with one leader.
    for year in (2023, 2024):
        assert ClusterMembership.objects.filter(year=year).count() == 60
    assert not Cluster.objects.annotate(leaders=Count("memberships", filter=Q(memberships__role="leader"))).exclude(
        leaders=1
    )
    if person_model() is None:
        assert "no people created" in output
    else:
        assert person_model().objects.count() == 300
        # Individual awards named after a person record link to it, and carry its name.
        from awards.models import PersonAward

        links = PersonAward.objects.select_related("award", "person")
        assert links.exists()
        assert all(link.award.recipient_name == link.person.full_name for link in links[:200])
        assert not links.exclude(award__recipient_kind="individual").exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    runs = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            generate(seed=seed)
            runs.append(snapshot())
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    assert runs[0][1] != runs[2][1]
    assert len(runs[0][1]) == 2000


@pytest.mark.django_db
def test_it_refuses_a_database_with_real_decisions_unless_forced():
    real = make_decision()

    with pytest.raises(CommandError, match="not synthetic"):
        generate()
    assert Award.objects.exclude(decision=real).count() == 0

    generate(force=True)
    assert Decision.objects.filter(pk=real.pk, status="issued").exists()
    assert Award.objects.exclude(decision=real).count() == 2000


@pytest.mark.django_db
def test_a_second_run_adds_beside_synthetic_data_numbering_after_it():
    generate()
    generate(seed=9)  # no --force needed beside synthetic decisions only

    assert Award.objects.count() == 4000
    assert (
        not Decision.objects.values("issuer", "number", year=ExtractYear("date"))
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )


@pytest.mark.django_db
def test_it_refuses_sqlite(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")

    with pytest.raises(CommandError, match="PostgreSQL"):
        generate()
    monkeypatch.undo()
    assert not Decision.objects.exists()
