from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Emulation organisation")

    def ready(self):
        from audit.labels import register_actions

        register_actions(
            {
                "person.create": _("recorded the person"),
                "person.update": _("edited the person"),
                "person.merge": _("merged a duplicate record into this person"),
                "person.merged": _("merged this record into another person"),
            }
        )
