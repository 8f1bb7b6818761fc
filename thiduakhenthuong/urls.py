from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kernel import reauth
from kernel.forms import ThrottledAuthenticationForm
from thiduakhenthuong import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(form_class=ThrottledAuthenticationForm), name="login"),
    path("xac-nhan-mat-khau/", reauth.reauth_confirm, name="reauth"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tim-kiem/", views.site_search, name="search"),
    path("to-chuc-thi-dua/", include("clusters.urls")),
    # People's pages read awards: wired here so that clusters never imports awards.
    path("to-chuc-thi-dua/", include("awards.people.urls")),
    path("quyet-dinh/", include("awards.urls")),
    # Public consultations (công khai, lấy ý kiến Nhân dân): the only pages without login but the login itself.
    path("cong-khai/", include("awards.consultations.public_urls")),
    path("", include("campaigns.urls")),
    path("bao-cao/", include("reports.urls")),
    path("tac-vu/", include("kernel.urls")),
    path("thong-bao/", include("kernel.notice_urls")),
    path("quan-tri/", admin.site.urls),
]

admin.site.site_header = "Quản trị cổng thi đua, khen thưởng"
admin.site.site_title = "Quản trị TĐKT"

# The public pages' errors keep their frame; a stale form's refusal is said in Vietnamese.
handler404 = "thiduakhenthuong.views.page_not_found"
