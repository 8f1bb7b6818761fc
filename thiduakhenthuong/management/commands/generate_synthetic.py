from django.core.management.base import BaseCommand, CommandError

from thiduakhenthuong.synthetic import SyntheticRefused, generate


class Command(BaseCommand):
    help = (
        "Fill a scratch PostgreSQL database with a realistic synthetic data set (units in blocs and yearly "
        "clusters, people, award decisions and their awards) for benchmarks. Written with COPY in one "
        "transaction, not audited; every database constraint and trigger applies. Needs the catalog "
        "(load_catalog). Refuses SQLite, and a database holding real decisions unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="number of years, ending with --last-year")
        parser.add_argument("--last-year", type=int, default=2025)
        parser.add_argument("--awards", type=int, default=1_000_000)
        parser.add_argument("--people", type=int, default=200_000, help="ignored until clusters.Person exists")
        parser.add_argument("--units", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2018)
        parser.add_argument("--force", action="store_true", help="write even beside non-synthetic decisions")

    def handle(self, *args, years, last_year, awards, people, units, seed, force, **options):
        if years < 1 or awards < 0 or people < 0 or units < 50:
            raise CommandError("Use at least one year and 50 units, and no negative count.")
        try:
            result = generate(
                years=years,
                last_year=last_year,
                awards=awards,
                people=people,
                units=units,
                seed=seed,
                force=force,
                progress=lambda message: self.stdout.write(f"… {message}"),
            )
        except SyntheticRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        for name, count in result.counts.items():
            self.stdout.write(f"{name}: {count:,}")
        for name, seconds in result.seconds.items():
            self.stdout.write(f"{name}: {seconds:.1f} s")
