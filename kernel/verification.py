"""How sure the research notes are of a fact the portal holds as data (reference/research/domain-facts.md legend):
shared by the award catalog (awards) and the organisation's rules (clusters)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verification(models.TextChoices):
    VERIFIED = "verified", _("verified")
    PARTIAL = "partial", _("partly verified")
    FROM_MEMORY = "from_memory", _("from memory, unverified")
    LEAD = "lead", _("lead, unverified")


# A rule loaded from a fact no better than this is loaded switched off, for staff to confirm first.
UNVERIFIED = frozenset({Verification.FROM_MEMORY, Verification.LEAD})
