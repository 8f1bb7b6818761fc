"""The statistics classes' optional columns of a decision's template: the class of an individual, whether a
collective is an enterprise, who proposed a State award (awards.models.statistics). Their Vietnamese labels are
the file's format; a cell is matched ignoring case, accents and spacing (kernel.lib.search.fold)."""

from django.utils.translation import gettext as _

from awards.imports.columns import (
    CLASS_COLUMNS,
    INDIVIDUAL_CLASS_LABELS,
    NO,
    NO_WORDS,
    PROPOSING_BODY_LABELS,
    YES,
    YES_WORDS,
)
from awards.models import AwardType, ProposingBody, RecipientKind
from kernel.lib.search import fold


def _lookup(labels: dict) -> dict[str, object]:
    # The label, and the code (what the portal's own exports would carry).
    return {fold(label): value for value, label in labels.items()} | {fold(str(value)): value for value in labels}


INDIVIDUAL_CLASSES = _lookup(INDIVIDUAL_CLASS_LABELS)
PROPOSING_BODIES = _lookup(PROPOSING_BODY_LABELS) | {fold("Trung ương"): ProposingBody.CENTRAL}
# The same yes and no words as the grassroots column's (awards.imports.columns), so that one file reads alike.
ENTERPRISE_WORDS: dict[str, bool] = {fold(word): True for word in YES_WORDS} | {fold(word): False for word in NO_WORDS}


class ClassesReader:
    """Reads the three cells of a row; every wrong one is a problem of the reader (awards.imports.rows._Reader)."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.at = [reader.index_of[column.key] for column in CLASS_COLUMNS]

    def _problem(self, number: int, index: int, text: str, expected: str) -> None:
        self.reader.add(number, index, _("“%(value)s” is not in the list.") % {"value": text[:80]}, expected)

    def read(self, number: int, cells, recipient_kind, award_type: AwardType | None) -> tuple[str, bool | None, str]:
        """(individual_class, is_enterprise, proposing_body) of the row; a value the row does not take (a class
        for a collective, an enterprise for an individual, a proposing body for a provincial award) is refused."""
        reader = self.reader
        class_at, enterprise_at, body_at = self.at
        texts = [reader.text(number, index, cells[index]) for index in self.at]
        if not any(texts):
            return "", None, ""
        individual_class, enterprise, body = "", None, ""
        class_text, enterprise_text, body_text = texts
        if class_text:
            individual_class = INDIVIDUAL_CLASSES.get(fold(class_text), "")
            if not individual_class:
                expected = _("One of: %(allowed)s.") % {"allowed": "; ".join(INDIVIDUAL_CLASS_LABELS.values())}
                self._problem(number, class_at, class_text, expected)
            elif recipient_kind is not None and recipient_kind != RecipientKind.INDIVIDUAL:
                reader.add(number, class_at, _("Only an individual has a class of individual."), _("An empty cell."))
        if enterprise_text:
            enterprise = ENTERPRISE_WORDS.get(fold(enterprise_text))
            if enterprise is None:
                expected = _("“%(yes)s”, “%(no)s” or empty.") % {"yes": YES, "no": NO}
                self._problem(number, enterprise_at, enterprise_text, expected)
            elif recipient_kind is not None and recipient_kind != RecipientKind.COLLECTIVE:
                reader.add(
                    number, enterprise_at, _("Only a collective is or is not an enterprise."), _("An empty cell.")
                )
        if body_text:
            body = PROPOSING_BODIES.get(fold(body_text), "")
            if not body:
                expected = _("One of: %(allowed)s.") % {"allowed": "; ".join(PROPOSING_BODY_LABELS.values())}
                self._problem(number, body_at, body_text, expected)
            elif award_type is not None and award_type.level != AwardType.Level.STATE:
                reader.add(number, body_at, _("Only a State award has a proposing body."), _("An empty cell."))
        return str(individual_class), enterprise, str(body)
