"""The public pages, without login (/cong-khai/): the consultations' notices and a feedback form. They extend
their own base template (no staff navigation), show no internal id but the consultation's public identifier,
and nothing a citizen sends. Feedback is throttled per client address (kernel.throttle)."""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.consultations import selectors, services
from awards.consultations.forms import FeedbackForm
from kernel.throttle import address_throttled


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
    form = FeedbackForm(request.POST if request.method == "POST" else None, consultation=consultation)
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
            form.add_error(
                None,
                _(
                    "Too many feedback messages were sent from this address: try again in an hour, or send it by post "
                    "or e-mail to the address in the notice."
                ),
            )
            status = 429
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
    return render(request, "consultations/public_detail.html", context, status=status)
