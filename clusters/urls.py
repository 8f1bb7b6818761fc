from django.urls import path

from clusters import views

app_name = "clusters"
urlpatterns = [
    path("", views.organisation_latest, name="organisation-latest"),
    path("<int:year>/", views.organisation, name="organisation"),
]
