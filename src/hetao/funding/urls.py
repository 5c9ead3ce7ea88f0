from django.urls import path

from hetao.funding.views import pages

app_name = "funding"
urlpatterns = [
    path("", pages.index, name="index"),
    path("calls/<int:pk>/ranking/", pages.ranking, name="ranking"),
    path("calls/<int:pk>/rounds/new/", pages.round_new, name="round_new"),
    path("calls/<int:pk>/decisions/", pages.decisions, name="decisions"),
    path("rounds/<int:pk>/", pages.round_detail, name="round_detail"),
    path("rounds/<int:pk>/confirm/", pages.round_confirm, name="round_confirm"),
    path("proposals/<int:pk>/decide/", pages.decide, name="decide"),
    path("decisions/<int:pk>/letter/", pages.letter, name="letter"),
    path("awards/<int:pk>/", pages.award, name="award"),
]
