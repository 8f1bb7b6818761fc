"""Many rows written at once (audit.bulk.rows_copy): PostgreSQL's COPY, or bulk_create on another database, the
same rows either way; a database refusal is Django's IntegrityError as from an INSERT; a query capture counts the
COPY as one query. audit_record_many writes its entries through it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.bulk import rows_copy
from audit.models import AuditLog
from audit.services import audit_record_many
from clusters.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

# In another order than the table's: each value goes to its column.
COLUMNS = ("action", "object_id", "object_repr", "content_type_id", "created_at", "reason", "after", "before")


def _row(at, content_type, object_id, text, *, before=None, after=None, reason="", action="unit.test") -> tuple:
    return (action, object_id, text, content_type.pk, at, reason, after, before)


@pytest.fixture(params=["copy", "bulk_create"])
def database(request, monkeypatch):
    """Each test twice: through COPY, and as on a database without it (the bulk_create the other path takes)."""
    if request.param == "bulk_create":
        monkeypatch.setattr(connection, "vendor", "sqlite")
    return request.param


def test_the_rows_are_written_as_given_json_and_nulls_included(database):
    unit_type = ContentType.objects.get_for_model(Unit)
    at = timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 30, 15, 123456))
    after = {"tên": 'Sở Nội vụ \\ "Lạng Sơn"\n', "count": 2, "list": [1, None]}
    rows = [
        _row(at, unit_type, "1", "Sở Nội vụ", after=after, reason="Nhập từ Excel"),
        _row(at, unit_type, "2", "Sở Y tế", before={"a": None}),
    ]
    assert rows_copy(AuditLog, COLUMNS, iter(rows)) == 2
    first, second = AuditLog.objects.filter(action="unit.test").order_by("object_id")
    assert (first.actor, first.object_repr, first.reason) == (None, "Sở Nội vụ", "Nhập từ Excel")
    if database == "copy":  # bulk_create gives an auto_now_add field the time of writing instead
        assert first.created_at == second.created_at == at
    assert first.before is None and first.after == after
    assert second.before == {"a": None} and second.after is None and second.content_type == unit_type


def test_nothing_to_write_asks_nothing(database, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rows_copy(AuditLog, COLUMNS, []) == 0


def test_a_refused_row_is_an_integrity_error_and_leaves_nothing(database):
    unit_type = ContentType.objects.get_for_model(Unit)
    now = timezone.now()
    rows = [
        _row(now, unit_type, "1", "ok"),
        _row(now, unit_type, "2", "", action=None),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_copy(AuditLog, COLUMNS, rows)  # action NULL: refused by the database
    assert not AuditLog.objects.filter(action="unit.test").exists()


def test_a_column_the_model_lacks_is_refused_before_writing():
    with pytest.raises(ValueError, match="no column colour"):
        rows_copy(AuditLog, ("action", "colour"), [("unit.test", "red")])


def test_a_query_capture_counts_the_copy_as_one_query():
    unit_type = ContentType.objects.get_for_model(Unit)
    rows = [_row(timezone.now(), unit_type, str(i), "") for i in range(50)]
    with CaptureQueriesContext(connection) as captured:
        rows_copy(AuditLog, COLUMNS, rows)
    assert [q["sql"] for q in captured] == [
        'COPY "audit_auditlog" ("action", "object_id", "object_repr", "content_type_id", "created_at", "reason",'
        ' "after", "before") FROM STDIN -- 50 rows'
    ]


def test_audit_record_many_writes_one_entry_per_object_as_audit_record_would(database):
    clerk = User.objects.create_user("clerk")
    units = [UnitFactory(name="Sở Nội vụ"), Unit(pk=10**9, name="X" * 300)]  # a name past the entry's 255
    with transaction.atomic():
        written = audit_record_many(
            actor=clerk,
            action="unit.test",
            entries=[(units[0], None, {"tên": "Sở Nội vụ"}), (units[1], {"a": 1}, None)],
            reason="Nhập từ Excel",
        )
    assert written == 2
    entries = list(AuditLog.objects.filter(action="unit.test").order_by("id"))
    assert [(e.object_id, e.content_type.model, e.actor, e.reason) for e in entries] == [
        (str(units[0].pk), "unit", clerk, "Nhập từ Excel"),
        (str(units[1].pk), "unit", clerk, "Nhập từ Excel"),
    ]
    assert entries[0].object_repr == "Sở Nội vụ" and entries[1].object_repr == "X" * 255
    assert (entries[0].before, entries[0].after, entries[1].before, entries[1].after) == (
        None,
        {"tên": "Sở Nội vụ"},
        {"a": 1},
        None,
    )
    if database == "copy":  # one change, one time (bulk_create gives each its own)
        assert entries[0].created_at == entries[1].created_at


def test_audit_record_many_is_refused_outside_a_transaction():
    in_block = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the transaction"):
            audit_record_many(actor=None, action="unit.test", entries=[(UnitFactory.build(), None, None)])
    finally:
        connection.in_atomic_block = in_block


def test_a_naive_datetime_is_refused_before_anything_is_written(database):
    unit_type = ContentType.objects.get_for_model(Unit)
    naive = datetime.datetime(2026, 1, 1, 12, 0)  # COPY would store it as 12:00 UTC, the ORM read it as 12:00 +07
    with pytest.raises(ValueError, match="created_at"):
        rows_copy(AuditLog, COLUMNS, [_row(timezone.now(), unit_type, "1", "a"), _row(naive, unit_type, "2", "b")])
    assert not AuditLog.objects.filter(action="unit.test").exists()
