"""check_package: a package matching its manifest passes; a file removed, added or altered, a manifest edited or
broken, each fails naming the file. It needs no database (these tests have none), and file names are safe."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.package_check import package_check
from reports.package_zip import PackageWriter, safe_name, unique_name

LETTER = "01_To_trinh/to-trinh-12-TTr-UBND.pdf"
REPORT = "03_Ho_so_don_vi/Bao-cao-thanh-tich.pdf"


def _package(path: Path) -> Path:
    with path.open("wb") as out:
        writer = PackageWriter(out)
        writer.add_bytes(
            folder="01_To_trinh",
            name="to-trinh-12-TTr-UBND.pdf",
            kind="forwarding_letter",
            title="Tờ trình",
            source="test",
            content=b"%PDF-1.7 letter",
        )
        writer.add_bytes(
            folder="03_Ho_so_don_vi",
            name="Báo cáo thành tích.pdf",
            kind="achievement_report",
            title="Báo cáo",
            source="test",
            content=b"%PDF-1.7 report" * 100,
        )
        writer.finish({"dossier": {"id": 1}}, "DANH MỤC\r\n")
    return path


def _rewrite(source: Path, target: Path, *, drop=(), replace=None, extra=None) -> Path:
    """A copy of the ZIP with members dropped, replaced ({name: bytes}) or added."""
    replace = replace or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename not in drop:
                new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, content in (extra or {}).items():
            new.writestr(name, content)
    return target


@pytest.fixture
def good(tmp_path):
    return _package(tmp_path / "good.zip")


def _problems(path) -> list[str]:
    result = package_check(str(path))
    assert not result.ok
    return result.problems


def test_a_good_package_passes(good, capsys):
    assert package_check(str(good)).ok and package_check(str(good)).checked == 3
    call_command("check_package", str(good))
    assert "Gói khớp bản kê: 3 tệp" in capsys.readouterr().out


def test_a_file_removed_added_or_altered_is_named(good, tmp_path):
    assert _problems(_rewrite(good, tmp_path / "a.zip", drop={REPORT})) == [
        f"Thiếu tệp: {REPORT} (có trong bản kê, không có trong gói)."
    ]
    assert _problems(_rewrite(good, tmp_path / "b.zip", extra={"03_Ho_so_don_vi/them.pdf": b"x"})) == [
        "Tệp thừa: 03_Ho_so_don_vi/them.pdf (có trong gói, không có trong bản kê)."
    ]
    [altered] = _problems(_rewrite(good, tmp_path / "c.zip", replace={LETTER: b"%PDF-1.7 LETTER"}))
    assert altered.startswith(f"Tệp bị sửa: {LETTER}")
    [listing] = _problems(_rewrite(good, tmp_path / "d.zip", replace={"DANH_MUC.txt": b"khac"}))
    assert listing.startswith("Tệp bị sửa: DANH_MUC.txt")


def test_bytes_changed_in_place_are_caught(good, tmp_path):
    """The same length, the ZIP's own CRC left stale: read as altered, not as a crash."""
    data = good.read_bytes()
    at = data.index(b"%PDF-1.7 letter")
    tampered = tmp_path / "e.zip"
    tampered.write_bytes(data[:at] + b"%PDF-1.7 LETTER" + data[at + 15 :])
    [problem] = _problems(tampered)
    assert problem.startswith(f"Tệp bị sửa: {LETTER}")


def test_an_edited_or_broken_manifest_is_refused(good, tmp_path):
    manifest = json.loads(zipfile.ZipFile(good).read("manifest.json"))
    manifest["files"][0]["sha256"] = "0" * 64
    edited = _rewrite(good, tmp_path / "f.zip", replace={"manifest.json": json.dumps(manifest).encode()})
    [problem] = _problems(edited)
    assert problem.startswith(f"Tệp bị sửa: {LETTER}") and "0" * 64 in problem
    manifest["files"] = [{"name": LETTER}]
    incomplete = _rewrite(good, tmp_path / "g.zip", replace={"manifest.json": json.dumps(manifest).encode()})
    assert _problems(incomplete) == ["manifest.json hỏng: danh sách tệp (files) thiếu tên, SHA-256 hoặc kích thước."]
    broken = _rewrite(good, tmp_path / "h.zip", replace={"manifest.json": b'{"files": ['})
    assert _problems(broken)[0].startswith("manifest.json hỏng, không đọc được")
    assert _problems(_rewrite(good, tmp_path / "i.zip", drop={"manifest.json"})) == [
        "Thiếu tệp manifest.json (bản kê của gói)."
    ]
    (tmp_path / "j.zip").write_bytes(b"not a zip")
    assert _problems(tmp_path / "j.zip")[0].startswith("Không phải tệp ZIP")


