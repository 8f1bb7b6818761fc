"""Writes for the register of certificates (số sổ vàng): numbers given when a decision is issued, prints logged, and
the numbering rules loaded from the catalog (fixtures/catalog/register_rules.csv)."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record_many, model_snapshot
from awards.models import (
    Authority,
    Award,
    CertificatePrint,
    Decision,
    RegisterCounter,
    RegisterMode,
    RegisterNumber,
    RegisterRule,
    register_text,
)
from kernel.lib.catalog_files import CATALOG_DIR, catalog_rows, date_or_none
from kernel.types import Actor

REASON_MAX = 1000


def register_rule_on(*, authority: Authority, date: datetime.date) -> RegisterRule | None:
    """The grantor's rule valid on the decision's date (the latest start), or None: numbered by position."""
    rules = RegisterRule.objects.valid_on(date).filter(authority=authority)
    return rules.order_by(F("valid_from").desc(nulls_last=True)).first()


def _yearly_first(*, authority: Authority, year: int, count: int) -> int:
    """The first of `count` consecutive numbers of the grantor's register for the year. The counter row stays locked
    until the issuing transaction ends: decisions issued at once wait for each other, and a rolled-back issue gives
    its numbers back, so the register has no gap."""
    RegisterCounter.objects.bulk_create([RegisterCounter(authority=authority, year=year)], ignore_conflicts=True)
    counter = RegisterCounter.objects.select_for_update().get(authority=authority, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def register_numbers_assign(*, decision: Decision) -> list[RegisterNumber]:
    """Gives each award of a decision being issued its register number, in line order. Call in decision_issue's
    transaction, with the decision locked and still a draft (the database refuses a number on anything else)."""
    award_ids = list(decision.awards.order_by("line_no").values_list("pk", flat=True))
    rule = register_rule_on(authority=decision.authority, date=decision.date)
    mode = rule.mode if rule else RegisterMode.POSITION
    number_format = rule.number_format if rule else "{number}"
    year = decision.date.year
    first = 1
    if mode == RegisterMode.YEARLY:
        first = _yearly_first(authority=decision.authority, year=year, count=len(award_ids))
    numbers = [
        RegisterNumber(
            award_id=award_id,
            decision=decision,
            authority_id=decision.authority_id,
            mode=mode,
            year=year,
            number=number,
            text=register_text(number_format, number=number, year=year),
        )
        for number, award_id in enumerate(award_ids, start=first)
    ]
    RegisterNumber.objects.bulk_create(numbers, batch_size=2000)
    return numbers


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if "\x00" in reason:
        raise ValidationError({"reason": _("The reason contains a character that cannot be stored.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("The reason is too long (at most %(n)s characters).") % {"n": REASON_MAX}})
    return reason


@transaction.atomic
def certificate_prints_record(
    *, actor: Actor, awards: Sequence[Award], kind: str, reason: str = ""
) -> list[CertificatePrint]:
    """Logs the certificates of `awards` as printed (first print, reprint or replacement), each with its register
    number, which a reprint or replacement keeps. A first print of a certificate printed before is refused: print it
    again as a reprint, with the reason. One audit entry per certificate, in the same transaction."""
    reason = _clean_reason(reason)
    if kind not in CertificatePrint.Kind.values:
        raise ValidationError({"kind": _("Choose whether this is a first print, a reprint or a replacement.")})
    if kind != CertificatePrint.Kind.FIRST and not reason:
        raise ValidationError({"reason": _("Give the reason for printing the certificate again.")})
    ids = [award.pk for award in awards]
    numbers = {n.award_id: n.text for n in RegisterNumber.objects.filter(award_id__in=ids)}
    # The award type too (not locked): each audit entry names its award, with no query per row.
    locked = (
        Award.objects.select_for_update(of=("self", "decision"))
        .filter(pk__in=ids)
        .select_related("decision", "award_type")
        .order_by("pk")
    )
    by_id = {award.pk: award for award in locked}
    if any(a.decision.status != Decision.Status.ISSUED for a in by_id.values()):
        raise ValidationError(_("Certificates are printed only for an issued decision."))
    missing = [by_id[pk].recipient_name for pk in ids if pk not in numbers]
    if missing:
        raise ValidationError(_("No register number was given to: %(names)s.") % {"names": ", ".join(missing[:5])})
    if kind == CertificatePrint.Kind.FIRST:
        printed = list(
            CertificatePrint.objects.filter(award_id__in=ids).values_list("award__recipient_name", flat=True)[:5]
        )
        if printed:
            raise ValidationError(
                _("Already printed: %(names)s. Print them again as a reprint or replacement, with the reason.")
                % {"names": ", ".join(dict.fromkeys(printed))}
            )
    user = acting_user(actor)
    prints = CertificatePrint.objects.bulk_create(
        [
            CertificatePrint(award_id=pk, kind=kind, reason=reason, register_text=numbers[pk], printed_by=user)
            for pk in ids
        ]
    )
    audit_record_many(
        actor=actor,
        action="award.certificate_print",
        entries=((by_id[p.award_id], None, model_snapshot(p)) for p in prints),
        reason=reason,
    )
    return prints


@transaction.atomic
def register_rules_load(*, update: bool = False) -> tuple[int, int]:
    """The numbering rules of fixtures/catalog/register_rules.csv, matched on grantor and start date: only missing
    ones are added unless `update`. Returns (created, rewritten)."""
    created = rewritten = 0
    authorities = {a.code: a for a in Authority.objects.all()}
    for row in catalog_rows("register_rules.csv", directory=CATALOG_DIR):
        authority, valid_from = authorities[row["authority"]], date_or_none(row["valid_from"])
        defaults = {
            "mode": row["mode"],
            "number_format": row["number_format"],
            "valid_to": date_or_none(row["valid_to"]),
            "verification": row["verification"],
            "source": row["source"],
        }
        if update:
            _rule, made = RegisterRule.objects.update_or_create(
                authority=authority, valid_from=valid_from, defaults=defaults
            )
            rewritten += not made
        else:
            _rule, made = RegisterRule.objects.get_or_create(
                authority=authority, valid_from=valid_from, defaults=defaults
            )
        created += made
    return created, rewritten


def register_numbers_by_position_bulk(*, first_decision_id: int, last_decision_id: int) -> int:
    """Numbers by position for every award of the draft decisions whose ids lie in the range, in one statement, for
    a loader that then issues them with one UPDATE (the synthetic data set, PostgreSQL): what decision_issue gives
    each under the default rule. Returns the count."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO awards_registernumber (award_id, decision_id, authority_id, mode, year, number, text)
            SELECT id, decision_id, authority_id, 'position', year, number, number::varchar
              FROM (SELECT a.id, a.decision_id, d.authority_id, EXTRACT(YEAR FROM d.date)::integer AS year,
                           ROW_NUMBER() OVER (PARTITION BY a.decision_id ORDER BY a.line_no) AS number
                      FROM awards_award a JOIN awards_decision d ON d.id = a.decision_id
                     WHERE d.status = 'draft' AND d.id BETWEEN %s AND %s) AS numbered
            """,
            [first_decision_id, last_decision_id],
        )
        return cursor.rowcount
