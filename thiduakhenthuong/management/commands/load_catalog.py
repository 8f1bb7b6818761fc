from django.core.management.base import BaseCommand
from django.db import transaction

from awards.consultations.rules import consultation_rules_load
from awards.decisions.catalog import catalog_load
from awards.decisions.register import register_rules_load
from clusters.catalog import ended_unit_rules_load
from kernel.roles import roles_ensure
from reports.certificate_catalog import certificate_templates_load
from reports.services import layouts_ensure, profiles_ensure
from reports.statistics_services import statistics_layouts_ensure


class Command(BaseCommand):
    help = (
        "Load the reference data every installation needs: the award catalog, kinds of commendation, "
        "authorities and issuing bodies, the rules on ended units and on public consultations, the certificates' "
        "numbering rules and templates, "
        "the Phụ lục 2 layouts and report wording (each valid for its dates), document formatting profiles, the annual "
        "statistical forms, and the role groups. "
        "Idempotent."
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
        for model, (made, rewritten) in (
            ("EndedUnitRule", ended_unit_rules_load(update=update)),
            ("ConsultationRule", consultation_rules_load(update=update)),
            ("RegisterRule", register_rules_load(update=update)),
            ("CertificateTemplate", certificate_templates_load(update=update)),
        ):
            if made:
                result.created[model] = made
            if rewritten:
                result.updated[model] = rewritten
        layouts = layouts_ensure()
        profiles_ensure()
        statistics = statistics_layouts_ensure()
        roles_ensure()
        created = ", ".join(f"{n} {m}" for m, n in result.created.items()) or "nothing new"
        refreshed = sum(result.updated.values())
        self.stdout.write(f"Catalog: {created}" + (f"; {refreshed} rows rewritten from the files." if update else "."))
        for layout in layouts:
            validity = f"{layout.valid_from or '…'} – {layout.valid_to or '…'}"
            self.stdout.write(f"{layout.get_kind_display()}: {layout.name}, {validity} ({layout.rows.count()} lines).")
        added = ", ".join(f"{n} {what}" for what, n in statistics.items() if n) or "nothing new"
        self.stdout.write(f"Statistical forms: {added}.")
