"""URL configuration: pages are language-neutral paths; the language comes from the cookie or the browser."""

from django.contrib import admin
from django.urls import include, path

from hetao.config.api import api

admin.site.site_header = "Hetao"
admin.site.site_title = "Hetao"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("hetao.accounts.urls")),
    path("screening/", include("hetao.screening.urls")),
    path("experts/", include("hetao.experts.urls")),
    path("programmes/", include("hetao.programmes.urls")),
    path("evaluation/", include("hetao.evaluation.urls")),
    path("funding/", include("hetao.funding.urls")),
    path("projects/", include("hetao.projects.urls")),
    path("", include("hetao.zone.urls")),
    path("", include("hetao.core.urls")),
]
