from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.selectors import audit_entries_for
from awards.decisions import services
from awards.decisions.forms import (
    MAX_RECIPIENTS,
    MAX_ROWS_POSTED,
    AnnulForm,
    DecisionFilterForm,
    DecisionForm,
    RecipientForm,
    RecipientFormSet,
    recipient_formset,
)
from awards.decisions.gathering import decision_from_nominations
from awards.decisions.list_rows import decision_filters_html, decision_rows_html
from awards.decisions.money import award_amount, decision_money_totals, money_rules
from awards.decisions.paged_rows import ROWS_PER_PAGE
from awards.decisions.row_classes import award_classes_shown
from awards.decisions.row_html import decision_award_rows_html
from awards.decisions.selectors import (
    LIST_FIELDS,
    RowsPage,
    decision_award_groups,
    decision_awards,
    decision_counts,
    decision_list,
    decision_rows_page,
    nominations_to_decide,
    number_order_warning,
)
from awards.decisions.shown_rows import decision_shown_rows
from awards.models import Decision, LegalRegime
from awards.people.selectors import LINK_PERMISSIONS
from awards.scopes import decisions_visible_to
from kernel.concurrency import EditConflict
from kernel.edit_versions import EditGuard, EditState, form_labels, form_state_fields
from kernel.forms import ImportForm
from kernel.lib.paging import DATE_NUMBER_ID, list_page
from kernel.lib.statistical_years import statistical_year_of
from kernel.reauth import recent_password_required
from kernel.types import AuthenticatedHttpRequest

PAGE_SIZE = 50


def _get_decision_for_user(request: AuthenticatedHttpRequest, pk: int) -> Decision:
    return get_object_or_404(
        decisions_visible_to(user=request.user).select_related("authority", "issuer", "campaign"), pk=pk
    )


@login_required
@permission_required("awards.view_decision", raise_exception=True)
@require_GET
def decision_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():  # show the filter's errors, not an unfiltered list
        decisions = Decision.objects.none()
    else:
        decisions = decision_list(user=request.user, **(form.cleaned_data if form.is_bound else {}))
    page = list_page(decisions, keyset=DATE_NUMBER_ID, params=request.GET, size=PAGE_SIZE, fields=LIST_FIELDS)
    context = {"form": form, "page": page, "rows_html": decision_rows_html(page.rows)}
    context["filters_html"] = decision_filters_html(form)
    return render(request, "awards/decision_list.html", context)


def _attach_errors(form, formset, error: services.DecisionInvalid) -> None:
    for field, field_messages in error.fields.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    kept = formset.kept_forms()
    for index, row in error.rows.items():
        for field, field_messages in row.items():
            for message in field_messages:
                kept[index].add_error(field if field in kept[index].fields else None, message)
    for message in error.general:
        form.add_error(None, message)


def _recipients(formset) -> list[services.RecipientFields]:
    return [
        services.RecipientFields(
            award_type=f.cleaned_data["award_type"],
            commendation_kind=f.cleaned_data["commendation_kind"],
            recipient_kind=f.cleaned_data["recipient_kind"],
            recipient_name=f.cleaned_data["recipient_name"],
            position=f.cleaned_data["position"],
            unit=f.unit,
            unit_name="" if f.unit else f.cleaned_data["workplace"],
            is_grassroots=f.cleaned_data["is_grassroots"],
            individual_class=f.cleaned_data["individual_class"],
            is_enterprise=f.cleaned_data["is_enterprise"],
            proposing_body=f.cleaned_data["proposing_body"],
        )
        for f in formset.kept_forms()
    ]


def _decision_fields(form) -> services.DecisionFields:
    data = form.cleaned_data
    return services.DecisionFields(
        issuer=form.issuer,
        authority=data["authority"],
        number=form.parsed_symbol.number,
        symbol=form.parsed_symbol.symbol,
        date=data["date"],
        summary=data["summary"].strip(),
        signer_name=data["signer_name"].strip(),
        signer_title=data["signer_title"].strip(),
        campaign=data["campaign"],
    )


def _decision_state(decision: Decision, rows: RowsPage) -> EditState:
    """What the edit page shows of a draft, as stored now: its header fields and one line per recipient of the
    page of rows it edits (the version, not this list, is what refuses a save: any row changed on any page)."""
    form = DecisionForm(initial=DecisionForm.initial_from(decision))
    state_rows = []
    for award in rows.of(decision_awards(decision=decision)):
        shown = [str(award.award_type), str(award.commendation_kind), award.get_recipient_kind_display()]
        shown += [award.position, award.workplace, _("grassroots") if award.is_grassroots else ""]
        shown += award_classes_shown(award)
        state_rows.append((award.recipient_name, " · ".join(value for value in shown if value)))
    return EditState(fields=form_state_fields(form), rows=state_rows)


