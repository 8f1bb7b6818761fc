from django import forms
from django.contrib import admin
from django.db.models import Max
from django.utils.translation import gettext as _

from audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from awards.models import (
    Attendance,
    Authority,
    Award,
    AwardClassification,
    AwardType,
    Ballot,
    BaseSalary,
    CertificatePrint,
    CommendationBody,
    CommendationKind,
    CommendationOfficer,
    Consultation,
    ConsultationEntry,
    ConsultationFeedback,
    ConsultationRule,
    Council,
    CouncilComposition,
    CouncilMember,
    CouncilRuleSet,
    Decision,
    Dossier,
    DossierFile,
    EligibilityOverride,
    EligibilityRule,
    LegalRegime,
    Meeting,
    MemberVote,
    NamedVote,
    Nomination,
    NumberRegister,
    PersonAward,
    RecipientKind,
    RegisterCounter,
    RegisterNumber,
    RegisterRule,
    RewardCoefficient,
    RoundingRule,
    StandingAppraisal,
    VotingRule,
    WrittenOpinion,
)


@admin.register(LegalRegime)
class LegalRegimeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to"]


@admin.register(Authority)
class AuthorityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "level", "issuer", "display_order"]


@admin.register(AwardType)
class AwardTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "level",
        "category",
        "for_collective",
        "for_individual",
        "for_family",
        "valid_from",
        "valid_to",
        "verification",
        "display_order",
    ]
    list_filter = ["level", "category", "verification"]
    search_fields = ["name", "code"]
    filter_horizontal = ["grantors"]


@admin.register(CommendationKind)
class CommendationKindAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "valid_from", "valid_to", "verification", "statistics_method", "display_order"]


class AwardInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Award
    extra = 0
    fields = [
        "line_no",
        "award_type",
        "commendation_kind",
        "recipient_kind",
        "recipient_name",
        "position",
        "unit",
        "unit_name",
        "is_grassroots",
    ]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recipient_name", "award_type", "commendation_kind", "recipient_kind", "is_grassroots", "decision"]
    list_filter = ["recipient_kind", "is_grassroots", "commendation_kind", "award_type__level"]
    search_fields = ["recipient_name", "decision__symbol"]
    list_select_related = ["award_type", "commendation_kind", "decision"]


class PersonAwardForm(forms.ModelForm):
    class Meta:
        model = PersonAward
        fields = ["award", "person"]

    def clean(self):
        data = super().clean()
        award, person = data.get("award"), data.get("person")
        if award is not None and award.recipient_kind != RecipientKind.INDIVIDUAL:
            self.add_error("award", _("Only an award to an individual belongs to a person."))
        if person is not None and person.merged_into_id is not None:
            self.add_error("person", _("%(name)s was merged into another record: link that one.") % {"name": person})
        return data


@admin.register(PersonAward)
class PersonAwardAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Links an individual's award to their person record (a correction by hand; merges move links themselves)."""

    form = PersonAwardForm
    list_display = ["person", "award", "linked_at"]
    list_select_related = ["person", "award__award_type", "award__decision"]
    search_fields = ["person__full_name", "award__recipient_name"]
    autocomplete_fields = ["person", "award"]


@admin.register(AwardClassification)
class AwardClassificationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """An award's classes for the annual statistics (a correction by hand; staff classify in the portal)."""

    list_display = ["award", "individual_class", "is_enterprise", "proposing_body", "updated_at"]
    list_filter = ["individual_class", "is_enterprise", "proposing_body"]
    list_select_related = ["award__award_type", "award__decision"]
    search_fields = ["award__recipient_name"]
    autocomplete_fields = ["award"]


@admin.register(CommendationBody)
class CommendationBodyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "active_from", "active_to", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]


@admin.register(CommendationOfficer)
class CommendationOfficerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "body", "sex", "birth_date", "training", "in_commendation_work_since", "left_on"]
    list_filter = ["body", "sex", "training", "is_illustrative"]
    search_fields = ["full_name"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "date", "authority", "status", "is_illustrative"]
    list_filter = ["status", "authority", "is_illustrative"]
    search_fields = ["symbol", "summary"]
    date_hierarchy = "date"
    inlines = [AwardInline]


