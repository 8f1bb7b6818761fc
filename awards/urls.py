from django.urls import path

from awards import pdf_views, views

app_name = "awards"
urlpatterns = [
    path("", views.decision_index, name="decision-list"),
    path("moi/", views.decision_create, name="decision-create"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<int:pk>/sua/", views.decision_edit, name="decision-edit"),
    path("<int:pk>/ban-hanh/", views.decision_issue, name="decision-issue"),
    path("<int:pk>/huy/", views.decision_annul, name="decision-annul"),
    path("<int:pk>/quyet-dinh.pdf", pdf_views.decision_pdf_download, name="decision-pdf"),
]
