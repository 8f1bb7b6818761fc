from django.urls import path

from reports import (
    appendix1_views,
    certificate_views,
    package_views,
    signature_views,
    statistics_views,
    ticket_views,
    views,
)

app_name = "reports"
urlpatterns = [
    # Phụ lục 1's page and JSON data are in campaigns (so-van-ban/phu-luc-1/); its files are rendered here.
    path("phu-luc-1.xlsx", appendix1_views.appendix1_xlsx_download, name="appendix1-xlsx"),
    path("phu-luc-1.pdf", appendix1_views.appendix1_pdf_download, name="appendix1-pdf"),
    path("phu-luc-2/", views.appendix2, name="appendix2"),
    path("phu-luc-2.xlsx", views.appendix2_xlsx_download, name="appendix2-xlsx"),
    path("phu-luc-2.pdf", views.appendix2_pdf_download, name="appendix2-pdf"),
    path("tien-thuong/", views.money_summary_page, name="money-summary"),
    path("tien-thuong.xlsx", views.money_summary_xlsx_download, name="money-summary-xlsx"),
    path("quyet-dinh/<int:pk>.pdf", views.decision_pdf_download, name="decision-pdf"),
    path("quyet-dinh/<int:pk>/giay-chung-nhan/", certificate_views.decision_certificates, name="decision-certificates"),
    path(
        "quyet-dinh/<int:pk>/giay-chung-nhan/in/",
        certificate_views.decision_certificates_print,
        name="decision-certificates-print",
    ),
    path("quyet-dinh/<int:pk>/so-vang.xlsx", certificate_views.decision_register_download, name="decision-register"),
    path("ho-so/<int:pk>/to-trinh.pdf", views.dossier_forwarding_letter, name="dossier-forwarding-letter"),
    path("ho-so/<int:pk>/goi-trung-uong.zip", package_views.dossier_package_download, name="dossier-package"),
    path("phien-hop/<int:pk>/bien-ban.pdf", views.meeting_minutes_download, name="meeting-minutes"),
    path("thong-ke/", statistics_views.statistics_index, name="statistics"),
    path("thong-ke/<int:year>/<str:code>/", statistics_views.statistics_form, name="statistics-form"),
    path("thong-ke/<int:year>/<str:code>.xlsx", statistics_views.statistics_xlsx_download, name="statistics-xlsx"),
    path("thong-ke/<int:year>/<str:code>.pdf", statistics_views.statistics_pdf_download, name="statistics-pdf"),
    path(
        "thong-ke/<int:year>/<str:code>/ban-hanh/",
        statistics_views.statistics_issue_view,
        name="statistics-issue",
    ),
    path("ky-so/<str:kind>/<int:pk>/chuan-bi/", signature_views.signing_prepare, name="signing-prepare"),
    path("ky-so/<int:pk>/tai-len/", signature_views.signing_upload, name="signing-upload"),
    path("ky-so/<int:pk>/dong-dau/", signature_views.signing_seal_server, name="signing-seal-server"),
    path("ky-so/<int:pk>/ban-de-ky.pdf", signature_views.signing_frozen, name="signing-frozen"),
    path("ky-so/<int:pk>/ban-da-ky.pdf", signature_views.signing_download, name="signing-download"),
    path("so-bao-cao/", views.report_index, name="report-list"),
    path("so-bao-cao/moi/", views.report_create, name="report-create"),
    path("so-bao-cao/<int:pk>/", views.report_detail, name="report-detail"),
    path("so-bao-cao/<int:pk>/sua/", views.report_edit, name="report-edit"),
    path("so-bao-cao/<int:pk>/xem-truoc/", views.report_preview, name="report-preview"),
    path("so-bao-cao/<int:pk>/muc/moi/", views.section_edit, name="section-create"),
    path("so-bao-cao/<int:pk>/muc/<int:section_pk>/", views.section_edit, name="section-edit"),
    path("so-bao-cao/<int:pk>/muc/<int:section_pk>/xoa/", views.section_delete, name="section-delete"),
    path("so-bao-cao/<int:pk>/ban-hanh/", views.report_issue, name="report-issue"),
    path("so-bao-cao/<int:pk>/dinh-chinh/", views.report_correction, name="report-correction"),
    path("so-bao-cao/<int:pk>/bao-cao.pdf", views.report_pdf_download, name="report-pdf"),
    # Signing through the VGCA Sign Service: the page's ticket, then the two addresses the service uses with it.
    path("ky-so/<int:pk>/phieu/", ticket_views.signing_ticket_create, name="signing-ticket"),
    path("ky-so/phieu/<slug:token>/van-ban.pdf", ticket_views.signing_ticket_pdf_download, name="signing-ticket-pdf"),
    path("ky-so/phieu/<slug:token>/nop/", ticket_views.signing_ticket_upload_receive, name="signing-ticket-upload"),
    path("so-bao-cao/<int:pk>/bao-cao.docx", views.report_docx_download, name="report-docx"),
]
