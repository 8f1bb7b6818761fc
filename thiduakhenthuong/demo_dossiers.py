"""The demo's nomination dossiers (fixtures/demo/dossiers_2018.json): one or more in every state, taken there
through the same services the clerk and staff use (so each has its history), the council meetings of July and
December 2018 with attendance and ballots, and the decision issued from the approved nominees.

Everything is dated after 20/6/2018: Phụ lục 2 of 235/BC-UBND stays as printed. Audit entries are dated when
the demo is loaded; the dossiers' own dates (created, submitted, last change) are set to the story's dates.
Idempotent: a dossier is matched by its unit and title, a meeting by its council and date."""

import datetime
import io
import json
from pathlib import Path

import docx
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.council.meetings import ballot_record, meeting_attendance_set, meeting_close, meeting_create
from awards.council.services import council_composition_on
from awards.council.voting import voting_rule_for, voting_rules_on
from awards.decisions.gathering import decision_from_nominations
from awards.decisions.services import DecisionFields, decision_issue
from awards.models import Authority, AwardType, CommendationKind, Council, Dossier, DossierFile, Meeting, VotingRule
from awards.nominations.eligibility import eligibility_override, nomination_eligibility
from awards.nominations.files import dossier_attach
from awards.nominations.forwarding import dossier_forward
from awards.nominations.services import (
    DossierFields,
    NomineeFields,
    VettingFields,
    dossier_create,
    dossier_receive,
    dossier_return,
    dossier_send_to_meeting,
    dossier_submit,
    dossier_vet,
)
from campaigns.models import Issuer
from clusters.models import Unit
from thiduakhenthuong.demo_campaigns import DEMO_REASON

DOSSIERS_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "dossiers_2018.json"
S = Dossier.Status
# How far along the path each state is; the loader walks a dossier up to its state.
PATH = [S.DRAFT, S.SUBMITTED, S.RECEIVED, S.VETTED, S.AT_MEETING, S.REVIEWED]
FILES = {
    DossierFile.Kind.SUBMISSION: ("to-trinh", "TỜ TRÌNH"),
    DossierFile.Kind.ACHIEVEMENTS: ("bao-cao-thanh-tich", "BÁO CÁO THÀNH TÍCH"),
    DossierFile.Kind.MINUTES: ("bien-ban-hop-hoi-dong", "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"),
}


def _day(value: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(value).replace(hour=9))


def _file(dossier: Dossier, kind: str) -> SimpleUploadedFile:
    """A short Word file standing for what the unit would scan or type: its title and the nominees."""
    stem, heading = FILES[kind]
    document = docx.Document()
    document.add_heading(heading, level=1)
    document.add_paragraph(f"{dossier.unit.name}: {dossier.title}")
    for nomination in dossier.nominations.select_related("award_type"):
        document.add_paragraph(f"{nomination.recipient_name}: {nomination.award_type.name}. {nomination.achievements}")
    document.add_paragraph("(Tệp minh họa của dữ liệu mẫu.)")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"{stem}.docx", buffer.getvalue())


class _Story:
    """The catalogue rows and demo accounts the dossiers need, looked up once."""

    def __init__(self, data: dict, *, clerk, staff):
        self.data = data
        self.clerk, self.staff = clerk, staff
        self.units = {u.name: u for u in Unit.objects.filter(name__in={d["unit"] for d in data["dossiers"]})}
        self.award_types = {t.code: t for t in AwardType.objects.all()}
        self.kinds = {k.code: k for k in CommendationKind.objects.all()}
        self.council = Council.objects.order_by("pk").first()

    def actor_for(self, dossier: Dossier):
        """The demo clerk acts for their own unit; the other units' steps are recorded without a user."""
        unit_account = getattr(self.clerk, "unit_account", None) if self.clerk else None
        return self.clerk if unit_account and unit_account.unit_id == dossier.unit_id else None


