"""manage.py backup / restore (issue 12, point 6): the database and the attachments as one set, restored whole and
checked, and every refusal made before anything changes.

The round trips run on the test database itself: the backup is taken, the database flushed and the media folder
deleted, and `restore` brings both back through pg_restore --clean, as an operator would on a new server."""

import hashlib
import io
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection

from awards.models import Award, Decision, DossierFile
from campaigns.models import Document
from reports.models import Report
from tests.awards.test_dossier_views import _dossier
from tests.campaigns.document_helpers import PDF, make_document, upload
from tests.factories import UnitFactory, make_decision, make_report, recipient
from tests.kernel.test_object_storage import BUCKET, _keys, bucket  # noqa: F401  (bucket: moto's fake S3 fixture)
from thiduakhenthuong.backups import create, postgres
from thiduakhenthuong.backups import sqlite as sqlite_backup
from thiduakhenthuong.backups.layout import BackupError, safe_name

ROUND_TRIP = pytest.mark.django_db(transaction=True)
KEY_MODELS = (Report, Document, DossierFile, Decision, Award)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def aside_root(tmp_path, monkeypatch) -> Path:
    """Where restore copies the files it replaces (the temporary folder, as $TMPDIR would choose)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def quick_pdf(monkeypatch):
    """Issuing renders the report with WeasyPrint (seconds): here a small PDF stands in, stored and hashed by the
    issuing service as any report's is. What a backup must keep is those bytes and that hash."""
    monkeypatch.setattr("reports.services.report_pdf", lambda document: PDF + document.number_symbol.encode())


def _portal(media: Path) -> dict:
    """Issued reports, documents and dossiers with their files, as staff and clerks make them, and one file in
    storage that no row references (an upload whose row was rolled back)."""
    reports = [make_report(issued=True, sections=[], number_symbol=n) for n in ("235/BC-UBND", "240/BC-UBND")]
    make_report(sections=[], number_symbol="300/BC-UBND")  # a draft: no PDF
    make_document("05/BC-UBND", file=upload(PDF, "bao-cao.pdf"))
    make_document("12/KH-UBND")  # no file
    _dossier(UnitFactory(name="Sở Giáo dục và Đào tạo"))
    make_decision(recipients=[recipient(), recipient(name="Phòng Tổ chức", recipient_kind="collective")])
    (media / "documents" / "2018").mkdir(parents=True, exist_ok=True)
    (media / "documents" / "2018" / "orphan.pdf").write_bytes(PDF)
    return {"reports": {r.pk: r.pdf_sha256 for r in reports}}


def _attachments() -> dict[str, bytes]:
    files = {}
    for model in (Document, DossierFile):
        for row in model.objects.exclude(file=""):
            with row.file.open("rb") as handle:
                files[row.file.name] = handle.read()
    return files


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in KEY_MODELS}


