from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thiduakhenthuong"
    verbose_name = "Cổng thi đua, khen thưởng"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
