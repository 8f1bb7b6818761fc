"""Types every app shares: who acts in a service, whom a selector reads for, the request of a view that needs a
logged-in user; and a typed read of a text field's length."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import CharField, Model
from django.http import HttpRequest

from audit.types import Actor

__all__ = ["Actor", "AuthenticatedHttpRequest", "Viewer", "text_max_length"]

# Whom a selector or scope helper reads for: request.user, logged in or not (the helpers check is_authenticated).
Viewer: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind @login_required or @permission_required, whose user is a User and never
    AnonymousUser. For annotations only: Django still passes a plain HttpRequest."""

    user: User


def text_max_length(model: type[Model], name: str) -> int:
    """The max_length of a model's text field (CharField, SlugField…), which get_field's type, any field or
    relation, does not show."""
    field = model._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None, f"{model.__name__}.{name} is not text"
    return field.max_length