def _backup(target: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("backup", "-o", str(target), *extra, stdout=out)
    return out.getvalue()


def _restore(source: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("restore", str(source), *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@ROUND_TRIP
def test_a_wiped_portal_comes_back_whole_from_its_backup(catalog, media, quick_pdf, tmp_path):
    expected = _portal(media)
    attachments, counts = _attachments(), _counts()
    assert len(attachments) == 4 and len(expected["reports"]) == 2

    summary = _backup(tmp_path / "set")
    manifest = json.loads((tmp_path / "set" / "manifest.json").read_text())
    assert "4 attachments" in summary and "1 files in storage referenced by no row left out" in summary
    assert manifest["database"]["engine"] == "postgresql" and manifest["migrations"]["reports"]
    assert {entry["name"] for entry in manifest["files"]} == set(attachments)
    assert {entry["id"]: entry["pdf_sha256"] for entry in manifest["issued_reports"]} == expected["reports"]

    call_command("flush", "--no-input", verbosity=0)  # the database and the media folder are lost
    shutil.rmtree(media)
    assert not Report.objects.exists()

    summary = _restore(tmp_path / "set")
    assert "2 issued reports' PDFs match their SHA-256; 4 attachments open" in summary
    for report in Report.objects.filter(status=Report.Status.ISSUED):
        assert hashlib.sha256(bytes(report.pdf)).hexdigest() == report.pdf_sha256 == expected["reports"][report.pk]
    assert _attachments() == attachments
    assert _counts() == counts
    assert not (media / "documents" / "2018" / "orphan.pdf").exists()  # what no row referenced was left out
    # The restored portal works on: a new document gets its file beside the restored ones.
    make_document("20/BC-UBND", file=upload(PDF, "moi.pdf"))
    assert len(_attachments()) == 5


def _another_session() -> psycopg.Connection:
    """A second connection to the test database, as another gunicorn worker would hold."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


@ROUND_TRIP
def test_what_others_commit_during_the_backup_is_not_in_it(media, tmp_path, monkeypatch):
    """The dump and the list of files come from one snapshot: a row changed and a row deleted by another session
    after the files were listed are in the set as they were, the deleted row's file with it."""
    kept = make_document("05/BC-UBND", file=upload(PDF, "a.pdf"))
    deleted = make_document("06/BC-UBND", file=upload(PDF + b"06", "b.pdf"))
    read = create.contents_read

    def read_then_others_write():
        contents = read()
        with _another_session() as other:
            other.execute("UPDATE campaigns_document SET summary = 'về việc khác' WHERE id = %s", [kept.pk])
            other.execute("DELETE FROM campaigns_document WHERE id = %s", [deleted.pk])
        return contents

    monkeypatch.setattr(create, "contents_read", read_then_others_write)
    _backup(tmp_path / "set")
    assert Document.objects.count() == 1  # the live database has moved on

    _restore(tmp_path / "set", "--force", "--no-input")
    assert Document.objects.get(pk=kept.pk).summary == kept.summary != "về việc khác"
    with Document.objects.get(pk=deleted.pk).file.open("rb") as handle:
        assert handle.read() == PDF + b"06"


@ROUND_TRIP
def test_a_damaged_set_is_refused_before_anything_changes(catalog, media, quick_pdf, tmp_path):
    _portal(media)
    _backup(tmp_path / "set")
    make_document("30/BC-UBND", file=upload(PDF, "sau-sao-luu.pdf"))  # written after the backup
    before, files_before = _counts(), _attachments()
    manifest = json.loads((tmp_path / "set" / "manifest.json").read_text())
    damaged = tmp_path / "set" / "files" / "default" / manifest["files"][0]["name"]
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"X")

    with pytest.raises(CommandError, match=rf"damaged; nothing was changed:\n.*{manifest['files'][0]['name']}"):
        _restore(tmp_path / "set", "--force", "--no-input")
    assert _counts() == before and _attachments() == files_before

    (tmp_path / "set" / "database.dump").unlink()
    with pytest.raises(CommandError, match="database dump database.dump is missing"):
        _restore(tmp_path / "set", "--force", "--no-input")
    assert _counts() == before


@ROUND_TRIP
def test_a_database_holding_data_is_replaced_only_when_forced(
    catalog, media, quick_pdf, tmp_path, monkeypatch, aside_root
):
    _portal(media)
    attachments = _attachments()
    _backup(tmp_path / "set")
    make_document("30/BC-UBND")
    before = _counts()
    changed = sorted(attachments)[0]
    (media / changed).write_bytes(b"%PDF-1.4 other bytes under the same name")

    refusal = r"Refusing to restore: the database holds [\d,]+ rows and storage holds 1 of the set's file names"
    with pytest.raises(CommandError, match=refusal):
        _restore(tmp_path / "set")
    assert _counts() == before and (media / changed).read_bytes().startswith(b"%PDF-1.4 other")
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")
    with pytest.raises(CommandError, match="Restore cancelled. Nothing was changed."):
        _restore(tmp_path / "set", "--force")
    assert "they will be replaced by the backup" in asked[0] and _counts() == before

    assert not list(aside_root.iterdir())

    summary = _restore(tmp_path / "set", "--force", "--no-input")
    assert not Document.objects.filter(symbol="BC-UBND", number=30).exists()
    assert Document.objects.count() == before["campaigns.Document"] - 1
    assert _attachments() == attachments
    # The bytes it replaced are kept where the summary says.
    [aside] = aside_root.iterdir()
    assert f"The previous bytes of the 1 files replaced in storage are in {aside}" in summary
    assert (aside / "default" / changed).read_bytes() == b"%PDF-1.4 other bytes under the same name"


def _edited_since_backup(media: Path, tmp_path: Path) -> tuple[Document, Document, dict[str, int]]:
    """A backup, then a portal that moved on: one document's file rewritten in storage (a name the restore must
    replace), another's file gone (a name it must add), a document added."""
    edited = make_document("05/BC-UBND", file=upload(PDF + b"05", "a.pdf"))
    gone = make_document("06/BC-UBND", file=upload(PDF + b"06", "b.pdf"))
    _backup(tmp_path / "set")
    (media / edited.file.name).write_bytes(b"%PDF-1.4 edited after the backup")
    (media / gone.file.name).unlink()
    make_document("30/BC-UBND")
    return edited, gone, _counts()


@ROUND_TRIP
def test_a_failed_database_restore_leaves_every_stored_file_as_it_was(media, tmp_path, monkeypatch, aside_root):
    edited, gone, before = _edited_since_backup(media, tmp_path)

    def pg_restore_fails(**kwargs):
        raise BackupError("pg_restore failed: could not connect to the server")

    monkeypatch.setattr(postgres, "restore", pg_restore_fails)
    with pytest.raises(CommandError) as failure:
        _restore(tmp_path / "set", "--force", "--no-input")
    message = str(failure.value)
    assert message.startswith("pg_restore failed: could not connect to the server\n")
    assert "none of it was applied" in message and "the 1 files it lacked were added" in message
    assert "the 1 files storage holds with other bytes were left as they were" in message
    assert (media / edited.file.name).read_bytes() == b"%PDF-1.4 edited after the backup"
    assert (media / gone.file.name).read_bytes() == PDF + b"06"  # the one it lacked, added
    assert _counts() == before
    assert not list(aside_root.iterdir())  # nothing replaced: no copies of personal data left behind


@ROUND_TRIP
def test_a_storage_error_while_writing_a_file_is_reported_with_what_was_done(media, tmp_path, monkeypatch, aside_root):
    edited, gone, before = _edited_since_backup(media, tmp_path)
    save = FileSystemStorage._save
    failing = {gone.file.name}

    def disk_full(storage, name, content):
        if name in failing:
            raise OSError(28, "No space left on device")
        return save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    # A file storage lacks, written before the database: nothing else changed.
    with pytest.raises(
        CommandError, match=rf"Writing {gone.file.name} to storage 'default' failed: .*No space"
    ) as failure:
        _restore(tmp_path / "set", "--force", "--no-input")
    assert "The database was not touched and no file storage held was changed" in str(failure.value)
    assert _counts() == before and not (media / gone.file.name).exists()
    assert (media / edited.file.name).read_bytes() == b"%PDF-1.4 edited after the backup"
    assert not list(aside_root.iterdir())

    # A file replaced after the database was restored: said so, and its previous bytes kept aside.
    failing = {edited.file.name}
    with pytest.raises(CommandError, match=rf"Writing {edited.file.name} to storage 'default' failed") as failure:
        _restore(tmp_path / "set", "--force", "--no-input")
    [aside] = aside_root.iterdir()
    assert "The database was restored from the backup and 0 of the 1 files" in str(failure.value)
    assert f"The previous bytes of all 1 are in {aside}" in str(failure.value)
    assert (aside / "default" / edited.file.name).read_bytes() == b"%PDF-1.4 edited after the backup"
    assert not Document.objects.filter(number=30).exists()

    # The cause fixed, the same command finishes the restore.
    failing = set()
    assert "2 attachments open with the backed-up bytes" in _restore(tmp_path / "set", "--force", "--no-input")
    assert _attachments() == {edited.file.name: PDF + b"05", gone.file.name: PDF + b"06"}


@ROUND_TRIP
def test_a_backup_newer_than_the_code_is_refused(media, tmp_path):
    make_document("05/BC-UBND", file=upload(PDF))
    _backup(tmp_path / "set")
    call_command("flush", "--no-input", verbosity=0)
    path = tmp_path / "set" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"]["awards"] = "9999_from_a_later_release"
    path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=r"newer than this code.*\n\s+awards\.9999_from_a_later_release"):
        _restore(tmp_path / "set")
    assert not Document.objects.exists()


@ROUND_TRIP
def test_a_referenced_file_missing_from_storage_fails_the_backup_unless_allowed(media, tmp_path):
    document = make_document("05/BC-UBND", file=upload(PDF))
    (media / document.file.name).unlink()

    with pytest.raises(CommandError, match=rf"missing from storage.*\n\s+{document.file.name} "):
        _backup(tmp_path / "set")
    assert not (tmp_path / "set").exists()  # no partial set left behind

    assert "1 referenced files missing" in _backup(tmp_path / "set", "--allow-missing")
    manifest = json.loads((tmp_path / "set" / "manifest.json").read_text())
    assert [entry["name"] for entry in manifest["missing_files"]] == [document.file.name]
    # Restored, the document is back without its file, as it was: said, not a failure.
    call_command("flush", "--no-input", verbosity=0)
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(tmp_path / "set"), stdout=out, stderr=err)
    assert f"Already missing when the backup was made: {document.file.name}" in err.getvalue()
    assert "0 attachments open" in out.getvalue() and Document.objects.get().file.name == document.file.name


