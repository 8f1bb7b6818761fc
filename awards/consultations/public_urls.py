from django.urls import path

from awards.consultations import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.public_index, name="consultation-list"),
    path("<uuid:public_id>/", public_views.public_detail, name="consultation-detail"),
]
