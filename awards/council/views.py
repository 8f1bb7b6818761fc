"""Pages of the provincial council: its composition on a date with its history, and a new composition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.council import services
from awards.council.forms import CompositionForm, CouncilDateForm, members_as_text
from awards.models import Council
from kernel.types import AuthenticatedHttpRequest


@login_required
@permission_required("awards.view_council", raise_exception=True)
@require_GET
def council_page(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    council = get_object_or_404(Council, pk=pk) if pk else services.council_default()
    form = CouncilDateForm(request.GET or None)
    date = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["ngay"]:
        date = form.cleaned_data["ngay"]
    composition = services.council_composition_on(council=council, date=date) if council else None
    return render(
        request,
        "awards/council.html",
        {
            "council": council,
            "form": form,
            "date": date,
            "composition": composition,
            "groups": services.council_members_by_role(composition) if composition else [],
            "history": services.council_history(council=council) if council else [],
        },
    )


def _attach_errors(form: CompositionForm, error: services.CouncilInvalid) -> None:
    for name, field_messages in error.fields.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)
    for index, row_messages in error.rows.items():
        line = form.member_lines[index]
        for message in row_messages:
            form.add_error("members", _("Line %(line)s: %(message)s") % {"line": line, "message": message})
    for message in error.general:
        form.add_error("members", message)


@login_required
@permission_required("awards.change_council", raise_exception=True)
@require_http_methods(["GET", "POST"])
def council_compose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    council = get_object_or_404(Council, pk=pk)
    current = services.council_composition_on(council=council, date=timezone.localdate())
    form = CompositionForm(request.POST or None, initial={"members": members_as_text(current)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            composition = services.council_compose(
                actor=request.user,
                council=council,
                document=data["document"],
                effective_from=data["effective_from"],
                members=data["members"],
                note=data["note"],
                reason=data["reason"].strip(),
            )
        except services.CouncilInvalid as error:
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _("The composition set by %(document)s was recorded.") % {"document": composition.document},
            )
            url = redirect("awards:council-detail", pk=council.pk).url
            return redirect(f"{url}?ngay={composition.effective_from:%d/%m/%Y}")
    return render(request, "awards/council_form.html", {"council": council, "form": form})
