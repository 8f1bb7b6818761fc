"""Writes for the document register, campaigns, units' registrations and clusters' covenants.

Each service checks everything first (all at once, by field, so a form can show every message), then writes
the row and its audit entry in one transaction; database constraints back the same rules."""

import datetime
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.services import audit_record, model_snapshot
from campaigns.files import sniff_document_kind
from campaigns.models import Campaign, Covenant, Document, Registration
from clusters.models import Cluster, Unit
from kernel.concurrency import version_bump
from kernel.lib.formatting import vn_date
from kernel.lib.symbols import DocumentSymbol, SymbolError, parse_symbol
from kernel.types import Actor, text_max_length

EARLIEST_DATE = datetime.date(1945, 1, 1)


@dataclass
class DocumentFields:
    number_and_symbol: str  # as typed: "05/BC-UBND", "30/2014/QĐ-UBND", "22-CT/TW"
    date: datetime.date | None
    summary: str
    direction: str = Document.Direction.ISSUED
    issued_by: str = ""
    file: File | None = None  # a new attachment; None keeps the current one


class DocumentInvalid(ValidationError):
    """Messages by field name (the names of DocumentFields, plus "reason")."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields
        super().__init__([message for messages in fields.values() for message in messages])


def _parsed_symbol(text: str, errors: dict) -> DocumentSymbol | None:
    try:
        parsed = parse_symbol(text)
    except SymbolError as error:
        errors.setdefault("number_and_symbol", []).append(str(error))
        return None
    limits = {"symbol": parsed.symbol, "type_code": parsed.type_code or "", "issuer_code": parsed.issuer_code}
    limits["drafting_unit"] = parsed.drafting_unit or ""
    if any(len(value) > text_max_length(Document, name) for name, value in limits.items()):
        errors.setdefault("number_and_symbol", []).append(_("This symbol is too long."))
        return None
    return parsed


def _file_errors(upload: File) -> list[str]:
    limit = settings.DOCUMENT_FILE_MAX_BYTES
    if upload.size > limit:
        return [_("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}]
    if sniff_document_kind(upload) is None:
        return [
            _(
                "The file is not a PDF, Word (DOCX, DOC), Excel (XLSX) or OpenDocument text (ODT) document "
                "(its content is checked, not its name)."
            )
        ]
    return []


def _document_errors(fields: DocumentFields, *, exclude_pk: int | None = None) -> tuple[DocumentSymbol | None, dict]:
    errors: dict[str, list[str]] = {}
    parsed = _parsed_symbol(fields.number_and_symbol, errors)
    today = timezone.localdate()
    if fields.date is None:
        errors["date"] = [_("Enter the date of the document.")]
    elif fields.date > today:
        errors["date"] = [_("The date cannot be later than today (%(today)s).") % {"today": vn_date(today)}]
    elif fields.date < EARLIEST_DATE:
        errors["date"] = [_("The date cannot be before 1945.")]
    if not fields.summary.strip():
        errors["summary"] = [_("Enter the summary (trích yếu) of the document.")]
    if fields.direction not in Document.Direction.values:
        errors["direction"] = [_("Choose whether the document was issued or received.")]
    if fields.file is not None:
        if file_errors := _file_errors(fields.file):
            errors["file"] = file_errors
    if parsed and fields.date and "date" not in errors and "direction" not in errors:
        taken = Document.objects.filter(
            number=parsed.number, symbol=parsed.symbol, date__year=fields.date.year, direction=fields.direction
        )
        existing = taken.exclude(pk=exclude_pk).first() if exclude_pk else taken.first()
        if existing:
            errors.setdefault("number_and_symbol", []).append(
                _(
                    "%(symbol)s of %(year)s is already in the register: "
                    "%(type)s %(existing)s of %(date)s, “%(summary)s”."
                )
                % {
                    "symbol": str(parsed),
                    "year": fields.date.year,
                    "type": existing.type_name,
                    "existing": existing.number_symbol,
                    "date": vn_date(existing.date),
                    "summary": existing.summary[:80],
                }
            )
    return parsed, errors


def _file_name(document: Document, kind: str) -> str:
    stem = slugify(document.number_symbol.replace("Đ", "D").replace("đ", "d").replace("/", "-"))
    return f"{document.date:%Y%m%d}-{stem or 'van-ban'}.{kind}"


def _apply(document: Document, fields: DocumentFields, parsed: DocumentSymbol) -> None:
    assert fields.date is not None  # _document_errors refused a missing date
    document.direction = fields.direction
    document.number = parsed.number
    document.symbol = parsed.symbol
    document.symbol_year = parsed.year
    document.type_code = parsed.type_code or ""
    document.issuer_code = parsed.issuer_code
    document.drafting_unit = parsed.drafting_unit or ""
    document.date = fields.date
    document.issued_by = fields.issued_by.strip()
    document.summary = fields.summary.strip()
    if fields.file is not None:
        # Kept files are never overwritten or deleted: the audit log names every version.
        kind = sniff_document_kind(fields.file)
        assert kind is not None  # _file_errors refused a file of no known kind
        document.file.save(_file_name(document, kind), fields.file, save=False)


def _save(
    document: Document,
    fields: DocumentFields,
    parsed: DocumentSymbol,
    *,
    action: str,
    actor: Actor,
    before: dict | None,
    reason: str,
) -> Document:
    try:
        with transaction.atomic():
            _apply(document, fields, parsed)
            document.save()
            audit_record(
                actor=actor, action=action, obj=document, before=before, after=model_snapshot(document), reason=reason
            )
    except IntegrityError as error:
        if fields.file is not None and document.file.name:  # a FieldFile is true when it has a name
            document.file.storage.delete(document.file.name)
        if "document_number_unique_per_year" in str(error):
            raise DocumentInvalid(
                {"number_and_symbol": [_("This number and symbol was taken by another document a moment ago.")]}
            ) from error
        raise
    return document


def document_create(*, actor: Actor, fields: DocumentFields, reason: str = "") -> Document:
    parsed, errors = _document_errors(fields)
    if errors or parsed is None:  # no symbol parsed is always an error
        raise DocumentInvalid(errors)
    return _save(Document(), fields, parsed, action="document.create", actor=actor, before=None, reason=reason)


def document_update(*, actor: Actor, document: Document, fields: DocumentFields, reason: str) -> Document:
    reason = (reason or "").strip()
    parsed, errors = _document_errors(fields, exclude_pk=document.pk)
    if not reason:
        errors["reason"] = [_("Give the reason for changing this register entry.")]
    if errors or parsed is None:  # no symbol parsed is always an error
        raise DocumentInvalid(errors)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        before = model_snapshot(document)
        return _save(document, fields, parsed, action="document.update", actor=actor, before=before, reason=reason)


# A campaign moves forward only: planned → under way → closed.
CAMPAIGN_TRANSITIONS: dict[str, set[str]] = {
    Campaign.Status.PLANNED: {Campaign.Status.ACTIVE},
    Campaign.Status.ACTIVE: {Campaign.Status.CLOSED},
    Campaign.Status.CLOSED: set(),
}
STATUS_ACTIONS: dict[str, str] = {Campaign.Status.ACTIVE: "campaign.open", Campaign.Status.CLOSED: "campaign.close"}
# The higher the level, the smaller the rank: a campaign answers one of a smaller rank.
LEVEL_RANK: dict[str, int] = {Campaign.Level.CENTRAL: 0, Campaign.Level.PROVINCIAL: 1, Campaign.Level.UNIT: 2}
# Clusters sign their covenant at the start of the year, sometimes at the year-end conference just before it.
COVENANT_EARLIEST = (11, 1)  # 1 November of the year before


class Invalid(ValidationError):
    """Messages by form field name; `None` for the input as a whole."""

    def __init__(self, errors: dict[str | None, list[str]]):
        self.errors = errors
        super().__init__([m for messages in errors.values() for m in messages])


class _Errors(dict[str | None, list[str]]):
    def add(self, name: str | None, message: str) -> None:
        self.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise Invalid(dict(self))


def _as_kwargs(data: "CampaignFields | RegistrationFields") -> dict:  # both defined below
    return {f.name: getattr(data, f.name) for f in dataclass_fields(data)}


def _not_after_today(errors: _Errors, name: str, date: datetime.date) -> None:
    today = timezone.localdate()
    if date > today:
        errors.add(name, _("This date cannot be later than today (%(today)s).") % {"today": vn_date(today)})


# Campaigns.


@dataclass
class CampaignFields:
    name: str
    kind: str
    level: str
    start_date: datetime.date
    organiser: str
    end_date: datetime.date | None = None
    parent: Campaign | None = None
    launching_document: Document | None = None
    organising_unit: Unit | None = None
    status: str = Campaign.Status.ACTIVE
    description: str = ""
    # The annual statistics' classes (campaigns.statistics); empty: not classified.
    scope: str = ""
    method: str = ""
    duration_class: str = ""


def campaign_snapshot(campaign: Campaign) -> dict:
    plain = ("name", "kind", "level", "organiser", "status", "description", "scope", "method", "duration_class")
    snapshot: dict[str, object] = {name: getattr(campaign, name) for name in plain}
    return snapshot | {
        "parent": campaign.parent_id,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat() if campaign.end_date else None,
        "launching_document": str(campaign.launching_document) if campaign.launching_document_id else None,
        "organising_unit": campaign.organising_unit_id,
    }


def _campaign_errors(fields: CampaignFields, *, campaign: Campaign | None = None) -> None:
    errors = _Errors()
    if not fields.name.strip():
        errors.add("name", _("Enter the name of the campaign."))
    if not fields.organiser.strip():
        errors.add("organiser", _("Enter who organises the campaign."))
    if fields.end_date and fields.end_date < fields.start_date:
        errors.add("end_date", _("The campaign ends before it starts."))
    parent = fields.parent
    if parent is not None:
        if campaign is not None and parent.pk == campaign.pk:
            errors.add("parent", _("A campaign cannot answer itself."))
        elif LEVEL_RANK[parent.level] >= LEVEL_RANK[fields.level]:
            errors.add(
                "parent",
                _("A %(level)s campaign answers a campaign of a higher level; “%(parent)s” is %(parent_level)s.")
                % {
                    "level": Campaign.Level(fields.level).label,
                    "parent": parent,
                    "parent_level": Campaign.Level(parent.level).label,
                },
            )
    if fields.duration_class and fields.end_date is not None:
        errors.add("duration_class", _("A campaign with an end date has the duration its dates give."))
    if fields.level == Campaign.Level.UNIT and fields.organising_unit is None:
        errors.add("organising_unit", _("Choose the unit that organises this unit-level campaign."))
    if campaign is not None and fields.status != campaign.status:
        if fields.status not in CAMPAIGN_TRANSITIONS[campaign.status]:
            errors.add(
                "status",
                _("A campaign that is %(status)s cannot become %(target)s.")
                % {"status": campaign.get_status_display(), "target": Campaign.Status(fields.status).label},
            )
    errors.raise_if_any()


def _clean_campaign_fields(fields: CampaignFields) -> dict:
    values = _as_kwargs(fields)
    for name in ("name", "organiser", "description"):
        values[name] = values[name].strip()
    return values


def campaign_create(*, actor: Actor, fields: CampaignFields, reason: str = "") -> Campaign:
    _campaign_errors(fields)
    with transaction.atomic():
        campaign = Campaign.objects.create(**_clean_campaign_fields(fields))
        after = campaign_snapshot(campaign)
        audit_record(actor=actor, action="campaign.create", obj=campaign, before=None, after=after, reason=reason)
    return campaign


def campaign_update(
    *, actor: Actor, campaign: Campaign, fields: CampaignFields, reason: str = "", expected_version: int | None = None
) -> Campaign:
    """`expected_version`: the version the form was loaded from (EditConflict when someone saved since)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        version_bump(campaign, expected_version=expected_version)
        _campaign_errors(fields, campaign=campaign)
        before = campaign_snapshot(campaign)
        old_status = campaign.status
        for name, value in _clean_campaign_fields(fields).items():
            setattr(campaign, name, value)
        campaign.save()
        after = campaign_snapshot(campaign)
        if after != before:
            action = STATUS_ACTIONS[campaign.status] if campaign.status != old_status else "campaign.update"
            audit_record(actor=actor, action=action, obj=campaign, before=before, after=after, reason=reason)
    return campaign


