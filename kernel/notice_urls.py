from django.urls import path

from kernel import notice_views

app_name = "notices"
urlpatterns = [
    path("", notice_views.notice_list, name="list"),
    path("<int:pk>/da-doc/", notice_views.notice_read, name="read"),
    path("da-doc-tat-ca/", notice_views.notices_read_all, name="read-all"),
    path("e-mail/", notice_views.notice_preferences, name="preferences"),
]
