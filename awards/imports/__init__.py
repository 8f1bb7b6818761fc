"""Excel import of a draft decision's recipients and of a dossier's nominees, in the order a file goes through it.

`template` builds the downloadable workbook (`decision_template`, `dossier_template`); `workbook` opens an upload
and refuses it as a whole when it is not a sound .xlsx, after `measure` has measured it against the limits without
loading it (zip directory and a streaming read); `rows` reads every row against the `columns` and returns
(rows, problems) without writing anything; `writing` (`decision_import`, `dossier_import`) writes only when there
is no problem, in one transaction, through the audited services. This package re-exports what other code uses."""

from awards.imports.columns import (
    AWARD,
    DATA_SHEET,
    DECISION_COLUMNS,
    DOSSIER_COLUMNS,
    HELP_SHEET,
    LISTS_SHEET,
    XLSX_CONTENT_TYPE,
)
from awards.imports.results import ImportProblem, ImportResult
from awards.imports.rows import nominees_from_xlsx, recipients_from_xlsx
from awards.imports.template import decision_template, dossier_template
from awards.imports.writing import decision_import, dossier_import

__all__ = [
    "AWARD",
    "DATA_SHEET",
    "DECISION_COLUMNS",
    "DOSSIER_COLUMNS",
    "HELP_SHEET",
    "LISTS_SHEET",
    "XLSX_CONTENT_TYPE",
    "ImportProblem",
    "ImportResult",
    "decision_import",
    "decision_template",
    "dossier_import",
    "dossier_template",
    "nominees_from_xlsx",
    "recipients_from_xlsx",
]
