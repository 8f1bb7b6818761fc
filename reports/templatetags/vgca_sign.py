"""{% vgca_sign document %}: the "Ký số" button of a document's signing box, for the person allowed to do the step the
document waits for (templates/reports/signing/vgca_sign.html, thiduakhenthuong/static/js/vgca_sign.js)."""

from typing import Any

from django import template

from reports import vgca
from reports.signature_models import SignedDocument
from reports.ticket_services import may_sign_step

register = template.Library()


@register.inclusion_tag("reports/signing/vgca_sign.html", takes_context=True)
def vgca_sign(context: template.Context, document: SignedDocument | None) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = document is not None and may_sign_step(user, document)
    return {"document": document, "allowed": allowed, "vgca": vgca.page_config(), "request": request}
