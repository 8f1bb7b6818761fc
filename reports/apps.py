from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from audit.labels import register_actions

        register_actions(
            {
                "report.create": _("created the draft report"),
                "report.update": _("edited the report's header"),
                "report.section": _("edited a section"),
                "report.section_delete": _("deleted a section"),
                "report.issue": _("issued the report"),
            }
        )
