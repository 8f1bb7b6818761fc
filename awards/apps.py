from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from audit.labels import register_actions

        register_actions(
            {
                "decision.create": _("created the draft"),
                "decision.update": _("edited the draft"),
                "decision.issue": _("issued"),
                "decision.annul": _("annulled"),
                "council.compose": _("recorded the composition"),
                "council.correct": _("corrected the composition"),
            }
        )