@ROUND_TRIP
def test_attachments_in_an_object_store_go_through_its_api_both_ways(bucket, tmp_path):  # noqa: F811
    """With AWS_STORAGE_BUCKET_NAME set, attachments live in a bucket (here moto's): the backup reads them through
    the storage, lists the bucket for what no row references, and the restore puts them back as objects."""
    document = make_document("05/BC-UBND", file=upload(PDF, "bao-cao.pdf"))
    bucket.put_object(Bucket=BUCKET, Key="documents/2018/orphan.pdf", Body=PDF)
    summary = _backup(tmp_path / "set")
    assert "1 attachments" in summary and "1 files in storage referenced by no row" in summary

    for key in _keys(bucket):
        bucket.delete_object(Bucket=BUCKET, Key=key)
    call_command("flush", "--no-input", verbosity=0)
    assert "1 attachments open with the backed-up bytes" in _restore(tmp_path / "set")
    assert _keys(bucket) == [document.file.name]
    with Document.objects.get().file.open("rb") as handle:
        assert handle.read() == PDF

    bucket.delete_object(Bucket=BUCKET, Key=document.file.name)
    with pytest.raises(CommandError, match=rf"missing from storage.*\n\s+{document.file.name} "):
        _backup(tmp_path / "again")


def test_a_backup_goes_only_into_a_new_or_empty_folder(tmp_path):
    (tmp_path / "kept.txt").write_text("an operator's file")
    with pytest.raises(CommandError, match="is not empty"):
        _backup(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["kept.txt"]


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="holds no manifest.json"):
        _restore(tmp_path)


