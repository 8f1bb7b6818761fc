from django.urls import path

from awards import council_views, views

app_name = "awards"
urlpatterns = [
    path("", views.decision_index, name="decision-list"),
    path("moi/", views.decision_create, name="decision-create"),
    path("tu-de-nghi/", views.decision_gather, name="decision-gather"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<int:pk>/sua/", views.decision_edit, name="decision-edit"),
    path("<int:pk>/ban-hanh/", views.decision_issue, name="decision-issue"),
    path("<int:pk>/huy/", views.decision_annul, name="decision-annul"),
    path("hoi-dong/", council_views.council_page, name="council"),
    path("hoi-dong/<int:pk>/", council_views.council_page, name="council-detail"),
    path("hoi-dong/<int:pk>/kien-toan/", council_views.council_compose, name="council-compose"),
]
