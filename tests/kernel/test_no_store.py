"""Responses to logged-in people are never stored by a browser or a proxy; static files and anonymous pages are
left alone."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_decision

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_authenticated_pages_and_exports_are_no_store_and_private(staff_client):
    decision = make_decision(date=datetime.date(2018, 3, 1))
    urls = [
        reverse("home"),
        reverse("awards:decision-list"),
        reverse("awards:decision-detail", args=[decision.pk]),
        reverse("people:person-list"),
        reverse("reports:appendix2-xlsx") + "?date_from=20/12/2017&date_to=20/6/2018",
        reverse("reports:money-summary-xlsx") + "?date_from=2018-01-01&date_to=2018-12-31",
        "/tim-kiem/?q=a",
    ]
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert {"no-store", "private"} <= _directives(response), url


def test_an_anonymous_answer_is_not_marked_and_a_views_own_caching_is_kept(staff_client):
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "no-store" not in _directives(response)
    own = staff_client.get(reverse("login"))  # LoginView is never_cache: Django's own header, left as it is
    assert {"no-cache", "must-revalidate", "no-store", "private"} <= _directives(own)
