"""Reads of the register of certificates: a decision's recipients with their register numbers and prints."""

from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from awards.models import Award, Decision, RecipientKind


@dataclass(frozen=True)
class RegisterRow:
    award_id: int
    line_no: int
    register: str  # "" if none was given (a decision issued without the register: never, since migration 0024)
    recipient: str
    recipient_kind: str
    position: str
    workplace: str
    award_type: str
    prints: int

    @property
    def recipient_kind_label(self) -> str:
        return str(RecipientKind(self.recipient_kind).label)


def decision_register_awards(*, decision: Decision) -> QuerySet[Award]:
    """The decision's awards in line order, with what a certificate prints of them (unit, award type, number)."""
    return (
        decision.awards.select_related("unit", "award_type", "register_number", "decision__authority")
        .annotate(prints=Count("certificate_prints"), last_printed=Max("certificate_prints__printed_at"))
        .order_by("line_no")
    )


def decision_register_rows(*, decision: Decision, awards: QuerySet[Award] | None = None) -> list[RegisterRow]:
    rows = []
    for award in awards if awards is not None else decision_register_awards(decision=decision):
        number = getattr(award, "register_number", None)
        rows.append(
            RegisterRow(
                award_id=award.pk,
                line_no=award.line_no,
                register=number.text if number else "",
                recipient=award.recipient_name,
                recipient_kind=award.recipient_kind,
                position=award.position,
                workplace=award.workplace,
                award_type=award.award_type.name,
                prints=getattr(award, "prints", 0),
            )
        )
    return rows
