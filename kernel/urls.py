from django.urls import path

from kernel import job_views

app_name = "jobs"
urlpatterns = [
    path("", job_views.job_list, name="list"),
    path("<int:pk>/", job_views.job_detail, name="detail"),
    path("<int:pk>/trang-thai.json", job_views.job_state, name="state"),
    path("<int:pk>/tep", job_views.job_file, name="file"),
]
