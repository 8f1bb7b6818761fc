"""The administration site: Django's, listing its apps and models in Vietnamese alphabetical order."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from kernel.lib.search import vi_sort_key


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """Django sorts by code point, which puts "Đơn vị" after "Z…" and "Ủy ban" after "Y…": sorted here as a
        Vietnamese dictionary would (a < ă < â < b … d < đ < e …), on the index, an app's page and the side bar."""
        app_list = super().get_app_list(request, app_label)
        app_list.sort(key=lambda app: vi_sort_key(str(app["name"])))
        for app in app_list:
            app["models"].sort(key=lambda model: vi_sort_key(str(model["name"])))
        return app_list


class PortalAdminConfig(AdminConfig):
    """Installed in place of django.contrib.admin, so that `admin.site` is a PortalAdminSite."""

    default_site = "thiduakhenthuong.admin_site.PortalAdminSite"
