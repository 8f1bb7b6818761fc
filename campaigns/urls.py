from django.urls import path  # noqa: F401  (routes are added by the campaign and register pages)

app_name = "campaigns"

urlpatterns: list = []
