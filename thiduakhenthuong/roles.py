"""Roles as Django groups with model permissions. Issue #4 adds unit scope and the council roles.
The yearly organisation (blocs, clusters, units) is public to every logged-in user and needs no permission."""

from django.contrib.auth.models import Group, Permission

SECRETARIAT = "Ban Thi đua - Khen thưởng"

ROLE_PERMISSIONS = {
    SECRETARIAT: [
        "awards.view_decision",
        "awards.add_decision",
        "awards.change_decision",
        "awards.issue_decision",
        "awards.annul_decision",
        "awards.view_award",
        "awards.view_awardtype",
        "awards.view_council",
        "awards.change_council",
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
    ],
}


def roles_ensure() -> None:
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*wanted)