def _create(story: _Story, spec: dict) -> Dossier:
    unit = story.units[spec["unit"]]
    fields = DossierFields(unit=unit, commendation_kind=story.kinds[spec["kind"]], year=2018, title=spec["title"])
    nominees = [
        NomineeFields(
            recipient_kind=n["kind"],
            recipient_name=n["name"],
            award_type=story.award_types[n["award"]],
            achievements=n["achievements"],
            position=n.get("position", ""),
        )
        for n in spec["nominees"]
    ]
    dossier = dossier_create(actor=None, fields=fields, nominees=nominees)
    actor = story.actor_for(dossier)
    if spec["state"] == S.DRAFT:
        return dossier
    for kind in FILES:
        dossier_attach(actor=actor, dossier=dossier, kind=kind, upload=_file(dossier, kind))
    dossier = dossier_submit(actor=actor, dossier=dossier)
    if spec["state"] == S.RETURNED:
        dossier = dossier_receive(actor=story.staff, dossier=dossier)
        return dossier_return(actor=story.staff, dossier=dossier, reason=spec["return_reason"])
    target = PATH.index(S.AT_MEETING if spec["state"] in (S.DECIDED, S.FORWARDED) else spec["state"])
    if target >= PATH.index(S.RECEIVED):
        dossier = dossier_receive(actor=story.staff, dossier=dossier)
    if target >= PATH.index(S.VETTED):
        _override(story, spec, dossier)
        # "vetting": true, or the remark why the nominee does not meet the criteria.
        verdicts = [
            VettingFields(nomination_id=n.pk, meets_criteria=True, remark="Đủ tiêu chuẩn, hồ sơ đầy đủ.")
            if nominee.get("vetting", True) is True
            else VettingFields(nomination_id=n.pk, meets_criteria=False, remark=nominee["vetting"])
            for nominee, n in zip(spec["nominees"], dossier.nominations.order_by("line_no"))
        ]
        dossier = dossier_vet(actor=story.staff, dossier=dossier, verdicts=verdicts)
    if target >= PATH.index(S.AT_MEETING):
        dossier = dossier_send_to_meeting(actor=story.staff, dossier=dossier)
    return dossier


def _override(story: _Story, spec: dict, dossier: Dossier) -> None:
    """Before vetting: staff override, with the fixture's reason ("override"), the rules a nominee fails
    (awards.nominations.eligibility, through the audited service), so that the nominee can be vetted as meeting the
    criteria."""
    nominations = list(
        dossier.nominations.select_related("award_type", "dossier__unit")
        .prefetch_related("eligibility_overrides")
        .order_by("line_no")
    )
    for nominee, nomination in zip(spec["nominees"], nominations):
        if "override" not in nominee:
            continue
        for result in nomination_eligibility(nomination):
            if result.blocking:
                eligibility_override(
                    actor=story.staff, rule=result.rule, nomination=nomination, reason=nominee["override"]
                )


def _hold_meeting(story: _Story, key: str, dossiers: list[tuple[dict, Dossier]]) -> Meeting:
    spec = story.data["meetings"][key]
    date = datetime.date.fromisoformat(spec["date"])
    meeting = meeting_create(
        actor=story.staff,
        council=story.council,
        date=date,
        place=spec["place"],
        title=spec["title"],
        dossiers=[dossier for _spec, dossier in dossiers],
    )
    members = list(council_composition_on(council=story.council, date=date).members.order_by("pk"))
    present = [m for m in members if m.full_name not in spec["absent"]]
    meeting_attendance_set(actor=story.staff, meeting=meeting, present_member_ids={m.pk for m in present})
    if not spec["close"]:
        return meeting
    rules = voting_rules_on(date)
    for dossier_spec, dossier in dossiers:
        for nominee, nomination in zip(dossier_spec["nominees"], dossier.nominations.order_by("line_no")):
            votes_for = nominee["votes_for"]
            if voting_rule_for(award_type=nomination.award_type, rules=rules).ballot == VotingRule.Ballot.NAMED:
                named = {m.pk: index < votes_for for index, m in enumerate(present)}
                ballot_record(actor=story.staff, meeting=meeting, nomination=nomination, named_votes=named)
            else:
                against = nominee.get("votes_against", len(present) - votes_for)
                ballot_record(
                    actor=story.staff,
                    meeting=meeting,
                    nomination=nomination,
                    votes_for=votes_for,
                    votes_against=against,
                )
    return meeting_close(actor=story.staff, meeting=meeting)


