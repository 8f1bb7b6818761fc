import pytest
from django.db import IntegrityError, transaction

from audit.models import AuditLog
from audit.services import audit_record
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_entries_are_append_only():
    with transaction.atomic():
        entry = audit_record(actor=None, action="unit.test", obj=UnitFactory(), before=None, after={"a": 1})
    entry.reason = "sửa lại"
    with pytest.raises(IntegrityError, match="audit_log_append_only"), transaction.atomic():
        entry.save()
    with pytest.raises(IntegrityError, match="audit_log_append_only"), transaction.atomic():
        AuditLog.objects.filter(pk=entry.pk).delete()


def test_an_entry_is_written_only_inside_the_change_transaction(django_db_blocker):
    # pytest-django wraps each test in a transaction; outside any atomic block the helper refuses.
    from django.db import connection

    unit = UnitFactory()
    in_block = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the transaction"):
            audit_record(actor=None, action="unit.test", obj=unit, before=None, after=None)
    finally:
        connection.in_atomic_block = in_block
