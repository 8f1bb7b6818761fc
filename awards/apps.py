from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from audit.labels import register_actions

        register_actions(
            {
                "decision.create": _("created the draft"),
                "decision.update": _("edited the draft"),
                "decision.issue": _("issued"),
                "decision.annul": _("annulled"),
                "dossier.create": _("created the dossier"),
                "dossier.update": _("edited the dossier"),
                "dossier.attach": _("attached a file"),
                "dossier.file_replace": _("replaced a file"),
                "dossier.file_remove": _("removed a file"),
                "dossier.submit": _("submitted the dossier"),
                "dossier.receive": _("received the dossier"),
                "dossier.return": _("returned the dossier to the unit"),
                "dossier.vet": _("vetted the nominees"),
                "dossier.to_meeting": _("sent the dossier to a council meeting"),
                "dossier.reviewed": _("the council reviewed the dossier"),
                "dossier.forward": _("forwarded the proposal to the central level"),
                "dossier.decided": _("the decision was issued"),
                "meeting.create": _("created the meeting"),
                "meeting.agenda": _("added dossiers to the agenda"),
                "meeting.attendance": _("recorded who attended"),
                "meeting.ballot": _("recorded a ballot"),
                "meeting.ballot_correct": _("corrected a ballot"),
                "meeting.vote_cast": _("cast their vote"),
                "meeting.written_opinion": _("recorded an absent member's written opinion"),
                "meeting.standing_appraisal": _("recorded the standing body's appraisal"),
                "meeting.close": _("closed the meeting"),
                "council.compose": _("recorded the composition"),
                "council.correct": _("corrected the composition"),
                "award.person_link": _("linked the award to a person"),
                "dossier.person_link": _("linked a nominee to a person"),
                "eligibility.override": _("overrode a failed eligibility rule"),
                "consultation.open": _("opened a public consultation"),
                "consultation.feedback_receive": _("received a citizen's feedback"),
                "consultation.feedback_answer": _("answered a citizen's feedback"),
                "consultation.close": _("closed a public consultation"),
            }
        )
