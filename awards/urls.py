from django.urls import path

from awards import council_views, meeting_views, views

app_name = "awards"
urlpatterns = [
    path("", views.decision_index, name="decision-list"),
    path("moi/", views.decision_create, name="decision-create"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<int:pk>/sua/", views.decision_edit, name="decision-edit"),
    path("<int:pk>/ban-hanh/", views.decision_issue, name="decision-issue"),
    path("<int:pk>/huy/", views.decision_annul, name="decision-annul"),
    path("hoi-dong/", council_views.council_page, name="council"),
    path("hoi-dong/<int:pk>/", council_views.council_page, name="council-detail"),
    path("hoi-dong/<int:pk>/kien-toan/", council_views.council_compose, name="council-compose"),
    path("phien-hop/", meeting_views.meeting_index, name="meeting-list"),
    path("phien-hop/moi/", meeting_views.meeting_create, name="meeting-create"),
    path("phien-hop/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("phien-hop/<int:pk>/diem-danh/", meeting_views.meeting_attendance, name="meeting-attendance"),
    path("phien-hop/<int:pk>/bieu-quyet/<int:nomination_pk>/", meeting_views.meeting_ballot, name="meeting-ballot"),
    path("phien-hop/<int:pk>/ket-thuc/", meeting_views.meeting_close, name="meeting-close"),
]
