"""The authentication backend: Django's ModelBackend, reading what every signed-in page needs in one query
instead of four. The user comes with their unit account (a unit clerk's scope, clusters.selectors.unit_of) and,
on PostgreSQL, with the names of their own and their groups' permissions as an array; elsewhere the permissions
take one more query. On a page answering in a few milliseconds each round trip to the database counts."""

from functools import cache
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Field, Model, Q, QuerySet, Value
from django.db.models.functions import Concat

# The reverse one-to-one from a user to their unit account (clusters.UnitUser.user's related_name); named as a
# string, since the kernel imports no app above it.
UNIT_ACCOUNT = "unit_account"


def _granted(user_filter: Q | None) -> QuerySet[Permission]:
    """ "app_label.codename" of the permissions a user holds directly or through a group (all for None)."""
    permissions = Permission.objects.all() if user_filter is None else Permission.objects.filter(user_filter)
    names = Concat(F("content_type__app_label"), Value("."), F("codename"))
    return permissions.order_by().annotate(full_name=names).values_list("full_name", flat=True).distinct()


def _account_model() -> type[Model]:
    return cast("type[Model]", get_user_model()._meta.get_field(UNIT_ACCOUNT).related_model)


@cache
def _user_query() -> tuple[str, list[str], list[str]]:
    """The SQL reading a user by id with their unit account and permission names, and the column names of each
    model in the order selected. Written once per process: the ORM compiled the same query on every request
    (about a millisecond), and its permission subquery, an OR across outer joins of four tables, cost PostgreSQL
    more to plan than to run."""
    user_model, account_model = get_user_model(), _account_model()
    user_fields = [f.attname for f in user_model._meta.concrete_fields]
    account_fields = [f.attname for f in account_model._meta.concrete_fields]

    def qn(name: str | None) -> str:
        return connection.ops.quote_name(str(name))

    user_table, account_table = qn(user_model._meta.db_table), qn(account_model._meta.db_table)
    account_user = qn(cast("Field", account_model._meta.get_field("user")).column)
    # The link tables and their columns from the many-to-many fields themselves (m2m_column_name: the column
    # naming the model the field is on; m2m_reverse_name: the other one), the user's key from its model.
    own: Any = user_model._meta.get_field("user_permissions")
    member: Any = user_model._meta.get_field("groups")
    granted: Any = Group._meta.get_field("permissions")
    user_pk = qn(user_model._meta.pk.column)
    columns = [f"u.{qn(f.column)}" for f in user_model._meta.concrete_fields]
    columns += [f"a.{qn(f.column)}" for f in account_model._meta.concrete_fields]
    sql = f"""
        SELECT {", ".join(columns)},
          ARRAY(
            SELECT ct.{qn("app_label")} || '.' || p.{qn("codename")}
            FROM {qn(Permission._meta.db_table)} p
            JOIN {qn(ContentType._meta.db_table)} ct ON ct.{qn("id")} = p.{qn("content_type_id")}
            WHERE p.{qn("id")} IN (
              SELECT {qn(own.m2m_reverse_name())} FROM {qn(own.m2m_db_table())}
              WHERE {qn(own.m2m_column_name())} = u.{user_pk}
              UNION
              SELECT g.{qn(granted.m2m_reverse_name())} FROM {qn(granted.m2m_db_table())} g
              JOIN {qn(member.m2m_db_table())} m
                ON m.{qn(member.m2m_reverse_name())} = g.{qn(granted.m2m_column_name())}
              WHERE m.{qn(member.m2m_column_name())} = u.{user_pk}
            )
          )
        FROM {user_table} u LEFT JOIN {account_table} a ON a.{account_user} = u.{user_pk}
        WHERE u.{user_pk} = %s"""
    return sql, user_fields, account_fields


def _user_with_permissions(user_id: Any) -> Any:
    """The user (None when there is none), their unit account cached as select_related would, and their
    permission names in ModelBackend's cache."""
    sql, user_fields, account_fields = _user_query()
    user_model = get_user_model()
    try:
        user_id = user_model._meta.pk.to_python(user_id)
    except Exception:  # a session naming no valid id: no user, as ModelBackend's DoesNotExist
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    user = user_model.from_db(connection.alias, user_fields, row[: len(user_fields)])
    account_values = row[len(user_fields) : -1]
    account = None
    if account_values[0] is not None:
        account = _account_model().from_db(connection.alias, account_fields, account_values)
        account._state.fields_cache["user"] = user
    user._state.fields_cache[UNIT_ACCOUNT] = account  # None: the reverse accessor raises, as select_related's
    if not user.is_superuser:
        user._perm_cache = set(row[-1]) if user.is_active else set()  # type: ignore[attr-defined]  # ModelBackend's cache
    return user


class PortalBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        if connection.vendor == "postgresql":
            user = _user_with_permissions(user_id)
        else:
            try:
                user = get_user_model()._default_manager.select_related(UNIT_ACCOUNT).get(pk=user_id)
            except get_user_model().DoesNotExist:
                return None
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            own_or_group = None if user_obj.is_superuser else Q(user=user_obj) | Q(group__user=user_obj)
            user_obj._perm_cache = set(_granted(own_or_group))
        return user_obj._perm_cache
