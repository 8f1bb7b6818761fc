"""Human labels of audit actions; each app registers its own when it loads."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str] = {}
# Changes made in the admin are named "<app>.<model>.admin_<verb>" (audit.admin_mixins).
ADMIN_VERBS = {
    "admin_add": _("added in the administration"),
    "admin_change": _("changed in the administration"),
    "admin_delete": _("deleted in the administration"),
}


def register_actions(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    verb = action.rsplit(".", 1)[-1]
    return str(ADMIN_VERBS.get(verb, action))
