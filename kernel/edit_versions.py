"""The edit form's side of kernel.concurrency: the version a form was loaded from travels in one hidden field, and a
save refused as out of date comes back with the user's input and what changed meanwhile.

The hidden field holds, signed (django.core.signing, so it cannot be forged or edited) and compressed, the version
and the values the form showed when it was loaded. Why the values and not only the version: the audit log's
snapshots differ by object and some writes (files, transitions) record only part of them, whereas a copy of what
the form showed always compares like with like with the same function applied to the object as it is now. A
decision of several hundred rows makes a hidden field of some kilobytes."""

import datetime
import enum
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import AuditLog
from kernel.lib.formatting import vn_date

SALT = "kernel.edit_versions"
NAMES_SHOWN = 10
Row = tuple[str, str]  # (who the row names, the rest of the row as shown)


@dataclass(frozen=True)
class EditState:
    """What an edit form shows of an object: each field's value as text, and its rows, if it has any."""

    fields: dict[str, str]
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    version: int
    state: EditState
    last_entry: int  # the object's last audit entry when the form was loaded: later ones are what happened since


@dataclass(frozen=True)
class FieldChange:
    label: str
    loaded: str
    current: str


@dataclass(frozen=True)
class RowChanges:
    added: list[str]
    removed: list[str]
    changed: list[str]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def parts(self) -> list[str]:
        """ "2 added: A, B", "1 removed: C"…, naming at most NAMES_SHOWN rows of each."""
        found = []
        for names, text in (
            (self.added, ngettext("%(n)s added: %(names)s", "%(n)s added: %(names)s", len(self.added))),
            (self.removed, ngettext("%(n)s removed: %(names)s", "%(n)s removed: %(names)s", len(self.removed))),
            (self.changed, ngettext("%(n)s changed: %(names)s", "%(n)s changed: %(names)s", len(self.changed))),
        ):
            if names:
                shown = ", ".join(names[:NAMES_SHOWN]) + (", …" if len(names) > NAMES_SHOWN else "")
                found.append(text % {"n": len(names), "names": shown})
        return found


@dataclass(frozen=True)
class Saved:
    """One write since the form was loaded, from the audit log."""

    who: str
    at: datetime.datetime
    action: str

    @classmethod
    def of(cls, entry: AuditLog) -> "Saved":
        actor = entry.actor
        who = (actor.get_full_name() or actor.get_username()) if actor else _("the system")
        return cls(who=who, at=entry.created_at, action=entry.action_label)


@dataclass(frozen=True)
class Conflict:
    saved_by: list[Saved]
    fields: list[FieldChange]
    rows: RowChanges
    rows_label: str
    current_url: str


