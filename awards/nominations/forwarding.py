"""Forwarding a State proposal to the central level with the province's letter (tờ trình), recorded on the dossier
and in the document register."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.consultations.gate import consultation_waiting
from awards.models import AwardType, Dossier, Nomination
from awards.nominations.services import (
    DossierInvalid,
    DossierTransitionRefused,
    S,
    dossier_move,
    forwarding_letter_symbol,
)
from campaigns.models import Document, Issuer
from campaigns.services import DocumentFields, DocumentInvalid, document_create
from kernel.lib.formatting import vn_date
from kernel.lib.symbols import DocumentSymbol, SymbolError, format_symbol, parse_symbol
from kernel.types import Actor, text_max_length


def _forwarding_letter(
    dossier: Dossier,
    *,
    actor: Actor,
    number_and_symbol: str,
    date: datetime.date | None,
    signer_name: str,
    signer_title: str,
) -> dict:
    """The forwarding letter's fields as stored, or DossierInvalid with every problem by field."""
    errors: dict[str, list] = {}
    parsed = None
    if not (number_and_symbol or "").strip():
        errors["number_and_symbol"] = [_("Enter the number and symbol of the forwarding letter, e.g. 12/TTr-UBND.")]
    else:
        try:
            parsed = parse_symbol(number_and_symbol)
        except SymbolError as error:
            errors["number_and_symbol"] = [str(error)]
    if parsed is not None:
        if parsed.type_code != "TTr" or parsed.is_party:
            errors["number_and_symbol"] = [
                _("A forwarding letter is a submission: its symbol is TTr, e.g. 12/TTr-UBND.")
            ]
        elif parsed.year is not None:
            errors["number_and_symbol"] = [_("A forwarding letter's number carries no year: write it as 12/TTr-UBND.")]
        elif len(parsed.symbol) > text_max_length(Dossier, "forwarding_symbol"):
            errors["number_and_symbol"] = [_("This symbol is too long.")]
        elif not Issuer.objects.filter(code=parsed.issuer_code).exists():
            known = ", ".join(Issuer.objects.values_list("code", flat=True))
            errors["number_and_symbol"] = [
                _("No issuing body has the code “%(code)s”; known codes: %(known)s.")
                % {"code": parsed.issuer_code, "known": known}
            ]
    if date is None:
        errors["date"] = [_("Enter the date of the forwarding letter.")]
    elif date > timezone.localdate():
        errors["date"] = [_("The forwarding letter cannot be dated in the future.")]
    elif dossier.status_changed_at and date < timezone.localdate(dossier.status_changed_at):
        errors["date"] = [
            _("The forwarding letter cannot be dated before %(date)s, when the dossier was last moved on.")
            % {"date": vn_date(timezone.localdate(dossier.status_changed_at))}
        ]
    if not (signer_name or "").strip():
        errors["signer_name"] = [_("Enter who signs the forwarding letter.")]
    if not (signer_title or "").strip():
        errors["signer_title"] = [_("Enter the signer's title, e.g. Phó Chủ tịch.")]
    if errors or parsed is None or date is None:  # neither is None without an error
        raise DossierInvalid(fields=errors)
    return {
        "forwarding_document": _forwarding_register_entry(actor=actor, dossier=dossier, parsed=parsed, date=date),
        "forwarding_number": parsed.number,
        "forwarding_symbol": parsed.symbol,
        "forwarding_date": date,
        "forwarding_signer_name": signer_name.strip(),
        "forwarding_signer_title": signer_title.strip(),
    }


def _forwarding_register_entry(
    *, actor: Actor, dossier: Dossier, parsed: DocumentSymbol, date: datetime.date
) -> Document:
    """The letter's entry in the province's document register: made now, or the existing one (the same letter
    forwarding several dossiers, or registered by hand). A number the register gives another document that year
    is refused."""
    entry = Document.objects.filter(
        direction=Document.Direction.ISSUED, number=parsed.number, symbol=parsed.symbol, date__year=date.year
    ).first()
    if entry is not None and entry.date == date and entry.type_code == "TTr":
        return entry
    if entry is not None:
        raise DossierInvalid(
            fields={
                "number_and_symbol": [
                    _("%(symbol)s of %(date)s is already in the document register: give the letter its own number.")
                    % {"symbol": entry.number_symbol, "date": vn_date(entry.date)}
                ]
            }
        )
    proposed = dossier.nominations.filter(result=Nomination.Result.PASSED, award_type__level=AwardType.Level.STATE)
    awards = sorted({n.award_type.name for n in proposed.select_related("award_type")})
    fields = DocumentFields(
        number_and_symbol=format_symbol(parsed.number, parsed.symbol),
        date=date,
        summary=f"về việc đề nghị khen thưởng cấp Nhà nước ({', '.join(awards)}) cho tập thể, cá nhân thuộc "
        f"{dossier.unit.name}",
        issued_by="UBND tỉnh",
    )
    try:
        return document_create(actor=actor, fields=fields, reason=_("Forwarding letter of a nomination dossier"))
    except DocumentInvalid as error:
        raise DossierInvalid(fields={"number_and_symbol": error.messages}) from error


def dossier_forward(
    *,
    actor: Actor,
    dossier: Dossier,
    number_and_symbol: str,
    date: datetime.date | None,
    signer_name: str,
    signer_title: str,
    reason: str = "",
) -> Dossier:
    """A reviewed dossier proposing State awards goes to the central level with the province's forwarding
    letter (tờ trình), recorded on the dossier in the same transaction; its decision comes back later."""

    def ready(dossier: Dossier) -> dict[str, object]:
        passed = dossier.nominations.filter(result=Nomination.Result.PASSED, award_type__level="state")
        if not passed.exists():
            raise DossierTransitionRefused(_("Only a dossier with approved proposals of State awards is forwarded."))
        pending = consultation_waiting(nominations=passed)
        if pending:
            raise DossierTransitionRefused(pending)
        return _forwarding_letter(
            dossier,
            actor=actor,
            number_and_symbol=number_and_symbol,
            date=date,
            signer_name=signer_name,
            signer_title=signer_title,
        )

    def letter_reason(dossier: Dossier) -> str:
        """The audit entry's reason names the letter, then any note of the staff member."""
        letter = f"Tờ trình số {forwarding_letter_symbol(dossier)} ngày {vn_date(dossier.forwarding_date)}"
        note = (reason or "").strip()
        return f"{letter}. {note}" if note else letter

    with transaction.atomic():
        return dossier_move(
            actor=actor,
            dossier=dossier,
            target=S.FORWARDED,
            action="dossier.forward",
            reason=letter_reason,
            check=ready,
        )
