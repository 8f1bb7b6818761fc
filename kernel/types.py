"""Types every app shares: who acts in a service, and the request of a view that needs a logged-in user."""

from django.contrib.auth.models import User
from django.http import HttpRequest

from audit.types import Actor

__all__ = ["Actor", "AuthenticatedHttpRequest"]


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind @login_required or @permission_required, whose user is a User and never
    AnonymousUser. For annotations only: Django still passes a plain HttpRequest."""

    user: User