def _object_key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def edit_token(obj: Model, state: EditState, *, last_entry: int) -> str:
    """The hidden field's value for a form showing `state` of `obj` at its current version."""
    payload = {
        "a": last_entry,
        "o": _object_key(obj),
        "v": getattr(obj, "version"),  # noqa: B009  (each versioned model has the column; Model does not say so)
        "f": state.fields,
        "r": [list(row) for row in state.rows],
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def edit_token_read(token: str | None, obj: Model) -> Loaded | None:
    """What the form was loaded from, or None when the field is missing, edited, or made for another object."""
    try:
        payload = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("o") != _object_key(obj):
        return None
    state = EditState(fields=payload["f"], rows=[(name, rest) for name, rest in payload["r"]])
    return Loaded(version=int(payload["v"]), state=state, last_entry=int(payload["a"]))


def _shown(form_field: forms.Field, value: object) -> str:
    """A field's initial value as the form shows it: the label of a choice, a date as dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if isinstance(value, enum.Enum) and isinstance(form_field, forms.ChoiceField):
        # A choice beside a model field's rows (e.g. a report layout left to the period's dates): its label.
        return str(dict(form_field.choices).get(value.value, value.value))  # type: ignore[arg-type]
    if isinstance(form_field, forms.ModelChoiceField):
        if not isinstance(value, Model) and form_field.queryset is not None:
            value = form_field.queryset.filter(pk=value).first()
        return str(value or "")
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(value, value))  # type: ignore[arg-type]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return vn_date(value)
    return str(value).strip()


def form_state_fields(form: forms.BaseForm, *, skip: Iterable[str] = ("reason",)) -> dict[str, str]:
    """Each field of an unbound form, as its initial values show it."""
    return {
        name: _shown(form_field, form.get_initial_for_field(form_field, name))
        for name, form_field in form.fields.items()
        if name not in skip
    }


def form_labels(form: forms.BaseForm) -> dict[str, str]:
    return {name: str(form_field.label or name) for name, form_field in form.fields.items()}


def _row_changes(loaded: list[Row], current: list[Row]) -> RowChanges:
    was, now = Counter(loaded), Counter(current)
    removed, added = list((was - now).elements()), list((now - was).elements())
    # A name both removed and added is a row whose other values changed.
    changed_names = Counter(name for name, _rest in removed) & Counter(name for name, _rest in added)
    changed = list(changed_names.elements())
    return RowChanges(
        added=list((Counter(name for name, _rest in added) - changed_names).elements()),
        removed=list((Counter(name for name, _rest in removed) - changed_names).elements()),
        changed=changed,
    )


class EditGuard:
    """One edit page's version field: the token to render, what the POST was loaded from, and on a refused save
    what changed meanwhile. `state` reads the object as it is now, from the database."""

    def __init__(
        self,
        request: HttpRequest,
        obj: Model,
        *,
        state: Callable[[], EditState],
        labels: dict[str, str],
        history: Callable[[], QuerySet[AuditLog]],
        current_url: str,
        rows_label: str = "",
    ) -> None:
        self.request, self.obj, self._state, self.labels = request, obj, state, labels
        self._history, self.current_url, self.rows_label = history, current_url, rows_label
        self.conflict: Conflict | None = None
        self.problem = ""
        self._posted = request.POST.get("version") if request.method == "POST" else None
        self._loaded = edit_token_read(self._posted, obj) if request.method == "POST" else None
        if request.method == "POST" and self._loaded is None:
            # Said whatever else is wrong with the input, and nothing is saved (expected_version gives None).
            self.problem = _(
                "This page's version mark is missing or damaged, so it cannot be told whether someone saved in the "
                "meantime. Nothing was saved; your input is below. Check the current version, then save again."
            )
        # A page opened (or come back with a damaged field) gets its token now, from the object as the view read it
        # before building the form: never refreshed later, so that a save landing since makes this page's save
        # refused, not lost (a token with a newer version than the form shows would overwrite that save).
        self._fresh = self._snapshot() if self._loaded is None else ""

    def _snapshot(self) -> str:
        """A token of `self.obj` as held in memory: its version, read before (or with) what `state` reads now, so
        that any save landing in between is a conflict, never lost. (A save landing between the view's read and
        `last_entry` is still refused, only not listed as saved since.)"""
        last_entry = self._last_entry()
        return edit_token(self.obj, self._state(), last_entry=last_entry)

    def _last_entry(self) -> int:
        return self._history().order_by("-id").values_list("id", flat=True).first() or 0

    @property
    def token(self) -> str:
        """The posted token while the page only comes back with errors of its input (the user still edits the
        version they opened); a fresh one on opening, after a conflict or a damaged field."""
        if self._posted and self._loaded and not self.conflict:
            return self._posted
        return self._fresh  # built with the form (on opening) or with the conflict table (refused): not re-read here

    @property
    def status(self) -> int | None:
        return 409 if self.conflict else 400 if self.problem else None

    def expected_version(self) -> int | None:
        """The version the posted form was loaded from; None (with `problem` set) when the field is missing or
        damaged: the view then saves nothing and shows the page again with the input."""
        return self._loaded.version if self._loaded else None

    def refused(self) -> Conflict:
        """The save was refused as out of date (EditConflict): who saved since, and what differs."""
        assert self._loaded is not None
        # One read serves the table and the new token: the page then shows the values its token's version holds.
        last_entry = self._last_entry()
        self.obj.refresh_from_db()
        loaded, current = self._loaded.state, self._state()
        self._fresh = edit_token(self.obj, current, last_entry=last_entry)
        changes = [
            FieldChange(self.labels.get(name, name), loaded.fields.get(name, ""), value)
            for name, value in current.fields.items()
            if loaded.fields.get(name, "") != value
        ]
        since = self._history().filter(id__gt=self._loaded.last_entry).order_by("id")
        self.conflict = Conflict(
            saved_by=[Saved.of(entry) for entry in since],
            fields=changes,
            rows=_row_changes(loaded.rows, current.rows),
            rows_label=self.rows_label,
            current_url=self.current_url,
        )
        return self.conflict
