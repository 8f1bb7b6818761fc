"""People's and units' pages, under the emulation organisation's address (to-chuc-thi-dua/)."""

from django.urls import path

from awards.people import link_views as person_link_views
from awards.people import views as person_views

app_name = "people"
urlpatterns = [
    path("nguoi/", person_views.person_list, name="person-list"),
    path("nguoi/goi-y/", person_views.person_suggestions, name="person-suggestions"),
    path("nguoi/them/", person_views.person_create_view, name="person-create"),
    path("nguoi/<int:pk>/", person_views.person_detail, name="person-detail"),
    path("nguoi/<int:pk>/sua/", person_views.person_update_view, name="person-update"),
    path("nguoi/trung-lap/", person_views.duplicates, name="duplicates"),
    path("nguoi/gop/", person_views.merge, name="merge"),
    path("nguoi/gan-khen-thuong/<int:award_pk>/", person_link_views.award_link, name="award-link"),
    path(
        "nguoi/gan-khen-thuong/<int:award_pk>/them/",
        person_link_views.award_person_create,
        name="award-person-create",
    ),
    path("nguoi/gan-de-nghi/<int:nomination_pk>/", person_link_views.nomination_link, name="nomination-link"),
    path(
        "nguoi/gan-de-nghi/<int:nomination_pk>/them/",
        person_link_views.nomination_person_create,
        name="nomination-person-create",
    ),
    path("don-vi/<int:pk>/", person_views.unit_detail, name="unit-detail"),
]
