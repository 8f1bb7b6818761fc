"""The public pages, without login (/cong-khai/): the consultations' notices and a feedback form. They extend
their own base template (no staff navigation), show no internal id but the consultation's public identifier,
and nothing a citizen sends. Feedback is throttled per client address (kernel.throttle)."""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from awards.consultations import selectors, services
from awards.consultations.forms import FeedbackForm
from kernel.throttle import address_throttled

# The longest sending the form can need: every field at its longest, each character percent-encoded UTF-8 (up to 9
# bytes). Above it the text is not sent back whole (an anonymous 30 MB post came back as a 30 MB page).
FEEDBACK_MAX_BYTES = 9 * (services.FEEDBACK_MAX_CHARS + 1500) + 4096


def _oversized(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > FEEDBACK_MAX_BYTES
    except ValueError:
        return True


def _cut(request: HttpRequest) -> dict[str, str]:
    """What was sent, each field cut to the longest text the form takes."""
    return {name: request.POST.get(name, "")[: services.FEEDBACK_MAX_CHARS] for name in FeedbackForm.base_fields}


def _limits() -> tuple[int, int]:
    """(feedback per address, window in seconds), read per request so that tests may change them."""
    return settings.CONSULTATION_FEEDBACK_LIMIT, settings.CONSULTATION_FEEDBACK_WINDOW_SECONDS


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/public_list.html", {"lists": selectors.public_consultations()})


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    consultation = selectors.public_consultation(public_id=public_id)
    receiving = selectors.is_receiving(consultation)
    sent = (_cut(request) if _oversized(request) else request.POST) if request.method == "POST" else None
    form = FeedbackForm(sent, consultation=consultation)
    status = 200
    if request.method == "POST":
        limit, window = _limits()
        if not receiving:
            form.add_error(
                None,
                _("Feedback on this list is received from %(first)s to %(last)s only: the window is closed.")
                % {
                    "first": consultation.start_date.strftime("%d/%m/%Y"),
                    "last": consultation.end_date.strftime("%d/%m/%Y"),
                },
            )
            status = 400
        elif address_throttled(request, scope="consultation-feedback", limit=limit, window=window):
            minutes = max(1, round(window / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many feedback messages were sent from this address: try again in %(minutes)s minute, or "
                    "send it by post or e-mail to the address in the notice.",
                    "Too many feedback messages were sent from this address: try again in %(minutes)s minutes, or "
                    "send it by post or e-mail to the address in the notice.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            status = 429
        elif _oversized(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "What you sent is far longer than this form takes (at most %(limit)s characters of feedback): "
                    "it was cut. Shorten it and send it again, or send a long letter by post or e-mail to the address "
                    "in the notice."
                )
                % {"limit": f"{services.FEEDBACK_MAX_CHARS:,}".replace(",", ".")},
            )
            status = 413
        elif form.is_valid():
            try:
                services.feedback_receive(consultation=consultation, fields=form.fields_value())
            except services.ConsultationInvalid as error:
                for field, field_messages in error.fields.items():
                    for message in field_messages:
                        form.add_error(field if field in form.fields else None, message)
                for message in error.general:
                    form.add_error(None, message)
                status = 400
            else:
                return redirect(request.path + "?da-gui=1")
        else:
            status = 400
    context = {
        "consultation": consultation,
        "receiving": receiving,
        "form": form,
        "sent": request.method == "GET" and request.GET.get("da-gui") == "1",
    }
    response = render(request, "consultations/public_detail.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(window)
    if request.method == "POST":
        patch_cache_control(response, no_store=True, private=True)  # it shows back who the citizen is
    return response
