from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


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


class StaticFilesConfig(BaseStaticFilesConfig):
    """collectstatic leaves out the Bootstrap builds the portal never links (RTL, grid, reboot, utilities, ESM and
    unminified files: 40 of XStatic-Bootstrap's 44 files, 8 MB), which it would otherwise hash and compress with
    gzip and brotli at every release (25 s instead of 6 s on the project machine). base.html links
    bootstrap.min.css and bootstrap.bundle.min.js, whose source maps stay (the files name them)."""

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "bootstrap-*",
        "bootstrap.rtl.*",
        "bootstrap.esm.*",
        "bootstrap.css",
        "bootstrap.css.map",
        "bootstrap.js",
        "bootstrap.js.map",
        "bootstrap.min.js",
        "bootstrap.min.js.map",
        "bootstrap.bundle.js",
        "bootstrap.bundle.js.map",
    ]
