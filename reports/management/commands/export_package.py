"""Write a forwarded dossier's package for the central level (reports/package.py), e.g.

python manage.py export_package --dossier 7 -o goi-ho-so.zip

The export is audited like a download from the dossier's page (no user: the command line)."""

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from awards.models import Dossier
from reports.package import PackageRefused, dossier_package
from reports.package_services import dossier_package_record


class Command(BaseCommand):
    help = "Write the ZIP package of a forwarded dossier for the central level, with its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossier", type=int, required=True, help="The dossier's id (as in its page's address).")
        parser.add_argument("-o", "--output", required=True, help="The ZIP file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        dossier = Dossier.objects.select_related("unit").filter(pk=options["dossier"]).first()
        if dossier is None:
            raise CommandError(f"Không có hồ sơ số {options['dossier']}.")
        try:
            package = dossier_package(dossier=dossier)
        except PackageRefused as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        with package.file, output.open("wb") as out:
            shutil.copyfileobj(package.file, out)
        dossier_package_record(actor=None, dossier=dossier, package=package, channel="command")
        self.stdout.write(
            f"{output}: {len(package.manifest['files'])} tệp, {package.size} byte, SHA-256 {package.sha256}"
        )