def _decide(story: _Story, spec: dict, dossier: Dossier) -> None:
    item = spec["decision"]
    fields = DecisionFields(
        issuer=Issuer.objects.get(code="UBND"),
        authority=Authority.objects.get(code="provincial_chair"),
        number=None,  # the register gives the next number of 2018 when it is issued
        symbol="QĐ-UBND",
        date=datetime.date.fromisoformat(item["date"]),
        summary=item["summary"],
        signer_name=item["signer_name"],
        signer_title=item["signer_title"],
        is_illustrative=True,
    )
    passed = list(dossier.nominations.filter(result="passed"))
    decision = decision_from_nominations(actor=story.staff, nominations=passed, fields=fields)
    decision_issue(actor=story.staff, decision=decision, reason=DEMO_REASON)


def _forward(story: _Story, spec: dict, dossier: Dossier) -> None:
    letter = spec["forwarding"]
    dossier_forward(
        actor=story.staff,
        dossier=dossier,
        number_and_symbol=letter["letter"],
        date=datetime.date.fromisoformat(letter["date"]),
        signer_name=letter["signer_name"],
        signer_title=letter["signer_title"],
    )


def _backdate(spec: dict, dossier: Dossier, meetings: dict) -> None:
    """The dossier's own dates follow the story: prepared a few days before it was submitted, last changed when
    it reached its state."""
    submitted = _day(spec["submitted"]) if "submitted" in spec else None
    created = (submitted or _day("2018-12-05")) - datetime.timedelta(days=4)
    last = {
        S.DRAFT: created,
        S.SUBMITTED: submitted,
        S.RETURNED: submitted + datetime.timedelta(days=3) if submitted else None,
        S.RECEIVED: submitted + datetime.timedelta(days=1) if submitted else None,
        S.VETTED: submitted + datetime.timedelta(days=5) if submitted else None,
        S.AT_MEETING: submitted + datetime.timedelta(days=7) if submitted else None,
    }.get(dossier.status)
    if dossier.status == S.REVIEWED:
        last = _day(meetings[spec["meeting"]]["date"])
    if dossier.status == S.DECIDED:
        last = _day(spec["decision"]["date"])
    if dossier.status == S.FORWARDED:
        last = _day(spec["forwarding"]["date"])
    Dossier.objects.filter(pk=dossier.pk).update(created_at=created, submitted_at=submitted, status_changed_at=last)


def dossiers_load(*, path: Path = DOSSIERS_FIXTURE, clerk=None, staff=None) -> int:
    """Returns the number of dossiers created by this run. Needs the organisation, the catalogue and the council
    (council_load); without the council nothing is loaded."""
    data = json.loads(path.read_text(encoding="utf-8"))
    story = _Story(data, clerk=clerk, staff=staff)
    if story.council is None or any(name not in story.units for name in {d["unit"] for d in data["dossiers"]}):
        return 0
    created: dict[str, tuple[dict, Dossier]] = {}
    for spec in data["dossiers"]:
        unit = story.units[spec["unit"]]
        if Dossier.objects.filter(unit=unit, title=spec["title"]).exists():
            continue
        created[spec["key"]] = (spec, _create(story, spec))
    for key in data["meetings"]:
        on_agenda = [pair for pair in created.values() if pair[0].get("meeting") == key]
        if on_agenda:
            _hold_meeting(story, key, on_agenda)
    for spec, dossier in created.values():
        dossier.refresh_from_db()
        _backdate(spec, dossier, data["meetings"])  # the letter may not predate the dossier's last change
        if spec["state"] == S.DECIDED:
            _decide(story, spec, dossier)
        elif spec["state"] == S.FORWARDED:
            _forward(story, spec, dossier)
        dossier.refresh_from_db()
        _backdate(spec, dossier, data["meetings"])
    return len(created)
