"""Who acts: the type of every service's `actor`. It lives here, in the lowest layer, because audit records it;
the apps import it from kernel.types with the other shared types."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

# A service's `actor`: the user a view passes (request.user), an anonymous visitor (a failed login, which
# kernel.throttle audits), or None (management commands, the demo and synthetic data loaders). Only
# audit.services.acting_user looks inside it, keeping the logged-in user and turning the others into nobody.
# AUTH_USER_MODEL is Django's own User (settings leave it unset).
Actor: TypeAlias = User | AnonymousUser | None
