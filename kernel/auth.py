"""The authentication backend: Django's ModelBackend, reading what every signed-in page needs in two queries
instead of four. The user comes with their unit account (a unit clerk's scope, clusters.selectors.unit_of), and
their own and their groups' permissions come in one query instead of two. On a page answering in a few
milliseconds each round trip to PostgreSQL counts."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

# The reverse one-to-one from a user to their unit account (clusters.UnitUser.user's related_name); named as a
# string, since the kernel imports no app above it.
UNIT_ACCOUNT = "unit_account"


class PortalBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related(UNIT_ACCOUNT).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            granted = (
                Permission.objects.all()
                if user_obj.is_superuser
                else Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            )
            names = granted.order_by().values_list("content_type__app_label", "codename").distinct()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in names}
        return user_obj._perm_cache
