"""The start-up checks say clearly when this machine cannot print Vietnamese PDFs."""

import builtins

import pytest
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont

from kernel.lib.fonts import FONT_FILES
from thiduakhenthuong import checks


def _ids(messages):
    return sorted({m.id for m in messages})


def test_the_shipped_fonts_pass(settings):
    assert checks.check_pdf_fonts() == []
    assert checks.check_weasyprint() == []


def test_missing_font_files_are_an_error(settings, tmp_path):
    settings.PDF_FONT_DIR = tmp_path
    errors = checks.check_pdf_fonts()
    assert _ids(errors) == ["tdkt.E002"] and len(errors) == len(FONT_FILES)


def _copy_fonts(source_dir, target_dir, transform):
    for file_name in FONT_FILES.values():
        font = TTFont(source_dir / file_name)
        transform(font)
        font.save(target_dir / file_name)


def test_a_font_without_vietnamese_glyphs_is_an_error(settings, tmp_path):
    def drop_vietnamese(font):  # what Liberation Serif 1.x looks like: Latin without ơ, ư, ạ, ậ…
        options = Options()
        options.name_IDs = ["*"]
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=range(0x20, 0x17F))
        subsetter.subset(font)

    _copy_fonts(settings.PDF_FONT_DIR, tmp_path, drop_vietnamese)
    settings.PDF_FONT_DIR = tmp_path
    errors = checks.check_pdf_fonts()
    assert _ids(errors) == ["tdkt.E004"]
    assert "Vietnamese" in errors[0].msg


def test_a_serif_without_times_metrics_is_an_error(settings, tmp_path):
    def rename(font):
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                record.string = "DejaVu Serif"

    _copy_fonts(settings.PDF_FONT_DIR, tmp_path, rename)
    settings.PDF_FONT_DIR = tmp_path
    assert _ids(checks.check_pdf_fonts()) == ["tdkt.E003"]


def test_weasyprint_that_cannot_load_its_libraries_is_an_error(monkeypatch):
    real_import = builtins.__import__

    def failing_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing_import)
    errors = checks.check_weasyprint()
    assert _ids(errors) == ["tdkt.E001"]
    assert "libpango" in errors[0].msg and "apt-get" in errors[0].hint


def test_check_runs_through_manage_py_check(settings, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.PDF_FONT_DIR = tmp_path
    with pytest.raises(SystemCheckError, match="tdkt.E002"):
        call_command("check")
