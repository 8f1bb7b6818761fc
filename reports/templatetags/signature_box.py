"""{% signature_box obj %}: the "Chữ ký số" box of an issued document's page (templates/reports/_signature_box.html),
the same on the report, statistics, decision, dossier and meeting pages."""

from django import template

from reports.signature_selectors import signature_box as signature_box_read

register = template.Library()


@register.inclusion_tag("reports/_signature_box.html", takes_context=True)
def signature_box(context, obj):
    request = context["request"]
    return {
        "box": signature_box_read(user=request.user, obj=obj),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
