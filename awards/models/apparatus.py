"""The province's emulation and commendation apparatus, counted by the annual statistics: its bodies (biểu 0604,
"tổ chức làm công tác TĐKT") and the civil servants who do the work (biểu 0605)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    """The rows of biểu 0604."""

    MINISTRY_DEPARTMENT = "ministry_department", _("department of a ministry (Vụ)")
    MINISTRY_DIVISION = "ministry_division", _("division or board of a ministry's department")
    HOME_AFFAIRS_BOARD = "home_affairs_board", _("board of the Department of Home Affairs")
    HOME_AFFAIRS_DIVISION = "home_affairs_division", _("division of the Department of Home Affairs")


class OfficerSex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class TrainingLevel(models.TextChoices):
    ELEMENTARY = "elementary", _("elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("intermediate (trung cấp)")
    COLLEGE = "college", _("college (cao đẳng)")
    UNIVERSITY = "university", _("university (đại học)")
    POSTGRADUATE = "postgraduate", _("postgraduate (trên đại học)")


class CommendationBody(models.Model):
    """A body doing emulation and commendation work: a Ban or Phòng of the Department of Home Affairs in a
    province, a Vụ or its divisions in a ministry (the rows of biểu 0604)."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        verbose_name = _("emulation and commendation body")
        verbose_name_plural = _("emulation and commendation bodies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="commendationbody_named"),
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="commendationbody_kind_valid"),
            models.CheckConstraint(
                condition=Q(active_from__isnull=True) | Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="commendationbody_active_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class CommendationOfficer(models.Model):
    """A civil servant doing emulation and commendation work (biểu 0605: sex, age, training, years in the work)."""

    body = models.ForeignKey(
        CommendationBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="officers"
    )
    full_name = models.CharField(_("full name"), max_length=255)
    sex = models.CharField(_("sex"), max_length=8, choices=OfficerSex.choices)
    birth_date = models.DateField(_("date of birth"))
    training = models.CharField(_("training level"), max_length=16, choices=TrainingLevel.choices)
    in_commendation_work_since = models.DateField(_("in emulation and commendation work since"))
    joined_on = models.DateField(_("joined the body on"))
    left_on = models.DateField(_("left the body on"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        verbose_name = _("emulation and commendation officer")
        verbose_name_plural = _("emulation and commendation officers")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="commendationofficer_named"),
            models.CheckConstraint(condition=Q(sex__in=OfficerSex.values), name="commendationofficer_sex_valid"),
            models.CheckConstraint(
                condition=Q(training__in=TrainingLevel.values), name="commendationofficer_training_valid"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="commendationofficer_stay_ordered",
            ),
            models.CheckConstraint(
                condition=Q(in_commendation_work_since__gt=F("birth_date")),
                name="commendationofficer_work_after_birth",
            ),
        ]

    def __str__(self):
        return self.full_name
