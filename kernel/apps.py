from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The kernel is an app for its models: the background job record (kernel.models.Job), the notices' outbox and
    opt-outs (kernel.models.Notice, NoticeOptOut) and the working-day calendar's own days
    (kernel.models.CalendarDay)."""

    name = "kernel"
    label = "kernel"
    verbose_name = _("Background jobs, notices and working days")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit.labels import register_actions

        # A lazy string, translated where it is shown (typed as str by audit.labels).
        register_actions({"job.fail": cast(str, _("background job failed"))})