@admin.register(NumberRegister)
class NumberRegisterAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Editable so that a register can start from the last number the province gave outside the portal."""

    list_display = ["issuer", "year", "last_number"]
    list_filter = ["year", "issuer"]


class NominationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Nomination
    extra = 0


class DossierFileInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DossierFile
    extra = 0
    exclude = ["file"]  # served only to users in the dossier's scope, never through a media URL


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Dossiers move only through their services (each step audited); the admin shows them."""

    list_display = ["title", "unit", "year", "status"]
    list_filter = ["status", "year"]
    inlines = [NominationInline, DossierFileInline]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recipient_name", "award_type", "dossier", "result"]


@admin.register(DossierFile)
class DossierFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "dossier", "uploaded_at"]
    exclude = ["file"]


@admin.register(VotingRule)
class VotingRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "rule_set",
        "ballot",
        "threshold_percent",
        "denominator",
        "valid_from",
        "valid_to",
        "verification",
    ]
    list_filter = ["rule_set", "ballot", "denominator"]
    list_select_related = ["rule_set"]
    filter_horizontal = ["award_types"]


@admin.register(ConsultationRule)
class ConsultationRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Which awards need a public consultation, and its shortest window (awards.consultations.rules)."""

    list_display = [
        "code",
        "min_working_days",
        "valid_from",
        "valid_to",
        "verification",
        "window_verification",
        "enabled",
    ]
    list_filter = ["enabled", "verification", "window_verification"]
    filter_horizontal = ["award_types"]
    search_fields = ["code", "name", "citation"]


class ConsultationEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ConsultationEntry
    fields = ["line_no", "name", "position_and_unit", "award_name"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: opened, answered and closed through the portal's audited services (awards.consultations)."""

    list_display = ["title", "dossier", "start_date", "end_date", "status", "outcome"]
    list_filter = ["status", "outcome"]
    inlines = [ConsultationEntryInline]


@admin.register(ConsultationEntry)
class ConsultationEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "award_name", "consultation"]


@admin.register(ConsultationFeedback)
class ConsultationFeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sender_name", "consultation", "received_at", "answered_at"]


class CouncilRuleSetForm(forms.ModelForm):
    class Meta:
        model = CouncilRuleSet
        fields = "__all__"

    def clean(self):
        """At most one of this province's rule sets in force on any day (also a database constraint)."""
        data = super().clean()
        if data.get("scope") != CouncilRuleSet.Scope.IN_FORCE:
            return data
        start, end = data.get("valid_from"), data.get("valid_to")
        others = CouncilRuleSet.objects.filter(scope=CouncilRuleSet.Scope.IN_FORCE).exclude(pk=self.instance.pk)
        if start is not None:
            others = others.exclude(valid_to__lt=start)
        if end is not None:
            others = others.exclude(valid_from__gt=end)
        overlapping = others.first()
        if overlapping is not None:
            raise forms.ValidationError(
                _(
                    "“%(other)s” is in force over part of these dates: end its validity first, or keep this one as "
                    "an example."
                )
                % {"other": overlapping.name}
            )
        return data


