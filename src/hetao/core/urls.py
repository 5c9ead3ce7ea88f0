from django.urls import path

from hetao.core.views import pages

app_name = "core"
urlpatterns = [
    path("", pages.home, name="home"),
    path("privacy/", pages.privacy, name="privacy"),
]
