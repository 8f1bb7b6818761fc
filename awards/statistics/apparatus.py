"""Writes of the province's emulation and commendation bodies and officers (biểu 0604, 0605): each service checks
its input, writes in one transaction and audits the change in it. Records, not drafts: no version is kept (as
for the document register), the last save wins."""

import datetime
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, model_snapshot
from awards.models import BodyKind, CommendationBody, CommendationOfficer, OfficerSex, TrainingLevel
from kernel.lib.formatting import vn_date
from kernel.types import Actor

# Nobody begins emulation and commendation work as a child: the youngest age the form accepts at its start.
YOUNGEST_AT_WORK = 16


@dataclass
class BodyFields:
    name: str
    kind: str
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None
    is_illustrative: bool = False


@dataclass
class OfficerFields:
    body: CommendationBody
    full_name: str
    sex: str
    birth_date: datetime.date
    training: str
    in_commendation_work_since: datetime.date
    joined_on: datetime.date
    left_on: datetime.date | None = None
    is_illustrative: bool = False


def _values(data: BodyFields | OfficerFields) -> dict:
    return {field.name: getattr(data, field.name) for field in fields(data)}


def _not_future(errors: dict[str, list[str]], name: str, value: datetime.date | None, label: str) -> None:
    today = timezone.localdate()
    if value is not None and value > today:
        errors.setdefault(name, []).append(
            _("%(what)s cannot be later than today (%(today)s).") % {"what": label, "today": vn_date(today)}
        )


def age_on(birth: datetime.date, *, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _body_errors(data: BodyFields) -> None:
    errors: dict[str, list[str]] = {}
    data.name = " ".join(data.name.split())
    if not data.name:
        errors["name"] = [_("Enter the name of the body.")]
    if data.kind not in BodyKind.values:
        errors["kind"] = [_("Choose the kind of body.")]
    if data.active_from and data.active_to and data.active_to < data.active_from:
        errors["active_to"] = [_("The body cannot end before it began.")]
    _not_future(errors, "active_from", data.active_from, _("The date it began"))
    if errors:
        raise ValidationError(errors)


def _officer_errors(data: OfficerFields) -> None:
    errors: dict[str, list[str]] = {}
    data.full_name = " ".join(data.full_name.split())
    if not data.full_name:
        errors["full_name"] = [_("Enter the officer's full name.")]
    if data.sex not in OfficerSex.values:
        errors["sex"] = [_("Choose the officer's sex.")]
    if data.training not in TrainingLevel.values:
        errors["training"] = [_("Choose the training level.")]
    since, birth = data.in_commendation_work_since, data.birth_date
    if age_on(birth, on=since) < YOUNGEST_AT_WORK:
        errors.setdefault("in_commendation_work_since", []).append(
            _("The work cannot begin before the officer is %(age)s years old (born %(birth)s).")
            % {"age": YOUNGEST_AT_WORK, "birth": vn_date(birth)}
        )
    if data.joined_on < since:
        errors.setdefault("joined_on", []).append(
            _("Joining the body is emulation and commendation work: it cannot come before %(since)s.")
            % {"since": vn_date(since)}
        )
    if data.left_on is not None and data.left_on < data.joined_on:
        errors.setdefault("left_on", []).append(_("The officer cannot leave before joining the body."))
    body = data.body
    if body.active_to is not None and data.joined_on > body.active_to:
        errors.setdefault("joined_on", []).append(
            _("%(body)s ended on %(end)s.") % {"body": body, "end": vn_date(body.active_to)}
        )
    for name, value, label in (
        ("birth_date", birth, _("The date of birth")),
        ("in_commendation_work_since", since, _("The start of the work")),
        ("joined_on", data.joined_on, _("The date of joining")),
        ("left_on", data.left_on, _("The date of leaving")),
    ):
        _not_future(errors, name, value, label)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def commendation_body_create(*, actor: Actor, fields: BodyFields) -> CommendationBody:
    _body_errors(fields)
    body = CommendationBody.objects.create(**_values(fields))
    audit_record(actor=actor, action="commendation_body.create", obj=body, before=None, after=model_snapshot(body))
    return body


@transaction.atomic
def commendation_body_update(*, actor: Actor, body: CommendationBody, fields: BodyFields) -> CommendationBody:
    _body_errors(fields)
    body = CommendationBody.objects.select_for_update().get(pk=body.pk)
    before = model_snapshot(body)
    for name, value in _values(fields).items():
        setattr(body, name, value)
    body.save()
    audit_record(actor=actor, action="commendation_body.update", obj=body, before=before, after=model_snapshot(body))
    return body


@transaction.atomic
def commendation_officer_create(*, actor: Actor, fields: OfficerFields) -> CommendationOfficer:
    _officer_errors(fields)
    officer = CommendationOfficer.objects.create(**_values(fields))
    audit_record(
        actor=actor, action="commendation_officer.create", obj=officer, before=None, after=model_snapshot(officer)
    )
    return officer


@transaction.atomic
def commendation_officer_update(
    *, actor: Actor, officer: CommendationOfficer, fields: OfficerFields
) -> CommendationOfficer:
    """Edit an officer; giving `left_on` records that they left the body (they stay listed, as former)."""
    _officer_errors(fields)
    officer = CommendationOfficer.objects.select_for_update().get(pk=officer.pk)
    before = model_snapshot(officer)
    for name, value in _values(fields).items():
        setattr(officer, name, value)
    officer.save()
    audit_record(
        actor=actor, action="commendation_officer.update", obj=officer, before=before, after=model_snapshot(officer)
    )
    return officer
