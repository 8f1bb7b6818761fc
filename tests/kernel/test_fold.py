"""The portal's one Vietnamese fold, in Python (kernel.lib.search.fold) and in PostgreSQL (tdkt_fold, which the
search and name-matching indexes are built on): the same result on awkward names."""

import unicodedata

import pytest
from django.db import connection

from kernel.lib.search import fold

NGUYEN_COMBINING = unicodedata.normalize("NFD", "Nguyễn Văn Á")
AWKWARD_NAMES = {
    "Nguyễn  Văn  A": "nguyen van a",
    "  Hoàng Văn Đức ": "hoang van duc",
    "HOÀNG  VĂN   ĐỨC": "hoang van duc",
    "ĐẶNG THỊ HỒNG": "dang thi hong",
    "đinh lập": "dinh lap",
    NGUYEN_COMBINING: "nguyen van a",
    "Nguyễn Văn Á": "nguyen van a",
    "Lương\tVăn\nƯ": "luong van u",
    "Nông\u00a0Thị\u3000Hương": "nong thi huong",
    "Triệu\u2003 Văn Bình": "trieu van binh",
    "H'Hen Niê": "h'hen nie",
    "Y-Moan Ênuôl": "y-moan enuol",
    "Lò Văn Mười Hai 12": "lo van muoi hai 12",
    "Søren Kierkegaard": "soren kierkegaard",
    "Łukasz Œuvre Straße Ærø": "lukasz oeuvre strasse aero",
    "": "",
}


@pytest.mark.parametrize(("name", "folded"), AWKWARD_NAMES.items())
def test_python_folds_awkward_names(name, folded):
    assert fold(name) == folded


@pytest.mark.django_db
def test_postgresql_folds_every_awkward_name_as_python_does():
    names = list(AWKWARD_NAMES)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tdkt_fold(name) FROM unnest(%s::text[]) WITH ORDINALITY AS t(name, n) ORDER BY n", [names]
        )
        in_sql = [row[0] for row in cursor.fetchall()]
    assert in_sql == [fold(name) for name in names]


def test_the_same_name_typed_differently_folds_the_same_and_different_names_do_not():
    assert fold("Nguyễn Thị Hà") != fold("Nguyễn Thị Hải")
    assert fold(NGUYEN_COMBINING) == fold("NGUYỄN VĂN Á")
