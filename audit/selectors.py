from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from audit.models import AuditLog


def audit_entries_for(*, obj: Model) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
