from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("phu-luc-2/", views.appendix2, name="appendix2"),
    path("phu-luc-2.xlsx", views.appendix2_xlsx_download, name="appendix2-xlsx"),
    path("phu-luc-2.pdf", views.appendix2_pdf_download, name="appendix2-pdf"),
]
