"""Template filters for Vietnamese formats; loaded as a builtin (settings.TEMPLATES)."""

from django import template

from kernel.lib import formatting

register = template.Library()


@register.filter
def vn_int(value):
    return formatting.vn_int(value)


@register.filter
def vn_int_blank(value):
    """A count as the seed prints it: nothing where there is none."""
    return formatting.vn_int(value) if value else ""


@register.filter
def vn_date(value):
    return formatting.vn_date(value)


@register.filter
def vn_long_date(value):
    return formatting.vn_long_date(value) if value else ""