# Registrations.


@dataclass
class RegistrationFields:
    unit: Unit
    year: int
    registered_on: datetime.date
    targets: str = ""
    titles: list = field(default_factory=list)  # award types (awards.AwardType)
    campaign: Campaign | None = None


def registration_snapshot(registration: Registration) -> dict:
    return {
        "unit": registration.unit.name,
        "year": registration.year,
        "campaign": registration.campaign_id,
        "registered_on": registration.registered_on.isoformat(),
        "targets": registration.targets,
        "titles": sorted(t.code for t in registration.titles.all()),
    }


def _registration_errors(fields: RegistrationFields, *, registration: Registration | None) -> None:
    errors = _Errors()
    if not 1945 <= fields.year <= 2100:
        errors.add("year", _("Enter a year between 1945 and 2100."))
    _not_after_today(errors, "registered_on", fields.registered_on)
    campaign = fields.campaign
    if campaign is not None:
        last = campaign.end_date.year if campaign.end_date else None
        if fields.year < campaign.start_date.year or (last is not None and fields.year > last):
            errors.add(
                "campaign",
                _("The campaign “%(campaign)s” runs from %(start)s to %(end)s: it has no registrations for %(year)s.")
                % {
                    "campaign": campaign,
                    "start": vn_date(campaign.start_date),
                    "end": vn_date(campaign.end_date) if campaign.end_date else "…",
                    "year": fields.year,
                },
            )
    for title in fields.titles:
        if not (title.for_collective or title.for_individual):
            errors.add(
                "titles", _("“%(title)s” is given to families only; a unit cannot register it.") % {"title": title}
            )
    taken = Registration.objects.filter(unit=fields.unit, year=fields.year, campaign=campaign)
    if registration is not None:
        taken = taken.exclude(pk=registration.pk)
    if taken.exists():
        errors.add(
            "unit",
            (
                _("%(unit)s already registered for %(year)s; edit that registration instead.")
                if campaign is None
                else _("%(unit)s already registered for this campaign in %(year)s; edit that registration instead.")
            )
            % {"unit": fields.unit, "year": fields.year},
        )
    errors.raise_if_any()


