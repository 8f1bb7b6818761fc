from django.core.management.base import BaseCommand
from django.db import transaction

from awards.decisions.catalog import catalog_load
from kernel.roles import roles_ensure
from reports.services import layout_ensure_default_appendix2, layout_ensure_default_award_summary, profiles_ensure
from reports.statistics_services import statistics_layouts_ensure


class Command(BaseCommand):
    help = (
        "Load the reference data every installation needs: the award catalog, kinds of commendation, "
        "authorities and issuing bodies, the default Phụ lục 2 layout and report wording, "
        "document formatting profiles, the annual statistical forms, and the role groups. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="also rewrite existing catalog rows from fixtures/catalog (undoes changes made in the admin)",
        )

    @transaction.atomic
    def handle(self, *args, update=False, **options):
        result = catalog_load(update=update)
        layout = layout_ensure_default_appendix2()
        summary_layout = layout_ensure_default_award_summary()
        profiles_ensure()
        statistics = statistics_layouts_ensure()
        roles_ensure()
        created = ", ".join(f"{n} {m}" for m, n in result.created.items()) or "nothing new"
        refreshed = sum(result.updated.values())
        self.stdout.write(f"Catalog: {created}" + (f"; {refreshed} rows rewritten from the files." if update else "."))
        self.stdout.write(f"Phụ lục 2 layout: {layout.name} ({layout.rows.count()} lines).")
        added = ", ".join(f"{n} {what}" for what, n in statistics.items() if n) or "nothing new"
        self.stdout.write(f"Statistical forms: {added}.")
        self.stdout.write(
            f"Award figures in report texts: {summary_layout.name} ({summary_layout.rows.count()} lines)."
        )
