from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns and documents")

    def ready(self):
        from audit.labels import register_actions

        register_actions(
            {
                "document.create": _("entered in the document register"),
                "document.update": _("edited the register entry"),
                "campaign.create": _("registered the campaign"),
                "campaign.update": _("edited the campaign"),
                "campaign.open": _("started the campaign"),
                "campaign.close": _("closed the campaign"),
                "registration.create": _("recorded the registration"),
                "registration.update": _("edited the registration"),
                "covenant.create": _("recorded the covenant"),
                "covenant.update": _("edited the covenant"),
            }
        )
