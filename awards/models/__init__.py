"""The models of the awards app, by sub-area: the catalog, decisions and awards, nomination dossiers, the
council and its voting rules, council meetings, and reward money. Import them from here:
`from awards.models import Decision`."""

from awards.models.catalog import (
    Authority,
    AwardType,
    CommendationKind,
    LegalRegime,
    RecipientKind,
    ValidityQuerySet,
    Verification,
)
from awards.models.council import (
    COUNCIL_SINGLE_ROLES,
    Council,
    CouncilComposition,
    CouncilMember,
    CouncilRole,
    VotingRule,
)
from awards.models.decisions import Award, Decision, NumberRegister, PersonAward
from awards.models.dossiers import Dossier, DossierFile, Nomination
from awards.models.eligibility import EligibilityOverride, EligibilityRule
from awards.models.meetings import Attendance, Ballot, Meeting, MemberVote, NamedVote
from awards.models.money import BaseSalary, RewardCoefficient, RoundingRule

__all__ = [
    "COUNCIL_SINGLE_ROLES",
    "Attendance",
    "Authority",
    "Award",
    "AwardType",
    "Ballot",
    "BaseSalary",
    "CommendationKind",
    "Council",
    "CouncilComposition",
    "CouncilMember",
    "CouncilRole",
    "Decision",
    "Dossier",
    "DossierFile",
    "EligibilityOverride",
    "EligibilityRule",
    "LegalRegime",
    "Meeting",
    "MemberVote",
    "NamedVote",
    "Nomination",
    "NumberRegister",
    "PersonAward",
    "RecipientKind",
    "RewardCoefficient",
    "RoundingRule",
    "ValidityQuerySet",
    "Verification",
    "VotingRule",
]