@pytest.mark.parametrize("name", ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "", "a\\b"])
def test_a_file_name_that_would_leave_the_set_is_refused(name):
    with pytest.raises(BackupError):
        safe_name(name)


def test_a_pg_dump_older_than_the_server_is_refused(settings, tmp_path):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.16'\n")
    fake.chmod(0o755)
    settings.POSTGRES_BIN_DIR = str(tmp_path)
    with pytest.raises(BackupError, match=r"PostgreSQL 15 or newer is needed; found only .*13\.16"):
        postgres.tool_find("pg_dump", at_least=15)
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 16.4'\n")
    assert postgres.tool_find("pg_dump", at_least=15).major == 16


def test_the_password_reaches_pg_dump_through_the_environment_only():
    environment = postgres.libpq_environment(
        {"NAME": "tdkt", "HOST": "db", "PORT": 5432, "USER": "tdkt", "PASSWORD": "bí-mật", "OPTIONS": {"sslmode": "x"}}
    )
    assert environment["PGPASSWORD"] == "bí-mật" and environment["PGHOST"] == "db" and environment["PGSSLMODE"] == "x"
    assert "bí-mật" not in postgres._conninfo_database("tdkt")


def test_the_sqlite_copy_is_the_snapshot_its_connection_reads(tmp_path):
    """The quick start's database: a row committed by another connection during the backup is not in the copy
    taken inside the reading transaction (WAL mode, where readers do not block writers)."""
    live = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("CREATE TABLE t (x)")
    live.execute("INSERT INTO t VALUES (1)")
    live.execute("BEGIN")
    assert live.execute("SELECT COUNT(*) FROM t").fetchone() == (1,)
    writer = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    writer.execute("INSERT INTO t VALUES (2)")
    sqlite_backup.copy(live, tmp_path / "copy.sqlite3")
    live.execute("COMMIT")
    assert sqlite3.connect(tmp_path / "copy.sqlite3").execute("SELECT COUNT(*) FROM t").fetchone() == (1,)
    assert writer.execute("SELECT COUNT(*) FROM t").fetchone() == (2,)
