"""The layout of docs/ARCHITECTURE.md, checked: the import contracts of pyproject.toml (apps one way, the rooms of
awards one way, no cycle between sibling modules) hold, an upward import breaks them, and no module outgrows
500 lines."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["thiduakhenthuong", "reports", "awards", "campaigns", "clusters", "kernel", "audit"]
MAX_LINES = 500


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).parent / "lint-imports"
    return subprocess.run(
        [str(command), "--no-cache"], cwd=cwd, capture_output=True, text=True, env={"PYTHONPATH": str(cwd)}
    )


def test_every_import_contract_is_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward_import", "broken"),
    [
        ("clusters/upward.py", "import reports.models\n", "clusters is not allowed to import reports"),
        ("awards/people/upward.py", "from awards.decisions import services\n", "awards.people is not allowed"),
        ("kernel/upward.py", "from clusters.models import Unit\n", "kernel is not allowed to import clusters"),
    ],
)
def test_an_upward_import_breaks_the_contracts(tmp_path, module, upward_import, broken):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module).write_text(upward_import)

    result = _lint_imports(tmp_path)

    assert result.returncode != 0
    assert broken in " ".join(result.stdout.split())


def test_no_module_is_over_500_lines():
    tracked = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    long = {}
    for name in tracked.stdout.split():
        if "/migrations/" in name:
            continue
        path = ROOT / name
        if path.exists():
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                long[name] = lines
    assert not long, f"split these modules by sub-area: {long}"
