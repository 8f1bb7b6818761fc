"""Recording who took a central-level package (reports/package.py): each download and each export from the
command line is an audit entry naming the dossier, the ZIP's SHA-256 and size, and how many files it held."""

from django.db import transaction

from audit.models import AuditLog
from audit.services import audit_record
from awards.models import Dossier
from kernel.types import Actor
from reports.package import Package

PACKAGE_ACTION = "dossier.package"


@transaction.atomic
def dossier_package_record(*, actor: Actor, dossier: Dossier, package: Package, channel: str) -> AuditLog:
    """channel: "download" (the dossier's page) or "command" (manage.py export_package)."""
    return audit_record(
        actor=actor,
        action=PACKAGE_ACTION,
        obj=dossier,
        before=None,
        after={
            "channel": channel,
            "filename": package.filename,
            "sha256": package.sha256,
            "size": package.size,
            "files": len(package.manifest["files"]),
            "letter": package.manifest["letter_note"],
            "generated_at": package.manifest["generated_at"],
        },
    )