@admin.register(CouncilRuleSet)
class CouncilRuleSetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The council's rules as dated data (awards.council.rules): this province's in force, others' as examples."""

    form = CouncilRuleSetForm
    list_display = ["name", "province", "scope", "valid_from", "valid_to", "award_meeting_min_percent", "verification"]
    list_filter = ["scope", "province", "verification"]
    search_fields = ["name", "code", "source"]
    filter_horizontal = ["standing_body_award_types", "party_opinion_award_types"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["effective_from", "amount", "source", "verification"]


@admin.register(RewardCoefficient)
class RewardCoefficientAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["award_type", "recipient_kind", "coefficient", "valid_from", "valid_to", "verification"]
    list_filter = ["recipient_kind", "verification", "valid_from"]
    list_select_related = ["award_type"]
    search_fields = ["award_type__name", "award_type__code", "source"]
    autocomplete_fields = ["award_type"]


@admin.register(RoundingRule)
class RoundingRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["valid_from", "valid_to", "step", "mode", "verification"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "valid_from", "valid_to", "verification", "enabled"]
    list_filter = ["kind", "verification", "enabled"]
    filter_horizontal = ["award_types"]


# Overrides are written by awards.nominations.eligibility.eligibility_override (with its audit entry): read-only here.
@admin.register(EligibilityOverride)
class EligibilityOverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["rule", "nomination", "award", "created_by", "created_at"]


@admin.register(Council)
class CouncilAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name"]


# A composition records a signed decision: it is entered and corrected through the council's services (with a
# reason, audited). Here only a member's portal account may be linked (for voting), and that change is audited.
COUNCIL_MEMBER_FIELDS = ["position", "role", "full_name", "title", "unit", "is_illustrative"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = [*COUNCIL_MEMBER_FIELDS, "standing_body", "user"]
    readonly_fields = COUNCIL_MEMBER_FIELDS
    raw_id_fields = ["user"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CouncilComposition)
class CouncilCompositionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["council", "effective_from", "document"]
    list_filter = ["council"]
    list_select_related = ["council", "document"]
    readonly_fields = ["council", "document", "effective_from", "note"]
    inlines = [CouncilMemberInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CouncilMember)
class CouncilMemberAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "role", "title", "unit", "composition", "standing_body", "user", "is_illustrative"]
    list_filter = ["role", "composition__council", "is_illustrative"]
    list_select_related = ["unit", "composition__council", "user"]
    search_fields = ["full_name", "title"]
    fields = ["composition", *COUNCIL_MEMBER_FIELDS, "standing_body", "user"]
    readonly_fields = ["composition", *COUNCIL_MEMBER_FIELDS]
    raw_id_fields = ["user"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttendanceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Meetings, attendance and ballots are recorded through their services (audited); the admin shows them."""

    list_display = ["title", "date", "council", "status"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "member", "present"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "nomination", "votes_for", "votes_against", "passed"]


@admin.register(MemberVote)
class MemberVoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "nomination", "member", "agrees", "cast_at"]
    list_select_related = ["meeting", "nomination", "member"]


@admin.register(NamedVote)
class NamedVoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["ballot", "member", "agrees"]


# The register of certificates (số sổ vàng): the numbering rules are data the administrator may correct (audited);
# a yearly register may start from the last number the province gave outside the portal; numbers and prints are
# only shown (given at issue, logged when printed).
@admin.register(RegisterRule)
class RegisterRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["authority", "mode", "number_format", "valid_from", "valid_to", "verification"]


def register_highest_given(*, authority_id: int, year: int) -> int:
    numbers = RegisterNumber.objects.filter(authority_id=authority_id, year=year, mode="yearly")
    return numbers.aggregate(highest=Max("number"))["highest"] or 0


class RegisterCounterForm(forms.ModelForm):
    """A counter below a number already given would give that number again: the decision could not be issued."""

    class Meta:
        model = RegisterCounter
        fields = ["authority", "year", "last_number"]

    def clean(self):
        data = super().clean()
        authority, year = data.get("authority") or self.instance.authority, data.get("year") or self.instance.year
        if authority is not None and year and data.get("last_number") is not None:
            highest = register_highest_given(authority_id=authority.pk, year=year)
            if data["last_number"] < highest:
                self.add_error(
                    "last_number",
                    _("Number %(number)s was already given in this register: the last number cannot be lower.")
                    % {"number": highest},
                )
        return data


@admin.register(RegisterCounter)
class RegisterCounterAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = RegisterCounterForm
    list_display = ["authority", "year", "last_number"]

    def get_readonly_fields(self, request, obj=None):
        return ["authority", "year"] if obj is not None else []  # the register it counts never changes

    def has_delete_permission(self, request, obj=None):
        # Deleted, a register with numbers would start again from 1 and give them a second time (no bulk delete).
        given = obj is None or register_highest_given(authority_id=obj.authority_id, year=obj.year) > 0
        return super().has_delete_permission(request, obj) and not given


@admin.register(RegisterNumber)
class RegisterNumberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["text", "decision", "award", "mode"]
    list_select_related = ["decision", "award"]
    raw_id_fields = ["award", "decision"]


@admin.register(CertificatePrint)
class CertificatePrintAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["printed_at", "award", "register_text", "kind", "reason", "printed_by"]
    list_filter = ["kind"]
    list_select_related = ["award", "printed_by"]
    raw_id_fields = ["award"]


@admin.register(WrittenOpinion)
class WrittenOpinionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "member", "nomination", "agrees", "document_date"]
    list_select_related = ["meeting", "member", "nomination"]


@admin.register(StandingAppraisal)
class StandingAppraisalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "nomination", "agrees", "rule_set", "recorded_at"]
    list_select_related = ["meeting", "nomination", "rule_set"]
