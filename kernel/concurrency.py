"""No lost updates: every draft a form edits (decision, dossier, report and its sections, campaign) has a `version`
column, and every service that writes what the form shows moves it on by one in the database, inside its own
transaction, through `version_bump`. An edit form sends back the version it was loaded from; a save over a newer
one raises `EditConflict` and writes nothing.

The compare-and-increment is one guarded UPDATE (`… SET version = version + 1 WHERE id = … AND version = …`), so
the database, not Python, decides which of two simultaneous saves of the same version wins: the second waits for
the first's row lock, then finds the version changed and updates no row."""

from django.core.exceptions import ValidationError
from django.db import connection, migrations, models
from django.db.models import F
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Someone saved the object after the form was loaded: `expected_version` is what the form was loaded from,
    `current_version` what the database holds now (None if the object is gone)."""

    def __init__(self, *, expected_version: int, current_version: int | None) -> None:
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            _("Someone else saved this after you opened it (version %(current)s, you opened %(expected)s).")
            % {"current": current_version, "expected": expected_version}
        )


def _version_of(model: type[models.Model], pk: object) -> int | None:
    return model._default_manager.filter(pk=pk).values_list("version", flat=True).first()


def version_bump(obj: models.Model, *, expected_version: int | None) -> int:
    """Move `obj`'s version on by one in the database and on `obj` (so that a later `save()` keeps it), checking
    it is still `expected_version` (None: no check, for writes that no form loaded, such as an import or a
    transition). Call inside the writing service's transaction, before it writes anything else, so that a refusal
    leaves nothing written and a success holds the row locked until the commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("version_bump must run inside the transaction of the change it guards")
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) != 1:
        raise EditConflict(expected_version=expected_version or 0, current_version=_version_of(model, obj.pk))
    version = _version_of(model, obj.pk)
    assert version is not None  # the row was just updated and is locked by this transaction
    obj.version = version  # type: ignore[attr-defined]  # every versioned model has the column
    return version


def version_column_added(*, model_name: str, table: str) -> migrations.SeparateDatabaseAndState:
    """The migration operation adding `version` to a table. Not AddField: SQLite rebuilds a table for a NOT NULL
    column, which would drop the triggers guarding decisions and reports; an ALTER TABLE keeps them. The database
    default of 1 also serves rows written by COPY (manage.py generate_synthetic), which name no version."""
    column = "version integer NOT NULL DEFAULT 1 CHECK (version >= 0)"
    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AddField(
                model_name=model_name,
                name="version",
                field=models.PositiveIntegerField(default=1, db_default=1, editable=False, verbose_name="version"),
            )
        ],
        database_operations=[
            migrations.RunSQL(f"ALTER TABLE {table} ADD COLUMN {column}", f"ALTER TABLE {table} DROP COLUMN version")
        ],
    )