def registration_save(
    *, actor: Actor, fields: RegistrationFields, registration: Registration | None = None, reason: str = ""
) -> Registration:
    """Create a unit's registration (registration None) or change it."""
    _registration_errors(fields, registration=registration)
    values = _as_kwargs(fields)
    titles = values.pop("titles")
    values["targets"] = values["targets"].strip()
    try:
        with transaction.atomic():
            if registration is None:
                before = None
                registration = Registration.objects.create(**values)
            else:
                registration = Registration.objects.select_for_update().get(pk=registration.pk)
                before = registration_snapshot(registration)
                for name, value in values.items():
                    setattr(registration, name, value)
                registration.save()
            registration.titles.set(titles)
            after = registration_snapshot(registration)
            if after != before:
                audit_record(
                    actor=actor,
                    action="registration.create" if before is None else "registration.update",
                    obj=registration,
                    before=before,
                    after=after,
                    reason=reason,
                )
    except IntegrityError as error:
        if "registration_one_per_unit" in str(error):  # saved by someone else a moment ago
            raise Invalid({"unit": [_("This unit registered a moment ago; open its registration.")]}) from error
        raise
    return registration


# Covenants.


@dataclass
class CovenantFields:
    signed_on: datetime.date
    content: str


def covenant_snapshot(covenant: Covenant) -> dict:
    return {
        "cluster": str(covenant.cluster),
        "signed_on": covenant.signed_on.isoformat(),
        "content": covenant.content,
    }


