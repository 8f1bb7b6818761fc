"""A person's notices: the list (/thong-bao/), marking one or all read (POST), and which kinds they get by e-mail
(/thong-bao/e-mail/). Everyone logged in has notices; each sees only their own (another's id is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel.models import NoticeKind
from kernel.notices import notice_kinds_mailed, notice_opt_outs_set, notices_mark_read, notices_of
from kernel.types import AuthenticatedHttpRequest

NOTICES_PER_PAGE = 50


def _inside(request: AuthenticatedHttpRequest, target: str) -> bool:
    """A page of this site, without control characters (they have no place in a header)."""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return bool(target) and allowed and not any(ord(char) < 32 for char in target)


def _back(request: AuthenticatedHttpRequest) -> HttpResponseRedirect:
    """To the page the form was on (the dashboard or the list), never to another site."""
    target = request.POST.get("next", "")
    return HttpResponseRedirect(target if _inside(request, target) else reverse("notices:list"))


@login_required
@require_GET
def notice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notices = notices_of(user=request.user).only("pk", "kind", "subject", "body", "url", "created_at", "read_at")
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    unread = notices_of(user=request.user).filter(read_at__isnull=True).exists()
    return render(request, "notices/notice_list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notice_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Marks one's own notice read; with `open`, goes on to the page it links to."""
    notice = get_object_or_404(notices_of(user=request.user), pk=pk)
    notices_mark_read(user=request.user, notice_ids=[notice.pk])
    if request.POST.get("open") and _inside(request, notice.url):
        return HttpResponseRedirect(notice.url)  # a path of the portal (a database constraint; "//host" is not)
    return _back(request)


@login_required
@require_POST
def notices_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = notices_mark_read(user=request.user)
    if count:
        messages.success(request, _("%(count)s notices marked read.") % {"count": count})
    return _back(request)


@login_required
@require_http_methods(["GET", "POST"])
def notice_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A box per kind of notice the person may receive in their roles: ticked, that kind also comes by e-mail;
    unticked, only on the dashboard."""
    mailed_kinds = notice_kinds_mailed(user=request.user)
    if request.method == "POST":
        mailed = request.POST.getlist("mail")
        if any(kind not in mailed_kinds for kind in mailed):
            messages.error(request, _("Unknown kind of notice: nothing was changed."))
        else:
            notice_opt_outs_set(actor=request.user, user=request.user, mailed=mailed, shown=mailed_kinds)
            messages.success(request, _("Your e-mail settings are saved."))
            return redirect("notices:preferences")
    kinds = [(kind, label, mailed_kinds[kind]) for kind, label in NoticeKind.choices if kind in mailed_kinds]
    return render(request, "notices/notice_preferences.html", {"kinds": kinds, "has_email": bool(request.user.email)})
