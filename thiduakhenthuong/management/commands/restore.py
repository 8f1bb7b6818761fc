from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thiduakhenthuong.backups.layout import BackupError, size_text
from thiduakhenthuong.backups.restore import restore_apply, restore_plan


class Command(BaseCommand):
    help = (
        "Restore a set written by `manage.py backup` into the configured database and storage. Verifies every "
        "SHA-256 of the set first and changes nothing when one fails, or when the backup's migrations are newer than "
        "this code. A database holding data, or storage holding other bytes under the set's file names, is replaced "
        "only with --force, after a confirmation (--no-input skips it). Stop the portal first. Then checks that "
        "every issued report's PDF matches its SHA-256 and every attachment opens with the backed-up bytes; exits "
        "non-zero when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="the backup set's folder")
        parser.add_argument("--force", action="store_true", help="replace a database that holds data")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="do not ask for confirmation"
        )

    def handle(self, *args, directory, force, interactive, **options):
        try:
            plan = restore_plan(Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from error
        except (KeyError, TypeError, ValueError) as error:  # a manifest edited by hand or cut short
            message = f"The manifest of {directory} is incomplete ({error!r}). Nothing was changed."
            raise CommandError(message) from error
        for warning in plan.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if plan.target_rows or plan.conflicts:
            found = [f"the database holds {plan.target_rows:,} rows"] if plan.target_rows else []
            if plan.conflicts:
                found.append(f"storage holds {len(plan.conflicts)} of the set's file names with other bytes")
            what = " and ".join(found)
            if not force:
                raise CommandError(f"Refusing to restore: {what}. Nothing was changed; --force replaces them.")
            if interactive:
                try:
                    answer = input(f"{what.capitalize()}: they will be replaced by the backup. Type 'yes' to go on: ")
                except EOFError:  # no terminal: as good as no
                    answer = ""
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled. Nothing was changed.")
        try:
            result = restore_apply(plan)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing_before:
            self.stderr.write(self.style.WARNING(f"Already missing when the backup was made: {name}"))
        if result.problems:
            raise CommandError(
                "\n  ".join(["The restored portal differs from the backup:", *result.problems[:50]])
                + (f"\n  … and {len(result.problems) - 50} more" if len(result.problems) > 50 else "")
            )
        self.stdout.write(
            f"Restored {plan.directory} (made {plan.manifest['created_at']}) in {result.seconds:.1f} s: "
            f"{result.rows:,} rows; {result.files_written:,} attachments written, {result.files_kept:,} already in "
            f"storage. Checked: {result.reports_checked} issued reports' PDFs match their SHA-256; "
            f"{result.files_checked:,} attachments open with the backed-up bytes ({size_text(result.file_bytes)})."
        )
        if result.replaced_aside is not None:
            self.stdout.write(
                f"The previous bytes of the {len(plan.conflicts)} files replaced in storage are in "
                f"{result.replaced_aside}: delete that folder once they are not needed."
            )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {result.pending_migrations} migrations of this code: run manage.py migrate."
                )
            )
