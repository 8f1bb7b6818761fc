from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thiduakhenthuong.backups.create import backup_create
from thiduakhenthuong.backups.layout import BackupError, size_text


class Command(BaseCommand):
    help = (
        "Back up the database and the attachments its rows reference, as one consistent set, into DIR (created; "
        "an existing DIR must be empty): manifest.json (SHA-256 of every part, migration state, row counts), the "
        "dump (PostgreSQL: pg_dump --format=custom; SQLite: a copy) and files/<storage>/<name>. Fails when a "
        "referenced file is missing from storage, unless --allow-missing. Restore with `manage.py restore DIR`."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, metavar="DIR", help="new or empty folder to write into")
        parser.add_argument(
            "--allow-missing",
            action="store_true",
            help="back up even when referenced files are missing from storage (the manifest lists them)",
        )

    def handle(self, *args, output, allow_missing, **options):
        try:
            result = backup_create(directory=Path(output), allow_missing=allow_missing)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for entry in result.missing:
            self.stderr.write(self.style.WARNING(f"Missing from storage, not backed up: {entry['name']}"))
        unreferenced = "unknown (the storage cannot list)" if result.unreferenced is None else result.unreferenced
        self.stdout.write(
            f"Backup written to {result.directory} in {result.seconds:.1f} s: database {result.rows:,} rows in "
            f"{result.tables} tables (dump {size_text(result.dump_bytes)}); {result.files:,} attachments "
            f"({size_text(result.file_bytes)}); {unreferenced} files in storage referenced by no row left out; "
            f"{len(result.missing)} referenced files missing."
        )
