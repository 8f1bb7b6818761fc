"""The portal's menu (templates/_nav_menu.html), rendered once per language and set of permissions: its dozen
permission tests and URL reversals cost every signed-in page about half a millisecond, for the same few menus."""

from django import template
from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kernel.lib.kept_html import KeptHtml

register = template.Library()

_menus = KeptHtml(most=256)  # a handful of roles in practice, though permissions can be given one by one


@register.simple_tag(takes_context=True)
def portal_menu(context: template.Context) -> SafeString:
    user = context["user"]
    # A superuser holds every permission (no query: reading them all would cost each of their pages one).
    held = "all" if user.is_active and user.is_superuser else frozenset(user.get_all_permissions())
    key = (get_language(), get_script_prefix(), user.is_staff, held)
    return _menus.get(key, lambda: get_template("_nav_menu.html").render({"user": user, "perms": PermWrapper(user)}))
