"""Many rows of one table written at once, without a model instance per row: PostgreSQL's COPY, or bulk_create
on another database. It lives here, in the lowest layer, because the audit log writes its bulk entries through
it; the apps import it from kernel.bulk.

A 10,000-row Excel import wrote its awards, their person links and the links' audit entries through bulk_create:
a model instance per row, each value prepared by its field, then every column dumped as an array parameter of
one INSERT, about 0.4 s for the awards and as much for the audit entries. COPY takes the rows as tuples of
values (foreign keys as ids) and runs the same triggers, checks and deferred foreign keys as an INSERT. It
returns no ids: callers read back what they need."""

import datetime
import time
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.backends.utils import CursorDebugWrapper
from django.utils import timezone


def rows_copy(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Inserts `rows`, each the values of `columns` (the fields' column names, e.g. "award_type_id") as the model's
    fields hold them, into `model`'s table; returns how many. Defaults are not applied: give every column the row
    needs, timezone.now() to an auto_now_add field (which bulk_create sets again, to its own time)."""
    rows = list(rows)
    if not rows:
        return 0
    fields = [_field(model, column) for column in columns]
    datetimes_at = [i for i, field in enumerate(fields) if isinstance(field, models.DateTimeField)]
    for row in rows if datetimes_at else ():
        for i in datetimes_at:
            value = row[i]
            if isinstance(value, datetime.datetime) and timezone.is_naive(value):  # COPY: UTC; the ORM: local time
                raise ValueError(f"{columns[i]}: a naive datetime ({value}); give an aware one (timezone.now())")
    if connection.vendor != "postgresql":
        attnames = [field.attname for field in fields]
        model._default_manager.bulk_create(model(**dict(zip(attnames, row, strict=True))) for row in rows)
        return len(rows)
    json_at = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    if json_at:  # as the field writes it (its encoder; None is SQL NULL)
        rows = [_json_prepared(row, json_at, fields) for row in rows]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
    started = time.monotonic()
    # Through Django's error wrapper: a trigger's or constraint's refusal is django.db.IntegrityError, as from
    # an INSERT; the raw cursor, since Django's cursor has no COPY.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        if isinstance(cursor, CursorDebugWrapper):  # DEBUG or a test capturing queries: counted as one query
            connection.queries_log.append(
                {"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - started:.3f}"}
            )
    return len(rows)


def _field(model: type[models.Model], column: str) -> models.Field:
    for field in model._meta.concrete_fields:
        if field.column == column:
            return field
    raise ValueError(f"{model.__name__} has no column {column}")


def _json_prepared(row: Sequence[object], at: list[int], fields: list[models.Field]) -> list[object]:
    prepared = list(row)
    for i in at:
        prepared[i] = fields[i].get_db_prep_save(prepared[i], connection)
    return prepared
