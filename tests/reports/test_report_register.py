"""The report register: drafting, validation, issuing and what stays frozen afterwards."""

import datetime
import hashlib

import pytest
from django.db import DatabaseError, transaction
from django.utils import translation

from audit.models import AuditLog
from awards.decisions.services import decision_annul
from awards.models import Award
from reports.models import Report, ReportSection
from reports.selectors import appendix2_compute
from reports.services import (
    ReportFrozen,
    ReportInvalid,
    SectionFields,
    report_correction_start,
    report_create,
    report_issue,
    report_section_delete,
    report_section_save,
    report_update,
)
from tests.factories import make_decision, make_report, recipient, report_fields

pytestmark = pytest.mark.django_db
DB_REFUSAL = DatabaseError


def _errors(error: ReportInvalid) -> dict:
    return {field: " ".join(messages) for field, messages in error.fields.items()}


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"number_symbol": "235-BC-UBND"}, "number_symbol", "235-BC-UBND"),
        ({"number_symbol": "651/QĐ-UBND"}, "number_symbol", "BC"),
        ({"period_end": datetime.date(2017, 1, 1)}, "period_end", "before its start"),
        ({"date": datetime.date(2018, 6, 1)}, "date", "after the end of the period"),
        ({"signer_name": " "}, "signer_name", "required"),
    ],
)
def test_a_bad_header_is_refused_field_by_field(overrides, field, words):
    with translation.override("en"), pytest.raises(ReportInvalid) as caught:
        report_create(actor=None, fields=report_fields(**overrides))
    assert words in _errors(caught.value)[field]
    assert not Report.objects.exists()


def test_a_number_is_used_once_per_symbol_and_year():
    make_report(sections=[])
    with translation.override("en"), pytest.raises(ReportInvalid) as caught:
        report_create(actor=None, fields=report_fields())
    assert "already exists in 2018" in _errors(caught.value)["number_symbol"]
    report_create(actor=None, fields=report_fields(date=datetime.date(2019, 7, 10)))  # a new year, a new series
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        Report.objects.create(**{**_model_values(Report.objects.first()), "id": None})


def _model_values(report):
    return {f.attname: getattr(report, f.attname) for f in report._meta.concrete_fields}


def test_sections_are_inserted_where_asked_and_audited(staff):
    report = make_report(sections=[SectionFields("none", "", "Một"), SectionFields("none", "", "Ba")], actor=staff)
    report_section_save(actor=staff, report=report, fields=SectionFields("level1", "I. HAI", "Hai"), after=1)
    assert [(s.position, s.body) for s in report.sections.all()] == [(1, "Một"), (2, "Hai"), (3, "Ba")]
    with translation.override("en"), pytest.raises(ReportInvalid) as caught:
        report_section_save(actor=staff, report=report, fields=SectionFields("level1", "", "Không tiêu đề"))
    assert "needs its heading" in _errors(caught.value)["heading"]
    entry = AuditLog.objects.filter(action="report.section").latest("id")
    assert entry.actor == staff and entry.before is None and entry.after["heading"] == "I. HAI"


@pytest.mark.pdf
def test_issuing_stores_figures_and_the_exact_pdf(staff):
    make_decision(recipients=[recipient("CO_TD_TINH", recipient_kind="collective", name="Sở Nội vụ")])
    report = report_issue(actor=staff, report=make_report(actor=staff), reason="Ký ban hành")

    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED and report.issued_by == staff and report.issued_at
    assert report.pdf_sha256 == hashlib.sha256(bytes(report.pdf)).hexdigest()
    assert bytes(report.pdf).startswith(b"%PDF-")
    summaries = {figure["code"]: figure for figure in report.snapshot["summaries"]}
    assert summaries["cap-tinh"]["items"] == ["Cờ thi đua của UBND tỉnh: 01 tập thể."]
    assert report.snapshot["appendix2"]["rows"][-1]["counts"] == [1, 0, 0, 0, 0, 0]
    entry = AuditLog.objects.get(action="report.issue")
    assert entry.before["status"] == "draft" and entry.after["status"] == "issued"
    assert entry.after["pdf_sha256"] == report.pdf_sha256 and entry.reason == "Ký ban hành"


