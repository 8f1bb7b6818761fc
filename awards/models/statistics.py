"""What the annual statistics (Thông tư 02/2023/TT-BNV, biểu 0602 and 0603; Thông tư 03/2018/TT-BNV, biểu 0702
and 0703) classify awards by, beyond what a decision prints: the class of an individual, whether a collective is
an enterprise, the body that proposed a State award, and the forms' seven methods of commendation."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import StatisticsMethod
from awards.models.decisions import Award

__all__ = ["AwardClassification", "IndividualClass", "ProposingBody", "StatisticsMethod"]


class IndividualClass(models.TextChoices):
    """Rows 10–14 of biểu 0602 (06–10 of 0603): who an individual recipient is."""

    HIGH_LEADER = "high_leader", _("leader at ministry or province level and above")
    DEPARTMENT_LEADER = "department_leader", _("leader at department level (vụ, sở)")
    BUSINESS_PERSON = "business_person", _("business person")
    OTHER_LEADER = "other_leader", _("other leader, from deputy head of division up")
    DIRECT_WORKER = "direct_worker", _("direct worker (working, producing, studying or fighting: workers, farmers…)")


class ProposingBody(models.TextChoices):
    """Rows 02–03 of biểu 0602: who sent the submission (tờ trình) for a State award."""

    CENTRAL = "central", _("a central ministry, sector or organisation")
    PROVINCE = "province", _("the province")


class AwardClassification(models.Model):
    """An award's classes for the statistics. A table of its own, like PersonAward: the awards of an issued decision
    are frozen by triggers (migration 0002), yet staff complete the classes of awards entered before the portal
    asked for them. An empty value means "not classified" and is counted as such, never guessed."""

    award = models.OneToOneField(
        Award, verbose_name=_("award"), primary_key=True, on_delete=models.CASCADE, related_name="classification"
    )
    individual_class = models.CharField(
        _("class of individual"), max_length=32, choices=IndividualClass.choices, blank=True
    )
    is_enterprise = models.BooleanField(_("the collective is an enterprise"), null=True, blank=True)
    proposing_body = models.CharField(
        _("proposed by"), max_length=16, choices=ProposingBody.choices, blank=True, help_text=_("State awards only.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("classification of an award")
        verbose_name_plural = _("classifications of awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(individual_class="") | Q(individual_class__in=IndividualClass.values),
                name="awardclassification_individual_class_valid",
            ),
            models.CheckConstraint(
                condition=Q(proposing_body="") | Q(proposing_body__in=ProposingBody.values),
                name="awardclassification_proposing_body_valid",
            ),
        ]

    def __str__(self):
        return str(self.award)
