"""Helpers for the people tests: person records and individual awards linked to them."""

import datetime

from awards.models import PersonAward
from clusters.models import Person
from tests.factories import make_decision, recipient


def person(full_name="Hoàng Văn Phong", **fields) -> Person:
    return Person.objects.create(full_name=full_name, **fields)


def awarded(someone: Person, *, count=1, date=datetime.date(2018, 3, 1), code="BK_TINH", **decision):
    """`count` issued decisions, each awarding `someone` once (a decision lists a recipient once per award type,
    awards.decisions.row_checks), linked to them; the last decision."""
    for _ in range(count):
        made = make_decision(recipients=[recipient(code=code, name=someone.full_name)], date=date, **decision)
        PersonAward.objects.create(award=made.awards.get(), person=someone)
    return made
