import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from audit.bulk import rows_copy
from audit.models import AuditLog
from audit.types import Actor


def acting_user(actor: Actor) -> User | None:
    """The user to record for an action: a logged-in user, or nobody (a command or a data load)."""
    return actor if actor is not None and actor.is_authenticated else None


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    before: dict | None,
    after: dict | None,
    reason: str = "",
    object_pk: object = None,
) -> AuditLog:
    """Write one audit entry. Callers are services already inside their own transaction, so the entry
    commits or rolls back with the change it describes. `object_pk` names a row that is being deleted."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    return AuditLog.objects.create(
        actor=acting_user(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(object_pk if object_pk is not None else obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        reason=reason,
    )


# The columns audit_record_many writes, in its rows' order.
_COLUMNS = (
    "created_at",
    "actor_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
)


def audit_record_many(
    *, actor: Actor, action: str, entries: Iterable[tuple[models.Model, dict | None, dict | None]], reason: str = ""
) -> int:
    """audit_record for many objects at once (one COPY on PostgreSQL, audit.bulk): a bulk service writes one entry
    per row it changed without one query, nor one AuditLog instance, per row. `entries` are (object, before,
    after); they share one time. Returns how many were written."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction of the changes it records")
    user = acting_user(actor)
    actor_id = user.pk if user is not None else None
    now = timezone.now()
    content_types: dict[type, int] = {}
    rows = []
    for obj, before, after in entries:
        kind = type(obj)
        if kind not in content_types:
            content_types[kind] = ContentType.objects.get_for_model(obj).pk
        rows.append((now, actor_id, action, content_types[kind], str(obj.pk), str(obj)[:255], before, after, reason))
    return rows_copy(AuditLog, _COLUMNS, rows)


SECRET_FIELDS = {"password"}


def model_snapshot(obj: models.Model) -> dict:
    """A row as plain JSON (dates as ISO text, relations as primary keys, stored bytes by their SHA-256), for
    before/after in the log."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:  # a password hash never goes to the log
            data[field.name] = "(hidden)"
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.BinaryField):  # a certificate, a PDF, an image: its hash, not its bytes
            data[field.name] = hashlib.sha256(bytes(value)).hexdigest() if value else None
            continue
        data[field.name] = value if value is None or isinstance(value, bool | int | float | str) else str(value)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(related.pk for related in field.value_from_object(obj))
    return data
