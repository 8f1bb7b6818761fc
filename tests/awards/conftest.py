"""Fixtures shared by the Excel import tests: a draft decision listing one recipient, and its template."""

import pytest

from awards import imports
from tests.factories import make_decision, recipient


@pytest.fixture
def draft():
    return make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong")])


@pytest.fixture
def template(draft):
    return imports.decision_template(draft)
