"""The award catalog, and decisions with their awards (one row = one recipient of one award type)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from thiduakhenthuong.lib.symbols import format_symbol


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")
    FAMILY = "family", _("family")


class Verification(models.TextChoices):
    """How sure the research notes are of a catalog fact (reference/research/domain-facts.md legend)."""

    VERIFIED = "verified", _("verified")
    PARTIAL = "partial", _("partly verified")
    FROM_MEMORY = "from_memory", _("from memory, unverified")
    LEAD = "lead", _("lead, unverified")


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=date)
        )


def _validity_constraint(name):
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=name,
    )


class LegalRegime(models.Model):
    """The law and decree that govern awards dated within a period (2003/2013 law + Decree 91/2017, …)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal regime")
        verbose_name_plural = _("legal regimes")
        ordering = ["valid_from"]
        constraints = [_validity_constraint("legalregime_validity_ordered")]

    def __str__(self):
        return self.name


class Authority(models.Model):
    """Who decides an award (thẩm quyền quyết định): the President, the Prime Minister, the provincial chair…"""

    class Level(models.TextChoices):
        STATE = "state", _("state level")
        PROVINCIAL = "provincial", _("provincial level")
        DISTRICT = "district", _("district level")
        COMMUNE = "commune", _("commune level")
        GRASSROOTS = "grassroots", _("grassroots level")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    issuer = models.ForeignKey(
        "campaigns.Issuer",
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The body whose number register its decisions use."),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class AwardType(models.Model):
    """A title or form of commendation in the catalog (danh hiệu thi đua, hình thức khen thưởng)."""

    class Level(models.TextChoices):
        STATE = "state", _("state level")
        PROVINCIAL = "provincial", _("ministry or provincial level")
        DISTRICT = "district", _("district level")
        COMMUNE = "commune", _("commune level")
        GRASSROOTS = "grassroots", _("grassroots level")

    class Category(models.TextChoices):
        EMULATION_TITLE = "emulation_title", _("emulation title")
        ORDER = "order", _("order (huân chương)")
        MEDAL = "medal", _("medal (huy chương)")
        HONORARY_TITLE = "honorary_title", _("state honorary title")
        PRIZE = "prize", _("prize")
        COMMEMORATIVE_MEDAL = "commemorative_medal", _("commemorative medal")
        CERTIFICATE_OF_MERIT = "certificate_of_merit", _("certificate of merit (bằng khen)")
        CERTIFICATE_OF_COMMENDATION = "certificate_of_commendation", _("certificate of commendation (giấy khen)")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    grantors = models.ManyToManyField(Authority, verbose_name=_("granted by"), related_name="award_types")
    for_collective = models.BooleanField(_("for collectives"), default=False)
    for_individual = models.BooleanField(_("for individuals"), default=False)
    for_family = models.BooleanField(_("for families"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    source = models.TextField(_("legal source"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_collective=True) | Q(for_individual=True) | Q(for_family=True),
                name="awardtype_has_a_recipient_kind",
            ),
            _validity_constraint("awardtype_validity_ordered"),
        ]

    def __str__(self):
        return self.name

    def allows(self, recipient_kind: str) -> bool:
        return {
            RecipientKind.COLLECTIVE: self.for_collective,
            RecipientKind.INDIVIDUAL: self.for_individual,
            RecipientKind.FAMILY: self.for_family,
        }[recipient_kind]

    @property
    def allowed_recipient_kinds(self) -> list[str]:
        return [kind for kind in RecipientKind.values if self.allows(kind)]


class CommendationKind(models.Model):
    """Kind of commendation: thường xuyên, chuyên đề, đột xuất, công hiến, đối ngoại, kháng chiến, niên hạn…"""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    council_review = models.BooleanField(
        _("reviewed by the council"),
        default=True,
        help_text=_("Dossiers of this kind go before the council; Lạng Sơn 2018: all but ad hoc (đột xuất) ones."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind of commendation")
        verbose_name_plural = _("kinds of commendation")
        ordering = ["display_order", "name"]
        constraints = [_validity_constraint("commendationkind_validity_ordered")]

    def __str__(self):
        return self.name


class Decision(models.Model):
    """A signed award decision. Issued decisions are frozen (triggers in migration 0002); corrections are
    new decisions, and a wrong one is annulled with a reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")
        ANNULLED = "annulled", _("annulled")

    issuer = models.ForeignKey("campaigns.Issuer", verbose_name=_("issuing body"), on_delete=models.PROTECT)
    authority = models.ForeignKey(Authority, verbose_name=_("authority"), on_delete=models.PROTECT)
    number = models.PositiveIntegerField(
        _("number"), null=True, blank=True, help_text=_("Empty on a draft the portal numbers when it is issued.")
    )
    symbol = models.CharField(_("symbol"), max_length=64, help_text=_("What follows the number: QĐ-UBND."))
    date = models.DateField(_("date signed"))
    summary = models.TextField(_("summary (trích yếu)"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("The campaign whose results this decision rewards, if any."),
    )
    nominations = models.ManyToManyField(
        "Nomination",
        verbose_name=_("nominations it decides"),
        blank=True,
        related_name="decisions",
        help_text=_("Set when the decision is gathered from approved nominees; issuing links their awards."),
    )
    signer_name = models.CharField(_("signer"), max_length=128)
    signer_title = models.CharField(_("signer's title"), max_length=128)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data invented for illustration, not from the seed.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    annulment_reason = models.TextField(_("reason for annulment"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-number"]
        permissions = [
            ("issue_decision", _("Can issue a decision")),
            ("annul_decision", _("Can annul an issued decision")),
        ]
        constraints = [
            # An issuing body numbers its decisions in one series per year (reports, plans… have their own):
            # 86/QĐ-UBND and 86/QĐ-UBND-VP cannot both exist in 2018.
            models.UniqueConstraint(
                "issuer", "number", ExtractYear("date"), name="decision_number_unique_per_issuer_year"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="decision_number_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False), name="decision_issued_has_number"
            ),
            models.CheckConstraint(condition=Q(symbol__startswith="QĐ-"), name="decision_symbol_is_a_decision"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "issued", "annulled"]), name="decision_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(issued_at__isnull=True) & Q(issued_by__isnull=True))
                | (~Q(status="draft") & Q(issued_at__isnull=False)),
                name="decision_issued_has_time",
            ),
            models.CheckConstraint(
                condition=(Q(status="annulled") & Q(annulled_at__isnull=False) & ~Q(annulment_reason=""))
                | (
                    ~Q(status="annulled")
                    & Q(annulled_at__isnull=True)
                    & Q(annulled_by__isnull=True)
                    & Q(annulment_reason="")
                ),
                name="decision_annulled_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "date"], name="decision_status_date_idx")]

    def __str__(self):
        return self.number_and_symbol

    @property
    def number_and_symbol(self) -> str:
        """651/QĐ-UBND; a draft still waiting for its number prints as …/QĐ-UBND."""
        return f"…/{self.symbol}" if self.number is None else format_symbol(self.number, self.symbol)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class NumberRegister(models.Model):
    """The register of numbers (sổ đăng ký văn bản) an issuing body gives its decisions in a year. The portal
    takes the next number from it when it issues a decision that has none, under a row lock, so that two
    decisions issued at the same moment get consecutive numbers and a failed issue leaves no gap."""

    issuer = models.ForeignKey("campaigns.Issuer", verbose_name=_("issuing body"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number register")
        verbose_name_plural = _("number registers")
        ordering = ["-year", "issuer"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="numberregister_one_per_issuer_year")]

    def __str__(self):
        return f"{self.issuer} {self.year}"


class Award(models.Model):
    """One recipient of one award type in one decision: a collective, an individual or a family."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="awards")
    line_no = models.PositiveIntegerField(_("line"))
    award_type = models.ForeignKey(AwardType, verbose_name=_("award type"), on_delete=models.PROTECT)
    commendation_kind = models.ForeignKey(
        CommendationKind, verbose_name=_("kind of commendation"), on_delete=models.PROTECT
    )
    recipient_kind = models.CharField(_("recipient kind"), max_length=16, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    unit_name = models.CharField(
        _("workplace or address"),
        max_length=255,
        blank=True,
        help_text=_("As printed in the decision's list when the recipient is not one of the registered units."),
    )
    # Stored as it was when awarded: a unit or a person may stop being grassroots later.
    is_grassroots = models.BooleanField(_("grassroots / direct worker"), default=False)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["decision", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "line_no"], name="award_line_unique_in_decision"),
            models.CheckConstraint(condition=Q(line_no__gte=1), name="award_line_positive"),
            models.CheckConstraint(condition=~Q(recipient_name=""), name="award_recipient_named"),
            models.CheckConstraint(
                condition=Q(recipient_kind__in=RecipientKind.values), name="award_recipient_kind_valid"
            ),
            # A family is a grassroots recipient by nature; the seed counts every family there.
            models.CheckConstraint(
                condition=~Q(recipient_kind="family") | Q(is_grassroots=True), name="award_family_is_grassroots"
            ),
        ]
        # Allowed recipient kinds per award type, and "no change once issued", are enforced by triggers
        # (migration 0002) because they look at other tables.

    def __str__(self):
        return f"{self.recipient_name} – {self.award_type}"

    @property
    def workplace(self) -> str:
        return self.unit.name if self.unit_id else self.unit_name


class Dossier(models.Model):
    """A unit's nomination dossier (hồ sơ đề nghị khen thưởng): nominees, attached files, and where it stands.

    It moves only along awards.dossiers.DOSSIER_TRANSITIONS, one service per step, each audited."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned to the unit")
        RECEIVED = "received", _("received")
        VETTED = "vetted", _("vetted")
        AT_MEETING = "at_meeting", _("on a council meeting's agenda")
        REVIEWED = "reviewed", _("reviewed by the council")
        FORWARDED = "forwarded", _("forwarded to the central level")
        DECIDED = "decided", _("decided")

    unit = models.ForeignKey("clusters.Unit", verbose_name=_("proposing unit"), on_delete=models.PROTECT)
    commendation_kind = models.ForeignKey(
        CommendationKind, verbose_name=_("kind of commendation"), on_delete=models.PROTECT
    )
    year = models.PositiveIntegerField(_("year of the achievements"))
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination dossier")
        verbose_name_plural = _("nomination dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="dossier_title_not_empty"),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100), name="dossier_year_sane"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="dossier_left_draft_when_submitted"
            ),
        ]
        indexes = [models.Index(fields=["status", "unit"], name="dossier_status_unit_idx")]

    def __str__(self):
        return self.title


class Nomination(models.Model):
    """One nominee of a dossier, for one award type; vetted by staff, then voted by the council."""

    class Result(models.TextChoices):
        PENDING = "pending", _("pending")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("not passed")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="nominations"
    )
    line_no = models.PositiveIntegerField(_("line"))
    recipient_kind = models.CharField(_("recipient kind"), max_length=16, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    award_type = models.ForeignKey(AwardType, verbose_name=_("proposed award"), on_delete=models.PROTECT)
    achievements = models.TextField(_("summary of achievements"))
    vetting_remark = models.TextField(_("vetting remark"), blank=True)
    vetting_ok = models.BooleanField(_("meets the criteria"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, default=Result.PENDING)
    award = models.OneToOneField(
        "Award",
        verbose_name=_("award given"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nomination",
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["dossier", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "line_no"], name="nomination_line_unique"),
            models.CheckConstraint(condition=~Q(recipient_name=""), name="nomination_name_not_empty"),
            models.CheckConstraint(condition=~Q(achievements=""), name="nomination_achievements_not_empty"),
            models.CheckConstraint(
                condition=Q(award__isnull=True) | Q(result="passed"), name="nomination_award_if_passed"
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name} – {self.award_type}"


class DossierFile(models.Model):
    """A typed file of a dossier, stored outside the web root (MEDIA_ROOT is never served as such) and given
    only to users in the dossier's scope. Its type is read from its content (campaigns.files)."""

    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("submission (tờ trình)")
        ACHIEVEMENTS = "achievements", _("achievement report (báo cáo thành tích)")
        MINUTES = "minutes", _("minutes (biên bản)")
        OTHER = "other", _("other")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind of file"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "uploaded_at"]

    def __str__(self):
        return self.original_name


class VotingRule(models.Model):
    """How the council votes on a proposal: the ballot and the share of ALL its members that must agree.

    Data by legal regime and province (fixtures/catalog/voting_rules.csv), never code: a rule naming award
    types or categories applies to them; the rule naming none applies to every other proposal."""

    class Ballot(models.TextChoices):
        SECRET = "secret", _("secret ballot")
        NAMED = "named", _("open vote")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    ballot = models.CharField(_("ballot"), max_length=16, choices=Ballot.choices)
    threshold_percent = models.PositiveSmallIntegerField(_("share of all members needed (%)"))
    award_types = models.ManyToManyField(AwardType, verbose_name=_("award types"), blank=True)
    award_categories = models.CharField(
        _("award categories"), max_length=255, blank=True, help_text=_("Comma-separated, e.g. honorary_title.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("legal source"), max_length=500)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("council voting rule")
        verbose_name_plural = _("council voting rules")
        ordering = ["-threshold_percent", "code"]
        constraints = [
            _validity_constraint("votingrule_validity_ordered"),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=1) & Q(threshold_percent__lte=100), name="votingrule_threshold_range"
            ),
        ]

    def __str__(self):
        return self.name

    def categories(self) -> set[str]:
        return {c.strip() for c in self.award_categories.split(",") if c.strip()}


class Council(models.Model):
    """An emulation and commendation council (Hội đồng Thi đua - Khen thưởng). Its members are set by
    reconstitution decisions (compositions), each valid from its date until the next one."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of all members present)"),
        default=67,
        help_text=_(
            "A meeting may vote when at least this share of all members attends. 67 (two thirds) is the usual "
            "rule, from memory: check the council's own rules (quy chế hoạt động) and correct it here."
        ),
    )

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="council_name_not_empty")]

    def __str__(self):
        return self.name


class CouncilComposition(models.Model):
    """The council's members as a signed decision (quyết định kiện toàn) sets them from a date. The
    composition valid on a day is the latest one that took effect on or before it; a later one replaces it.

    A record of a signed decision: written and corrected only through awards.council services, with a reason
    and an audit entry (before and after)."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="compositions"
    )
    document = models.ForeignKey(
        "campaigns.Document",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="council_compositions",
        help_text=_("The reconstitution decision, as entered in the document register."),
    )
    effective_from = models.DateField(_("effective from"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("council composition")
        verbose_name_plural = _("council compositions")
        ordering = ["council", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "effective_from"], name="councilcomposition_one_per_council_and_date"
            ),
        ]

    def __str__(self):
        return f"{self.council} – {self.effective_from:%d/%m/%Y}"


class CouncilRole(models.TextChoices):
    # In the order a decision lists the members.
    CHAIR = "chair", _("chair")
    FIRST_VICE_CHAIR = "first_vice_chair", _("first vice-chair")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("standing vice-chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    STANDING_MEMBER = "standing_member", _("standing member")
    MEMBER = "member", _("ordinary member")


# Roles that at most one member of a composition holds (the chair: exactly one, checked by the services).
COUNCIL_SINGLE_ROLES = (
    CouncilRole.CHAIR,
    CouncilRole.FIRST_VICE_CHAIR,
    CouncilRole.STANDING_VICE_CHAIR,
    CouncilRole.STANDING_MEMBER,
)


class CouncilMember(models.Model):
    """One member of a composition, as the decision lists them."""

    composition = models.ForeignKey(
        CouncilComposition, verbose_name=_("composition"), on_delete=models.CASCADE, related_name="members"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    role = models.CharField(_("role in the council"), max_length=32, choices=CouncilRole.choices)
    full_name = models.CharField(_("full name"), max_length=128)
    title = models.CharField(_("title"), max_length=255, help_text=_("Chức vụ, e.g. “Chủ tịch UBND tỉnh”."))
    unit = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_members",
        help_text=_("The member's own unit: flags a conflict of interest when that unit is nominated."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data invented for illustration, not from the seed.")
    )

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["composition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["composition", "position"], name="councilmember_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="councilmember_position_positive"),
            models.CheckConstraint(condition=Q(role__in=CouncilRole.values), name="councilmember_role_valid"),
            models.CheckConstraint(condition=~Q(full_name=""), name="councilmember_named"),
            models.CheckConstraint(condition=~Q(title=""), name="councilmember_has_title"),
        ]
        constraints += [
            models.UniqueConstraint(
                fields=["composition"], condition=Q(role=role), name=f"councilmember_one_{role.value}"
            )
            for role in COUNCIL_SINGLE_ROLES
        ]

    def __str__(self):
        return f"{self.full_name} – {self.get_role_display()}"


class Meeting(models.Model):
    """A council meeting that reviews dossiers (phiên họp xét khen thưởng): its agenda, who attended, and a
    ballot per nominee. The composition in force on its date is fixed when the meeting is created."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CLOSED = "closed", _("closed")

    council = models.ForeignKey(Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="meetings")
    composition = models.ForeignKey(
        CouncilComposition, verbose_name=_("composition"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    agenda = models.ManyToManyField(Dossier, verbose_name=_("agenda"), related_name="meetings", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="meeting_title_not_empty"),
            models.CheckConstraint(
                condition=Q(status="planned", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="meeting_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT)
    present = models.BooleanField(_("present"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")]


class Ballot(models.Model):
    """The council's vote on one nominee: the rule applied, the tally, and the result it gives."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="ballots")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="ballots"
    )
    rule = models.ForeignKey(
        VotingRule, verbose_name=_("rule applied"), on_delete=models.PROTECT, related_name="ballots"
    )
    ballot = models.CharField(_("ballot"), max_length=16, choices=VotingRule.Ballot.choices)
    members_total = models.PositiveSmallIntegerField(_("members of the council"))
    present = models.PositiveSmallIntegerField(_("members present"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    passed = models.BooleanField(_("passed"))
    explanation = models.TextField(_("result and rule"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["meeting", "nomination__dossier", "nomination__line_no"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination"], name="ballot_once_per_nomination_and_meeting"),
            models.CheckConstraint(
                condition=Q(votes_for__lte=F("present"))
                & Q(votes_against__lte=F("present"))
                & Q(present__lte=F("members_total")),
                name="ballot_votes_within_attendance",
            ),
        ]


class NamedVote(models.Model):
    """One member's vote in an open (named) ballot; a secret ballot keeps only its totals."""

    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="named_votes")
    member = models.ForeignKey("CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT)
    agrees = models.BooleanField(_("agrees"))

    class Meta:
        verbose_name = _("named vote")
        verbose_name_plural = _("named votes")
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="namedvote_once_per_member")]