def _decision_guard(request: AuthenticatedHttpRequest, decision: Decision, rows: RowsPage) -> EditGuard:
    return EditGuard(
        request,
        decision,
        state=lambda: _decision_state(decision, rows),
        labels=form_labels(DecisionForm()),
        history=lambda: audit_entries_for(obj=decision),
        current_url=reverse("awards:decision-detail", args=[decision.pk]),
        rows_label=_("Recipients"),
    )


def _rows_of_page(decision: Decision | None, number: str | None) -> tuple[RowsPage | None, list[dict] | None, int]:
    """The page of a draft's rows the edit page shows (None for a new decision), its rows' initial values, and
    how many rows the other pages hold."""
    if decision is None:
        return None, None, 0
    count = decision.awards.count()
    rows = decision_rows_page(number=number, count=count, per_page=ROWS_PER_PAGE)
    initial = [RecipientForm.initial_from(a) for a in rows.of(decision_awards(decision=decision))]
    return rows, initial, count - len(initial)


def _decision_form_page(request: AuthenticatedHttpRequest, decision: Decision | None) -> HttpResponse:
    """Create (decision None) or edit a draft: the decision and its recipients, a page of ROWS_PER_PAGE rows at a
    time (?trang=N; awards.decisions.paged_rows). An edit saved over a newer version (a save of any page) is
    refused (409) with the input kept and what changed (kernel.edit_versions)."""
    initial = DecisionForm.initial_from(decision) if decision else None
    rows, initial_rows, others = _rows_of_page(decision, request.GET.get("trang"))
    form = DecisionForm(request.POST or None, initial=initial)
    # The other pages' rows count towards the decision's largest size, and keep it from being empty.
    formset_class = recipient_formset(min(MAX_ROWS_POSTED, MAX_RECIPIENTS - others)) if others else RecipientFormSet
    formset = formset_class(request.POST or None, initial=initial_rows, prefix="r", others=others)
    edit = _decision_guard(request, decision, rows) if decision and rows else None
    if request.method == "POST" and form.is_valid() and formset.is_valid() and not (edit and edit.problem):
        try:
            fields, recipients = _decision_fields(form), _recipients(formset)
            if decision is None:
                decision = services.decision_create(actor=request.user, fields=fields, recipients=recipients)
            else:
                assert edit is not None and rows is not None
                decision = services.decision_update(
                    actor=request.user,
                    decision=decision,
                    fields=fields,
                    recipients=recipients,
                    expected_version=edit.expected_version(),
                    lines=rows.lines if rows.several else None,
                )
        except services.DecisionInvalid as error:
            _attach_errors(form, formset, error)
        except services.TransitionNotAllowed as error:  # issued by someone else while this page was open
            messages.error(request, " ".join(error.messages))
            return redirect("awards:decision-detail", pk=decision.pk)
        except EditConflict:
            assert edit is not None
            edit.refused()
        else:
            messages.success(request, _("Decision %(symbol)s saved as a draft.") % {"symbol": decision})
            detail = reverse("awards:decision-detail", args=[decision.pk])
            return redirect(f"{detail}?trang={rows.number}" if rows and rows.several else detail)
    unit_names = sorted({unit.name for unit in formset.catalog.units.values()})
    context = {
        "form": form,
        "formset": formset,
        "decision": decision,
        "unit_names": unit_names,
        "edit": edit,
        "rows": rows,
    }
    return render(request, "awards/decision_form.html", context, status=(edit and edit.status) or 200)


@login_required
@permission_required("awards.add_decision", raise_exception=True)
@require_http_methods(["GET", "POST"])
def decision_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _decision_form_page(request, None)


@login_required
@permission_required("awards.change_decision", raise_exception=True)
@require_http_methods(["GET", "POST"])
def decision_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision_for_user(request, pk)
    if not decision.is_draft:
        messages.error(request, _("An issued decision can no longer be edited; annul it instead."))
        return redirect("awards:decision-detail", pk=decision.pk)
    return _decision_form_page(request, decision)


