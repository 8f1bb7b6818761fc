"""People's and units' history pages, under the emulation organisation's address (to-chuc-thi-dua/)."""

from django.urls import path

from awards import person_views

app_name = "people"
urlpatterns = [
    path("nguoi/<int:pk>/", person_views.person_detail, name="person-detail"),
    path("nguoi/trung-lap/", person_views.duplicates, name="duplicates"),
    path("nguoi/gop/", person_views.merge, name="merge"),
    path("don-vi/<int:pk>/", person_views.unit_detail, name="unit-detail"),
]
