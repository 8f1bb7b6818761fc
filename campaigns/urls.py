from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("so-van-ban/", views.document_index, name="document-list"),
    path("so-van-ban/moi/", views.document_create, name="document-create"),
    path("so-van-ban/<int:pk>/", views.document_detail, name="document-detail"),
    path("so-van-ban/<int:pk>/sua/", views.document_edit, name="document-edit"),
    path("so-van-ban/<int:pk>/tep/", views.document_file, name="document-file"),
    path("so-van-ban/phu-luc-1/", views.appendix1, name="appendix1"),
    path("so-van-ban/phu-luc-1.json", views.appendix1_json, name="appendix1-json"),
]
