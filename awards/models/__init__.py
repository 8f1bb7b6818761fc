"""The models of the awards app, by sub-area: the catalog, decisions and awards, nomination dossiers, the
council and its voting rules, public consultations, council meetings, reward money, the register of certificates,
the statistics' classes of awards and the emulation and commendation apparatus. Import them from here:
`from awards.models import Decision`."""

from awards.models.apparatus import BodyKind, CommendationBody, CommendationOfficer, OfficerSex, TrainingLevel
from awards.models.catalog import (
    Authority,
    AwardType,
    CommendationKind,
    LegalRegime,
    RecipientKind,
    StatisticsMethod,
    ValidityQuerySet,
    Verification,
)
from awards.models.consultations import (
    Consultation,
    ConsultationEntry,
    ConsultationFeedback,
    ConsultationRule,
)
from awards.models.council import (
    COUNCIL_SINGLE_ROLES,
    Council,
    CouncilComposition,
    CouncilMember,
    CouncilRole,
    VotingRule,
)
from awards.models.council_rules import CouncilRuleSet
from awards.models.decisions import Award, Decision, NumberRegister, PersonAward
from awards.models.dossiers import Dossier, DossierFile, Nomination
from awards.models.eligibility import EligibilityOverride, EligibilityRule
from awards.models.meetings import (
    Attendance,
    Ballot,
    Meeting,
    MemberVote,
    NamedVote,
    StandingAppraisal,
    WrittenOpinion,
)
from awards.models.money import BaseSalary, RewardCoefficient, RoundingRule
from awards.models.register import (
    CertificatePrint,
    RegisterCounter,
    RegisterMode,
    RegisterNumber,
    RegisterRule,
    register_text,
)
from awards.models.statistics import AwardClassification, IndividualClass, ProposingBody

__all__ = [
    "COUNCIL_SINGLE_ROLES",
    "Attendance",
    "Authority",
    "Award",
    "AwardClassification",
    "AwardType",
    "Ballot",
    "BaseSalary",
    "BodyKind",
    "CertificatePrint",
    "CommendationBody",
    "CommendationKind",
    "CommendationOfficer",
    "Consultation",
    "ConsultationEntry",
    "ConsultationFeedback",
    "ConsultationRule",
    "Council",
    "CouncilComposition",
    "CouncilMember",
    "CouncilRole",
    "CouncilRuleSet",
    "Decision",
    "Dossier",
    "DossierFile",
    "EligibilityOverride",
    "EligibilityRule",
    "IndividualClass",
    "LegalRegime",
    "Meeting",
    "MemberVote",
    "NamedVote",
    "Nomination",
    "NumberRegister",
    "OfficerSex",
    "PersonAward",
    "ProposingBody",
    "RecipientKind",
    "RegisterCounter",
    "RegisterMode",
    "RegisterNumber",
    "RegisterRule",
    "RewardCoefficient",
    "RoundingRule",
    "StandingAppraisal",
    "StatisticsMethod",
    "TrainingLevel",
    "ValidityQuerySet",
    "Verification",
    "VotingRule",
    "register_text",
    "WrittenOpinion",
]