@pytest.mark.pdf
def test_an_issued_report_survives_later_changes_to_its_decisions_byte_for_byte(client, staff):
    decision = make_decision(recipients=[recipient("BK_TINH", name=f"Người {i}") for i in range(3)])
    report = make_report(issued=True)
    stored = bytes(Report.objects.get(pk=report.pk).pdf)

    # A new decision in the period changes the live Phụ lục 2 …
    make_decision(recipients=[recipient("BK_TINH", name="Người thứ tư")])
    live = appendix2_compute(start=report.period_start, end=report.period_end)
    assert live.total.counts[1] == 4
    assert Award.objects.filter(decision=decision).count() == 3

    # Annulling a decision the report counted changes the live table too …
    decision_annul(actor=None, decision=decision, reason="Sai đối tượng")
    assert appendix2_compute(start=report.period_start, end=report.period_end).total.counts[1] == 1

    # … but not the issued report: its figures, its PDF, every download.
    report.refresh_from_db()
    assert report.snapshot["appendix2"]["rows"][-1]["counts"][1] == 3
    client.force_login(staff)
    downloads = [client.get(f"/bao-cao/so-bao-cao/{report.pk}/bao-cao.pdf").content for _ in range(2)]
    assert downloads[0] == downloads[1] == stored
    assert hashlib.sha256(downloads[0]).hexdigest() == report.pdf_sha256


@pytest.mark.pdf
def test_the_database_refuses_to_change_an_issued_report_or_its_sections():
    report = make_report(issued=True)
    for change in (
        lambda: Report.objects.filter(pk=report.pk).update(signer_name="Người khác"),
        lambda: Report.objects.filter(pk=report.pk).update(status="draft"),
        lambda: Report.objects.filter(pk=report.pk).delete(),
        lambda: ReportSection.objects.filter(report=report).update(body="Sửa lén"),
        lambda: ReportSection.objects.filter(report=report).delete(),
        lambda: ReportSection.objects.create(report=report, position=99, body="Thêm lén"),
    ):
        with pytest.raises(DB_REFUSAL), transaction.atomic():
            change()
    with pytest.raises(DB_REFUSAL), transaction.atomic():  # and a report cannot be born issued
        Report.objects.create(**{**_model_values(report), "id": None, "number": 999})


@pytest.mark.pdf
def test_services_refuse_to_edit_an_issued_report():
    report = make_report(issued=True)
    with pytest.raises(ReportFrozen):
        report_update(actor=None, report=report, fields=report_fields())
    with pytest.raises(ReportFrozen):
        report_section_delete(actor=None, section=report.sections.first())
    with pytest.raises(ReportFrozen):
        report_issue(actor=None, report=report)


def test_a_text_with_an_unknown_figure_code_cannot_be_issued():
    report = make_report(sections=[SectionFields("none", "", "Số liệu: [[khong-co]]")])
    with translation.override("en"), pytest.raises(ReportInvalid) as caught:
        report_issue(actor=None, report=report)
    assert "[[khong-co]]" in " ".join(caught.value.general)
    assert Report.objects.get(pk=report.pk).status == "draft"


@pytest.mark.pdf
def test_a_correction_is_a_new_draft_copying_the_text(staff):
    report = make_report(issued=True)
    correction = report_correction_start(
        actor=staff, report=report, number_symbol="240/BC-UBND", date=datetime.date(2018, 7, 20), reason="Sửa số liệu"
    )
    assert correction.corrects == report and correction.status == "draft"
    assert [s.body for s in correction.sections.all()] == [s.body for s in report.sections.all()]
    assert correction.number_symbol == "240/BC-UBND"
