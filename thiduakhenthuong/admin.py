"""Users and groups (roles) in the administration: every change is audited and asks for the password again.
Roles themselves are defined in kernel/roles.py; here an administrator assigns them."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from audit.admin_mixins import AuditedAdminMixin
from kernel.reauth import RecentPasswordAdminMixin, recent_password_required

User = get_user_model()

admin.site.unregister(User)
admin.site.unregister(Group)
# The task engine's own rows (one per attempt, in English, with tracebacks) stay out of the administration: the
# jobs people asked for are listed under "Công việc chạy nền" (kernel/admin.py), the tracebacks are in the log.
admin.site.unregister(DBTaskResult)


@admin.register(User)
class PortalUserAdmin(RecentPasswordAdminMixin, AuditedAdminMixin, UserAdmin):
    def user_change_password(self, request, id, form_url=""):
        return recent_password_required(super().user_change_password)(request, id, form_url)


@admin.register(Group)
class PortalGroupAdmin(RecentPasswordAdminMixin, AuditedAdminMixin, GroupAdmin):
    pass
