"""Roles as Django groups with model permissions; ROLE_PERMISSIONS is their single source (roles_ensure makes
every group hold exactly its list). What a permission lets a user see is narrowed by the scope helpers
(`*_visible_to` in each app's selectors): a user with a unit account (clusters.UnitUser) sees only their unit's rows.
The yearly organisation (blocs, clusters, units) is public to every logged-in user and needs no permission."""

from django.contrib.auth.models import Group, Permission

from kernel.types import Actor

SECRETARIAT = "Ban Thi đua - Khen thưởng"
UNIT_CLERK = "Văn thư đơn vị"
COUNCIL_MEMBER = "Thành viên Hội đồng Thi đua - Khen thưởng"
LEADER = "Lãnh đạo UBND tỉnh"
# Users in this group also need "staff status" (is_staff) to open the administration: a group cannot grant it.
ADMINISTRATOR = "Quản trị hệ thống"

_CRUD = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    SECRETARIAT: [
        "awards.view_decision",
        "awards.add_decision",
        "awards.change_decision",
        "awards.issue_decision",
        "awards.annul_decision",
        # Certificates of issued decisions and their register (số sổ vàng): printed, printed again with a reason.
        "awards.print_certificate",
        "awards.view_award",
        "awards.view_awardtype",
        "awards.view_council",
        "awards.change_council",
        # Dossiers: staff receive, return, vet and send them on; units create them (role checked by is_secretariat).
        "awards.view_dossier",
        "awards.change_dossier",
        "awards.view_meeting",
        "awards.add_meeting",
        "awards.change_meeting",
        # A failed eligibility rule may be overridden for a nominee or a draft's row, with a reason.
        "awards.view_eligibilityrule",
        "awards.add_eligibilityoverride",
        # Public consultations on nominees: opened, feedback answered and closed by staff.
        "awards.view_consultation",
        "awards.add_consultation",
        "awards.change_consultation",
        "reports.view_statistics",
        "reports.view_report",
        "reports.add_report",
        "reports.change_report",
        "reports.issue_report",
        "campaigns.view_document",
        "campaigns.add_document",
        "campaigns.change_document",
        "campaigns.view_campaign",
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "campaigns.view_registration",
        "campaigns.add_registration",
        "campaigns.change_registration",
        "campaigns.view_covenant",
        "campaigns.add_covenant",
        "campaigns.change_covenant",
        # People: their history pages, recording and editing them, merging duplicate records (change_person and
        # the secretariat role, checked by the views), and saying whose an individual's award or nomination is.
        "clusters.view_person",
        "clusters.add_person",
        "clusters.change_person",
        "awards.add_personaward",
        "awards.change_personaward",
        # The annual statistics' data: awards' classes (issued decisions'), the province's emulation and
        # commendation bodies and officers (biểu 0604, 0605).
        "awards.view_awardclassification",
        "awards.add_awardclassification",
        "awards.change_awardclassification",
        "awards.view_commendationbody",
        "awards.add_commendationbody",
        "awards.change_commendationbody",
        "awards.view_commendationofficer",
        "awards.add_commendationofficer",
        "awards.change_commendationofficer",
        # Digital signing of issued documents (reports.signature_services): staff freeze a document for signing
        # and apply the organisation's signature (seal) after the leader's.
        "reports.sign_seal",
    ],
    # Scoped to the clerk's unit: its registrations and the issued decisions naming it (read-only), and its
    # nomination dossiers (prepared, attached and submitted by the clerk); the people whose current unit is theirs
    # (recorded and edited by the clerk, in that unit only).
    UNIT_CLERK: [
        "awards.view_decision",
        "awards.view_dossier",
        "awards.add_dossier",
        "awards.change_dossier",
        "campaigns.view_registration",
        "clusters.view_person",
        "clusters.add_person",
        "clusters.change_person",
    ],
    # Scoped by awards.scopes.meetings_visible_to: the meetings of the compositions listing the member, where
    # a member present casts their own open votes (add_membervote; secretariat staff never vote for them).
    COUNCIL_MEMBER: ["awards.view_meeting", "awards.add_membervote"],
    LEADER: [
        "awards.view_decision",
        "awards.view_dossier",
        "awards.view_award",
        "reports.view_statistics",
        "reports.view_report",
        "campaigns.view_document",
        "campaigns.view_campaign",
        "campaigns.view_registration",
        "campaigns.view_covenant",
        "clusters.view_person",
        # Closed meetings only (awards.scopes.meetings_visible_to): the leader signs their minutes.
        "awards.view_meeting",
        # The leader's own signature (their certificate) on an issued document, uploaded or from the browser.
        "reports.sign_leader",
    ],
    ADMINISTRATOR: [
        *(f"auth.{verb}_{model}" for model in ("user", "group") for verb in _CRUD),
        "auth.view_permission",
        *(f"clusters.{verb}_unituser" for verb in _CRUD),
        *(f"clusters.{verb}_unit" for verb in _CRUD),
        *(
            f"awards.{verb}_{model}"
            for model in (
                "awardtype",
                "commendationkind",
                "authority",
                "legalregime",
                "basesalary",
                "rewardcoefficient",
                "roundingrule",
                "commendationbody",
                "commendationofficer",
                "registerrule",
                "registercounter",
            )
            for verb in _CRUD
        ),
        "awards.view_registernumber",
        "awards.view_certificateprint",
        *(f"reports.{verb}_{model}" for model in ("certificatetemplate", "certificatefield") for verb in _CRUD),
        # The certificates signers must chain to (Ban Cơ yếu roots) and the look of the portal's seal signature.
        *(f"reports.{verb}_{model}" for model in ("trustroot", "sealappearance") for verb in _CRUD),
        *(f"campaigns.{verb}_issuer" for verb in _CRUD),
        # The working-day calendar (kernel.working_days) and the consultation rules (awards.consultations).
        *(f"kernel.{verb}_calendarday" for verb in _CRUD),
        *(f"awards.{verb}_consultationrule" for verb in _CRUD),
    ],
}


def is_secretariat(user: Actor) -> bool:
    """Whether a user acts as secretariat staff (by group membership; superusers too). Looked up once per user."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object, which lives as long as its request.
    if not hasattr(user, "_is_secretariat"):
        user._is_secretariat = user.groups.filter(name=SECRETARIAT).exists()  # type: ignore[attr-defined]
    return user._is_secretariat  # type: ignore[attr-defined]


def roles_ensure() -> None:
    """Creates the role groups and gives each exactly the permissions listed above. Idempotent."""
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
