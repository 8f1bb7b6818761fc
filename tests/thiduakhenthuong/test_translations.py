"""Every user-facing string is translated to Vietnamese, and the compiled catalog is the one committed."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Complete Vietnamese catalogs for Django's admin, auth and contenttypes (see settings.LOCALE_PATHS).
OVERRIDES = sorted((ROOT / "locale_overrides" / "vi" / "LC_MESSAGES").glob("*.po"))
ALL_PO = [PO, *OVERRIDES]
needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")


@pytest.fixture
def admin_client_vi(client, django_user_model, db):
    client.force_login(django_user_model.objects.create_superuser("quantri", "q@example.invalid", "x"))
    return client


def _catalog(mo: Path) -> dict:
    with open(mo, "rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def _msgids(po: Path) -> set[str]:
    ids, current = set(), None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgctxt ")):
            current = [line]
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif current is not None:
            ids.add("\n".join(current))
            current = None
    return ids


@needs_gettext
@pytest.mark.parametrize("po", ALL_PO, ids=lambda p: f"{p.parent.parent.parent.parent.name}/{p.name}")
def test_nothing_is_left_untranslated_or_fuzzy(po):
    untranslated = subprocess.run(["msgattrib", "--untranslated", str(po)], capture_output=True, text=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True).stdout
    # msgattrib always prints the header entry; anything beyond it is a string users would see in English.
    assert untranslated.count("\nmsgid ") <= 1, untranslated
    assert fuzzy.count("\nmsgid ") <= 1, fuzzy


@needs_gettext
@pytest.mark.parametrize("po", ALL_PO, ids=lambda p: f"{p.parent.parent.parent.parent.name}/{p.name}")
def test_the_committed_catalog_is_compiled_from_the_po_file(po, tmp_path):
    subprocess.run(["msgfmt", "--check-format", "-o", str(tmp_path / "compiled.mo"), str(po)], check=True)
    assert _catalog(tmp_path / "compiled.mo") == _catalog(po.with_suffix(".mo"))


def test_the_admin_speaks_vietnamese(admin_client_vi):
    page = admin_client_vi.get("/quan-tri/").content.decode()
    assert "Chuyển đến nội dung chính" in page and "Skip to main content" not in page


@needs_gettext
def test_every_string_in_the_code_is_in_the_catalog(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "*.sqlite3", "__pycache__", "*.ttf"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "--ignore=fixtures"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
    )
    missing = _msgids(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po") - _msgids(PO)
    assert not missing, f"run makemessages and translate: {sorted(missing)}"
