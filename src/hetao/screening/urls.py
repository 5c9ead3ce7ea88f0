from django.urls import path

from hetao.screening.views import lists, runs

app_name = "screening"
urlpatterns = [
    path("", runs.screen, name="screen"),
    path("runs/", runs.run_list, name="run_list"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("results/<int:pk>/decide/", runs.result_decide, name="result_decide"),
    path("lists/", lists.list_list, name="list_list"),
    path("lists/<int:pk>/", lists.list_detail, name="list_detail"),
    path("lists/<int:pk>/import/", lists.list_import, name="list_import"),
    path("lists/<int:pk>/toggle/", lists.list_toggle, name="list_toggle"),
    path("versions/<int:pk>/activate/", lists.version_activate, name="version_activate"),
]
