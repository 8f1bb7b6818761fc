from django.urls import path
app_name = "clusters"
urlpatterns = []