def _covenant_errors(cluster: Cluster, fields: CovenantFields) -> None:
    errors = _Errors()
    if not fields.content.strip():
        errors.add("content", _("Enter what the units of the cluster agreed."))
    earliest = datetime.date(cluster.year - 1, *COVENANT_EARLIEST)
    latest = datetime.date(cluster.year, 12, 31)
    if not earliest <= fields.signed_on <= latest:
        errors.add(
            "signed_on",
            _("The covenant of a cluster of %(year)s is signed between %(earliest)s and %(latest)s.")
            % {"year": cluster.year, "earliest": vn_date(earliest), "latest": vn_date(latest)},
        )
    _not_after_today(errors, "signed_on", fields.signed_on)
    errors.raise_if_any()


def covenant_save(*, actor: Actor, cluster: Cluster, fields: CovenantFields, reason: str = "") -> Covenant:
    """The cluster's covenant for its year: recorded the first time, changed afterwards."""
    _covenant_errors(cluster, fields)
    values = {"signed_on": fields.signed_on, "content": fields.content.strip()}
    try:
        with transaction.atomic():
            covenant = Covenant.objects.select_for_update().filter(cluster=cluster).first()
            before = covenant_snapshot(covenant) if covenant else None
            if covenant is None:
                covenant = Covenant.objects.create(cluster=cluster, **values)
            else:
                for name, value in values.items():
                    setattr(covenant, name, value)
                covenant.save()
            after = covenant_snapshot(covenant)
            if after != before:
                audit_record(
                    actor=actor,
                    action="covenant.create" if before is None else "covenant.update",
                    obj=covenant,
                    before=before,
                    after=after,
                    reason=reason,
                )
    except IntegrityError as error:
        if "cluster_id" in str(error) or "covenant_cluster" in str(error):
            raise Invalid({None: [_("This cluster's covenant was recorded a moment ago; open it again.")]}) from error
        raise
    return covenant
