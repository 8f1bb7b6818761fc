import time

from django.core.management.base import BaseCommand
from django.db import transaction

from awards.people.services import people_link_awards


class Command(BaseCommand):
    help = (
        "Link the individual awards of issued and annulled decisions that have no person record to the person each "
        "surely is (same name and unit, or the one person of that name already linked at the same workplace). "
        "Rows that fit several people are left for staff to merge the duplicates first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create a person for each recipient nobody fits (one per name and workplace), and link them.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would be done; change nothing.")

    def handle(self, *args, create_missing=False, dry_run=False, **options):
        started = time.perf_counter()
        with transaction.atomic():
            result = people_link_awards(
                actor=None,
                create_missing=create_missing,
                reason="manage.py link_people" + (" --create-missing" * create_missing),
            )
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(
            f"{'Would link' if dry_run else 'Linked'} {result.linked} awards; "
            f"{'would create' if dry_run else 'created'} {result.created} people; "
            f"{result.ambiguous} ambiguous (several people fit: merge the duplicates, then run again); "
            f"{result.skipped} skipped (nobody fits; --create-missing creates them) "
            f"in {time.perf_counter() - started:.2f} s."
        )