@login_required
@permission_required("awards.view_decision", raise_exception=True)
@require_GET
def decision_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision_for_user(request, pk)
    groups = decision_award_groups(decision=decision)  # the counts and the reward total of the whole decision
    counts = decision_counts(groups=groups)
    rows = decision_rows_page(number=request.GET.get("trang"), count=sum(counts.values()), per_page=ROWS_PER_PAGE)
    shown, duplicates = decision_shown_rows(user=request.user, decision=decision, rows=rows)
    rules = money_rules(on=decision.date)
    award_rows = [
        (a, award_amount(award_type=a.award_type_id, recipient_kind=a.recipient_kind, date=decision.date, rules=rules))
        for a in shown
    ]
    can_link_people = not decision.is_draft and request.user.has_perms(LINK_PERMISSIONS)
    may_issue = decision.is_draft and request.user.has_perm("awards.issue_decision")
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "regime": LegalRegime.objects.valid_on(decision.date).first(),
            "rows": rows,
            "awards": shown,  # the page's rows
            "award_rows": award_rows,
            "overridable": [row for row in shown if row.failed_rules],
            "rows_html": decision_award_rows_html(
                award_rows, is_draft=decision.is_draft, can_link_people=can_link_people, user=request.user
            ),
            # For the whole decision, whatever page is shown.
            "money": decision_money_totals(decision=decision, groups=groups, rules=rules),
            "duplicates": duplicates,
            "counts": counts,
            "history": audit_entries_for(obj=decision),
            "can_import": decision.is_draft
            and request.user.has_perms(["awards.add_decision", "awards.change_decision"]),
            # Issued decisions only: a draft's rows get their people from nominees and imports, and keep them
            # through edits (services.decision_update).
            "can_link_people": can_link_people,
            "import_form": ImportForm(),
            # Shown beside "Issue" and in its confirmation: a warning, staff may still issue.
            "number_warning": number_order_warning(decision=decision) if may_issue else "",
            # The statistical year it counts in (01/12–30/11: a December decision counts in the next year's).
            "statistical_year": statistical_year_of(decision.date),
        },
    )


@login_required
@permission_required("awards.issue_decision", raise_exception=True)
@recent_password_required
@require_POST
def decision_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision_for_user(request, pk)
    try:
        issued = services.decision_issue(actor=request.user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:  # the issued copy carries the number the register has just given
        messages.success(
            request, _("Decision %(symbol)s is issued; it now counts in the reports.") % {"symbol": issued}
        )
    return redirect("awards:decision-detail", pk=decision.pk)


@login_required
@permission_required("awards.annul_decision", raise_exception=True)
@recent_password_required
@require_http_methods(["GET", "POST"])
def decision_annul(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision_for_user(request, pk)
    form = AnnulForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_annul(actor=request.user, decision=decision, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision %(symbol)s is annulled.") % {"symbol": decision})
        return redirect("awards:decision-detail", pk=decision.pk)
    return render(request, "awards/decision_annul.html", {"decision": decision, "form": form})


@login_required
@permission_required("awards.add_decision", raise_exception=True)
@require_http_methods(["GET", "POST"])
def decision_gather(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff tick approved nominees (of one or more dossiers) and give the decision's header: a draft is made."""
    candidates = list(nominations_to_decide(user=request.user))
    form = DecisionForm(request.POST or None)
    chosen_ids = {int(pk) for pk in request.POST.getlist("nomination") if pk.isdigit()}
    chosen = [n for n in candidates if n.pk in chosen_ids]
    if request.method == "POST" and form.is_valid():
        if not chosen:
            form.add_error(None, _("Tick at least one approved nominee."))
        else:
            try:
                decision = decision_from_nominations(
                    actor=request.user, nominations=chosen, fields=_decision_fields(form)
                )
            except ValidationError as error:
                _attach_gather_errors(form, error, sorted(chosen, key=lambda n: (n.dossier_id, n.line_no)))
            else:
                messages.success(
                    request, _("Draft decision %(decision)s made from the approved nominees.") % {"decision": decision}
                )
                return redirect("awards:decision-detail", pk=decision.pk)
    context = {"form": form, "candidates": candidates, "chosen_ids": chosen_ids}
    return render(request, "awards/decision_gather.html", context, status=400 if form.errors else 200)


def _attach_gather_errors(form, error: ValidationError, ordered: list) -> None:
    """Header errors on their fields; a recipient row's error names the nominee it concerns."""
    for field, field_messages in getattr(error, "fields", {}).items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    for index, row in getattr(error, "rows", {}).items():
        for message in [m for ms in row.values() for m in ms]:
            form.add_error(None, f"{ordered[index].recipient_name}: {message}")
    for message in getattr(error, "general", None) or []:
        form.add_error(None, message)
    if not form.errors:
        form.add_error(None, " ".join(error.messages))
