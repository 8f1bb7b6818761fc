from django.urls import path

from awards.consultations import views as consultation_views
from awards.council import meeting_views, opinion_views
from awards.council import views as council_views
from awards.decisions import views
from awards.imports import views as import_views
from awards.nominations import eligibility_views
from awards.nominations import views as dossier_views
from awards.statistics import apparatus_views
from awards.statistics import views as statistics_views

app_name = "awards"
urlpatterns = [
    path("", views.decision_index, name="decision-list"),
    path("moi/", views.decision_create, name="decision-create"),
    path("tu-de-nghi/", views.decision_gather, name="decision-gather"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<int:pk>/sua/", views.decision_edit, name="decision-edit"),
    path("<int:pk>/ban-hanh/", views.decision_issue, name="decision-issue"),
    path("<int:pk>/huy/", views.decision_annul, name="decision-annul"),
    path("<int:pk>/mau-nhap.xlsx", import_views.decision_import_template, name="decision-import-template"),
    path("<int:pk>/nhap-excel/", import_views.decision_import, name="decision-import"),
    path("ho-so/<int:pk>/mau-nhap.xlsx", import_views.dossier_import_template, name="dossier-import-template"),
    path("ho-so/<int:pk>/nhap-excel/", import_views.dossier_import, name="dossier-import"),
    path("<int:pk>/ngoai-le/<int:award_pk>/", eligibility_views.award_override, name="award-override"),
    path("chua-phan-loai/", statistics_views.unclassified_list, name="unclassified"),
    path("chua-phan-loai/<int:pk>/", statistics_views.award_classify, name="award-classify"),
    path("to-chuc-tdkt/", apparatus_views.body_list, name="body-list"),
    path("to-chuc-tdkt/moi/", apparatus_views.body_create, name="body-create"),
    path("to-chuc-tdkt/<int:pk>/sua/", apparatus_views.body_edit, name="body-edit"),
    path("can-bo-tdkt/", apparatus_views.officer_list, name="officer-list"),
    path("can-bo-tdkt/moi/", apparatus_views.officer_create, name="officer-create"),
    path("can-bo-tdkt/<int:pk>/sua/", apparatus_views.officer_edit, name="officer-edit"),
    path("hoi-dong/", council_views.council_page, name="council"),
    path("hoi-dong/<int:pk>/", council_views.council_page, name="council-detail"),
    path("hoi-dong/<int:pk>/kien-toan/", council_views.council_compose, name="council-compose"),
    path("ho-so/", dossier_views.dossier_index, name="dossier-list"),
    path("ho-so/moi/", dossier_views.dossier_create, name="dossier-create"),
    path("ho-so/<int:pk>/", dossier_views.dossier_detail, name="dossier-detail"),
    path("ho-so/<int:pk>/sua/", dossier_views.dossier_edit, name="dossier-edit"),
    path("ho-so/<int:pk>/tep/", dossier_views.dossier_file_upload, name="dossier-file-upload"),
    path("ho-so/<int:pk>/tep/<int:file_pk>/", dossier_views.dossier_file_download, name="dossier-file"),
    path("ho-so/<int:pk>/tep/<int:file_pk>/thay/", dossier_views.dossier_file_replace, name="dossier-file-replace"),
    path("ho-so/<int:pk>/tep/<int:file_pk>/xoa/", dossier_views.dossier_file_remove, name="dossier-file-remove"),
    path("ho-so/<int:pk>/nop/", dossier_views.dossier_submit, name="dossier-submit"),
    path("ho-so/<int:pk>/tiep-nhan/", dossier_views.dossier_receive, name="dossier-receive"),
    path("ho-so/<int:pk>/tra-lai/", dossier_views.dossier_return, name="dossier-return"),
    path("ho-so/<int:pk>/tham-dinh/", dossier_views.dossier_vet, name="dossier-vet"),
    path(
        "ho-so/<int:pk>/tham-dinh/ngoai-le/<int:nomination_pk>/",
        eligibility_views.nomination_override,
        name="nomination-override",
    ),
    path("ho-so/<int:pk>/gui-hoi-dong/", dossier_views.dossier_send_to_meeting, name="dossier-send"),
    path("ho-so/<int:pk>/chuyen-trung-uong/", dossier_views.dossier_forward, name="dossier-forward"),
    path("ho-so/<int:pk>/lay-y-kien/", consultation_views.consultation_create, name="consultation-create"),
    path("lay-y-kien/", consultation_views.consultation_index, name="consultation-list"),
    path("lay-y-kien/<int:pk>/", consultation_views.consultation_detail, name="consultation-detail"),
    path("lay-y-kien/<int:pk>/ket-thuc/", consultation_views.consultation_close, name="consultation-close"),
    path(
        "lay-y-kien/<int:pk>/y-kien/<int:feedback_pk>/",
        consultation_views.feedback_answer,
        name="consultation-feedback-answer",
    ),
    path("phien-hop/", meeting_views.meeting_index, name="meeting-list"),
    path("phien-hop/moi/", meeting_views.meeting_create, name="meeting-create"),
    path("phien-hop/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("phien-hop/<int:pk>/diem-danh/", meeting_views.meeting_attendance, name="meeting-attendance"),
    path("phien-hop/<int:pk>/chuong-trinh/", meeting_views.meeting_agenda_add, name="meeting-agenda-add"),
    path("phien-hop/<int:pk>/bieu-quyet/<int:nomination_pk>/", meeting_views.meeting_ballot, name="meeting-ballot"),
    path(
        "phien-hop/<int:pk>/bieu-quyet/<int:nomination_pk>/sua/",
        meeting_views.meeting_ballot_correct,
        name="meeting-ballot-correct",
    ),
    path("phien-hop/<int:pk>/bo-phieu/<int:nomination_pk>/", meeting_views.meeting_vote, name="meeting-vote"),
    path(
        "phien-hop/<int:pk>/tham-dinh/<int:nomination_pk>/",
        opinion_views.meeting_appraisal,
        name="meeting-appraisal",
    ),
    path(
        "phien-hop/<int:pk>/y-kien-van-ban/<int:member_pk>/",
        opinion_views.meeting_written_opinion,
        name="meeting-written-opinion",
    ),
    path("phien-hop/<int:pk>/ket-thuc/", meeting_views.meeting_close, name="meeting-close"),
]
