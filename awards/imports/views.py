"""Excel import pages: the template of a draft decision's recipients or of a dossier's nominees, and the upload
that appends them (all or nothing, with a table of the file's errors). A decision is looked up through
decisions_visible_to, a dossier through dossiers_visible_to (404 outside the user's scope)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards import imports
from awards.decisions import services
from awards.decisions.views import _get_decision_for_user
from awards.imports.tasks import import_submit, is_large
from awards.nominations import services as dossiers
from awards.nominations.views import _clerk_unit, _dossier_for_user
from kernel.forms import ImportForm
from kernel.types import AuthenticatedHttpRequest


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _import_page(request: AuthenticatedHttpRequest, *, obj, kind, run, back_url, template_url) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    errors = []
    if request.method == "POST" and form.is_valid() and is_large(form.cleaned_data["file"]):
        # A large file is imported by a background job, whose page shows its progress, then the outcome.
        job = import_submit(actor=request.user, obj=obj, upload=form.cleaned_data["file"])
        return redirect("jobs:detail", pk=job.pk)
    if request.method == "POST" and form.is_valid():
        result = run(form.cleaned_data["file"])
        if not result.errors:
            messages.success(
                request,
                _("Import done: %(added)s rows added, %(skipped)s skipped as already listed.")
                % {"added": result.added, "skipped": result.skipped},
            )
            if result.linked or result.unlinked:
                messages.info(
                    request,
                    _(
                        "Person records: %(linked)s individuals linked to theirs; %(unlinked)s left for staff to "
                        "check and link on this page (no record or several fit)."
                    )
                    % {"linked": result.linked, "unlinked": result.unlinked},
                )
            return redirect(back_url)
        errors = result.errors
    context = {"form": form, "obj": obj, "kind": kind, "errors": errors, "back_url": back_url}
    context["template_url"] = template_url
    status = 400 if errors or form.errors else 200
    return render(request, "awards/import.html", context, status=status)


@login_required
@permission_required(["awards.add_decision", "awards.change_decision"], raise_exception=True)
@require_GET
def decision_import_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision_for_user(request, pk)
    return _xlsx(imports.decision_template(decision), f"mau-nhap-quyet-dinh-{decision.pk}.xlsx")


@login_required
@permission_required(["awards.add_decision", "awards.change_decision"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def decision_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision_for_user(request, pk)
    back_url = reverse("awards:decision-detail", args=[decision.pk])
    if not decision.is_draft:
        messages.error(request, _("An issued decision can no longer be edited; annul it instead."))
        return redirect(back_url)

    def run(upload):
        try:
            return imports.decision_import(actor=request.user, decision=decision, upload=upload)
        except services.TransitionNotAllowed as error:  # issued while the page was open
            return imports.ImportResult(errors=[imports.ImportProblem(None, "", " ".join(error.messages))])

    return _import_page(
        request,
        obj=decision,
        kind="decision",
        run=run,
        back_url=back_url,
        template_url=reverse("awards:decision-import-template", args=[decision.pk]),
    )


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_GET
def dossier_import_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _clerk_unit(request)
    dossier = _dossier_for_user(request, pk)
    return _xlsx(imports.dossier_template(dossier), f"mau-nhap-ho-so-{dossier.pk}.xlsx")


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_http_methods(["GET", "POST"])
def dossier_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _clerk_unit(request)
    dossier = _dossier_for_user(request, pk)
    back_url = reverse("awards:dossier-detail", args=[dossier.pk])
    if dossier.status not in dossiers.EDITABLE:
        messages.error(request, _("Only a dossier being prepared or returned can be edited."))
        return redirect(back_url)

    def run(upload):
        try:
            return imports.dossier_import(actor=request.user, dossier=dossier, upload=upload)
        except dossiers.DossierTransitionRefused as error:
            return imports.ImportResult(errors=[imports.ImportProblem(None, "", " ".join(error.messages))])

    return _import_page(
        request,
        obj=dossier,
        kind="dossier",
        run=run,
        back_url=back_url,
        template_url=reverse("awards:dossier-import-template", args=[dossier.pk]),
    )
