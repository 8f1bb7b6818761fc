"""What an import reports: the problems found in a file, the rows read from it and what was written."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file: `row` as Excel numbers it (None: the file as a whole)."""

    row: int | None
    column: str  # "C – Đối tượng", or "" for the file or the row as a whole
    problem: str
    expected: str = ""


@dataclass
class ImportRow:
    row: int  # as Excel numbers it
    values: object  # services.RecipientFields or dossiers.NomineeFields
    # What else the file says of an individual, to find their person record (not stored on the row).
    birth_date: datetime.date | None = None
    id_number: str = ""


@dataclass
class ImportResult:
    added: int = 0
    skipped: int = 0
    # Individual rows added: linked to the person record they surely are, or left for staff to link.
    linked: int = 0
    unlinked: int = 0
    errors: list[ImportProblem] = field(default_factory=list)


class Refused(Exception):
    """The file as a whole cannot be imported; `problem` says why."""

    def __init__(self, problem: ImportProblem):
        self.problem = problem


def file_problem(problem: str, expected: str = "") -> Refused:
    return Refused(ImportProblem(None, "", problem, expected))
