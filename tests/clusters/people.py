"""Helpers for the people tests: person records and individual awards linked to them."""

import datetime

from awards.models import PersonAward
from clusters.models import Person
from tests.factories import make_decision, recipient


def person(full_name="Hoàng Văn Phong", **fields) -> Person:
    return Person.objects.create(full_name=full_name, **fields)


def awarded(someone: Person, *, count=1, date=datetime.date(2018, 3, 1), code="BK_TINH", **decision):
    """An issued decision awarding `count` individuals, all linked to `someone`."""
    made = make_decision(
        recipients=[recipient(code=code, name=someone.full_name) for _ in range(count)], date=date, **decision
    )
    for award in made.awards.all():
        PersonAward.objects.create(award=award, person=someone)
    return made
