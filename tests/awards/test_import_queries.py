"""The Excel import of a decision asks the database the same number of queries for 10 rows as for 200: the rows
are checked in memory against the catalogue read once, written in one INSERT, and their recipients matched to
people with one array parameter per criterion (no chunk of rows, whatever MATCH_CHUNK says), linked and audited
in bulk."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from audit.models import AuditLog
from awards import imports
from awards.models import PersonAward
from clusters import selectors
from clusters.models import Person
from tests.awards.import_helpers import BK_TINH, REGULAR, filled
from tests.factories import UnitFactory, make_decision, recipient

pytestmark = pytest.mark.django_db


def _file_and_people(template, count: int, unit, run: int):
    """`count` rows: individuals found by identity number, by name and date of birth, by name and registered
    workplace, one nobody knows, and a collective, in turn; their people created. Returns the file and how many
    rows should be linked."""
    rows, people, linked = [], [], 0
    for i in range(count):
        name, born = f"Người Số {run}-{i}", datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        way = i % 5
        if way == 0:
            people.append(Person(full_name=f"Tên Cũ {run}-{i}", id_number=f"020{run}00{i:06d}"))
            rows.append([BK_TINH, REGULAR, "Cá nhân", name, "", "", "Không", "", f"020{run}00{i:06d}"])
        elif way == 1:
            people.append(Person(full_name=name, birth_date=born))
            rows.append([BK_TINH, REGULAR, "Cá nhân", name, "", "", "Không", born.strftime("%d/%m/%Y"), ""])
        elif way == 2:
            people.append(Person(full_name=name, current_unit=unit))
            rows.append([BK_TINH, REGULAR, "Cá nhân", name, "", unit.name, "Không", "", ""])
        elif way == 3:
            rows.append([BK_TINH, REGULAR, "Cá nhân", name, "", "Sở Nội vụ", "Không", "", ""])
        else:
            rows.append([BK_TINH, REGULAR, "Tập thể", f"Phòng {run}-{i}", "", "", "Có", "", ""])
        linked += way in (0, 1, 2)
    Person.objects.bulk_create(people)
    return filled(template, rows), linked


def test_an_import_of_200_rows_takes_as_many_queries_as_one_of_10(template, monkeypatch):
    monkeypatch.setattr(selectors, "MATCH_CHUNK", 50)  # 200 rows were four chunks, 10 rows one
    unit = UnitFactory(name="Sở Văn hóa, Thể thao và Du lịch")

    runs = []

    def queries(count: int) -> int:
        runs.append(count)
        draft = make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong")])
        upload, linked = _file_and_people(template, count, unit, len(runs))
        logs = AuditLog.objects.count()
        with override("en"), CaptureQueriesContext(connection) as captured:
            result = imports.decision_import(actor=None, decision=draft, upload=upload)
        assert (result.added, result.linked, result.errors) == (count, linked, []), result.errors
        assert result.unlinked == count // 5  # the individuals nobody knows
        assert PersonAward.objects.filter(award__decision=draft).count() == linked
        assert AuditLog.objects.count() == logs + 1 + linked  # the decision's update, then one entry per link
        return len(captured)

    queries(10)  # fills what Django reads once per process (the content types of the audit entries)
    assert queries(200) == queries(10)
