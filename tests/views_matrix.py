"""Every view is tried with every persona: the allowed role, a unit clerk, a council member, anonymous,
and the wrong HTTP method."""

from django.urls import reverse


def assert_permissions(client, *, url, method, allowed, others, anonymous_redirects=True, wrong_method="put"):
    send = getattr(client, method)
    client.force_login(allowed)
    assert send(url).status_code in (200, 302), "allowed persona refused"
    for user in others:
        client.force_login(user)
        assert send(url).status_code == 403, f"{user} was let in"
    client.logout()
    response = send(url)
    if anonymous_redirects:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(allowed)
    assert getattr(client, wrong_method)(url).status_code == 405
