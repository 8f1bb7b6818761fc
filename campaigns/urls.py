from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("so-van-ban/", views.document_index, name="document-list"),
    path("so-van-ban/moi/", views.document_create, name="document-create"),
    path("so-van-ban/<int:pk>/", views.document_detail, name="document-detail"),
    path("so-van-ban/<int:pk>/sua/", views.document_edit, name="document-edit"),
    path("so-van-ban/<int:pk>/tep/", views.document_file, name="document-file"),
    path("so-van-ban/phu-luc-1/", views.appendix1, name="appendix1"),
    path("so-van-ban/phu-luc-1.json", views.appendix1_json, name="appendix1-json"),
    path("phong-trao/", views.campaign_index, name="campaign-list"),
    path("phong-trao/moi/", views.campaign_create, name="campaign-create"),
    path("phong-trao/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("phong-trao/<int:pk>/sua/", views.campaign_edit, name="campaign-edit"),
    path("phong-trao/giao-uoc/", views.covenant_latest, name="covenant-latest"),
    path("phong-trao/giao-uoc/<int:year>/", views.covenant_index, name="covenant-list"),
    path("phong-trao/giao-uoc/<int:year>/cum/<int:cluster_pk>/", views.covenant_edit, name="covenant-edit"),
    path("phong-trao/dang-ky/", views.registration_latest, name="registration-latest"),
    path("phong-trao/dang-ky/<int:year>/", views.registration_index, name="registration-list"),
    path("phong-trao/dang-ky/<int:year>/moi/", views.registration_create, name="registration-create"),
    path("phong-trao/dang-ky/xem/<int:pk>/", views.registration_detail, name="registration-detail"),
    path("phong-trao/dang-ky/sua/<int:pk>/", views.registration_edit, name="registration-edit"),
]
