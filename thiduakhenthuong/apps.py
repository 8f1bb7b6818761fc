from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thiduakhenthuong"
    verbose_name = "Cổng thi đua, khen thưởng"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from audit.labels import register_actions
        from kernel import throttle  # noqa: F401  (registers the login-throttling signals)
        from kernel.lib import search  # noqa: F401  (registers tdkt_fold and the "vi-x-icu" collation on SQLite)

        from . import checks  # noqa: F401  (registers the system checks)

        register_actions(
            {
                "auth.reauth": _("confirmed their password for a sensitive action"),
                "auth.lockout": _("log-in blocked after repeated failed attempts"),
            }
        )