def test_unsafe_member_names_are_refused(good, tmp_path):
    problems = _problems(_rewrite(good, tmp_path / "k.zip", extra={"../../etc/passwd": b"x"}))
    assert "Tên tệp không an toàn trong gói: '../../etc/passwd'." in problems


def test_the_command_exits_non_zero_naming_the_problem_without_a_database(good, tmp_path):
    """Run as an operator would, with a database address that cannot be reached."""
    bad = _rewrite(good, tmp_path / "l.zip", drop={REPORT})
    env = {**os.environ, "SECRET_KEY": "x", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    run = subprocess.run([sys.executable, manage, "check_package", str(bad)], env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert f"Thiếu tệp: {REPORT}" in run.stdout and "Gói không khớp bản kê: 1 vấn đề" in run.stderr
    with pytest.raises(CommandError, match="1 vấn đề"):
        call_command("check_package", str(bad))
    ok = subprocess.run([sys.executable, manage, "check_package", str(good)], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize(
    ("sent", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("C:\\Users\\a\\Báo cáo.pdf", "Bao-cao.pdf"),
        ("bao\x00cao.pdf", "baocao.pdf"),
        ("Tờ trình số 12/TTr-UBND.PDF", "TTr-UBND.pdf"),
        ("Đề nghị khen thưởng (đợt 1).docx", "De-nghi-khen-thuong-dot-1.docx"),
        ("..", "tep"),
        (".htaccess", "htaccess"),
        ("", "tep"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_safe_names(sent, safe):
    assert safe_name(sent) == safe


def test_two_files_of_the_same_name_are_both_kept():
    taken: set[str] = set()
    names = [unique_name("03", n, taken) for n in ("bao-cao.pdf", "Bao-cao.pdf", "bao-cao.pdf", "README")]
    assert names == ["03/bao-cao.pdf", "03/Bao-cao-2.pdf", "03/bao-cao-3.pdf", "03/README"]


def test_a_bombed_manifest_is_refused_before_it_is_inflated(good, tmp_path):
    bomb = _rewrite(good, tmp_path / "bomb.zip", replace={"manifest.json": b" " * (9 * 1024 * 1024)})
    [problem] = package_check(str(bomb)).problems
    assert "quá lớn" in problem


def test_a_member_larger_than_listed_is_reported_without_inflating_it(good, tmp_path, monkeypatch):
    from reports import package_check as module

    bomb = _rewrite(good, tmp_path / "bomb.zip", replace={REPORT: b"\0" * (20 * 1024 * 1024)})
    inflated = []
    monkeypatch.setattr(module, "_digest", lambda archive, name: inflated.append(name) or ("", 0))
    problems = package_check(str(bomb)).problems
    assert [p for p in problems if REPORT in p] and REPORT not in inflated


def test_a_symbolic_link_member_is_refused(good, tmp_path):
    target = tmp_path / "m.zip"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            link = info.filename == REPORT
            if link:  # the same name and bytes, but unpacked as a link to another place
                info.create_system, info.external_attr = 3, (0o120777 << 16)
            new.writestr(info, old.read(info.filename))
    assert f"Liên kết tượng trưng (symlink) trong gói: {REPORT!r}." in package_check(str(target)).problems


def test_absolute_and_duplicate_member_names_are_refused(good, tmp_path):
    import warnings

    target = _rewrite(good, tmp_path / "n.zip", extra={"/etc/cron.d/x": b"x"})
    with warnings.catch_warnings(), zipfile.ZipFile(target, "a") as archive:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it is asked to write
        archive.writestr(REPORT, b"%PDF-1.7 another report")
    problems = package_check(str(target)).problems
    assert "Tên tệp không an toàn trong gói: '/etc/cron.d/x'." in problems
    assert f"Tệp trùng tên trong gói: {REPORT}." in problems
