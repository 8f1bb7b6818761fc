"""Check a central-level package against its manifest, e.g.

python manage.py check_package goi-ho-so.zip

Exits 0 when every file the manifest lists is in the ZIP unchanged and nothing else is; otherwise prints each
problem (a missing, extra or altered file, a broken manifest) and exits 1. It reads the ZIP only, never the
database, so it runs on any copy of the portal, even one without its database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.package_check import package_check


class Command(BaseCommand):
    help = "Check a package's files against its manifest.json (no database needed)."
    requires_system_checks: list[str] = []  # the checks may query the database; this command never does

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The ZIP file to check.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = package_check(options["path"])
        if result.ok:
            self.stdout.write(f"Gói khớp bản kê: {result.checked} tệp đúng kích thước và SHA-256.")
            return
        for problem in result.problems:
            self.stdout.write(problem)
        raise CommandError(f"Gói không khớp bản kê: {len(result.problems)} vấn đề (xem trên).")
