from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from audit.models import AuditLog


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None,
    after: dict | None,
    reason: str = "",
) -> AuditLog:
    """Write one audit entry. Callers are services already inside their own transaction, so the entry
    commits or rolls back with the change it describes."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        reason=reason,
    )
