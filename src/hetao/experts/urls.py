from django.urls import path

from hetao.experts.views import experts

app_name = "experts"
urlpatterns = [
    path("", experts.expert_list, name="expert_list"),
    path("new/", experts.expert_create_view, name="expert_create"),
    path("me/", experts.expert_mine, name="mine"),
    path("<int:pk>/", experts.expert_detail, name="expert_detail"),
    path("<int:pk>/edit/", experts.expert_update_view, name="expert_update"),
    path("<int:pk>/publications/new/", experts.publication_create_view, name="publication_create"),
    path(
        "<int:pk>/publications/<int:publication_pk>/edit/",
        experts.publication_update_view,
        name="publication_update",
    ),
    path(
        "<int:pk>/publications/<int:publication_pk>/delete/",
        experts.publication_delete_view,
        name="publication_delete",
    ),
    path("<int:pk>/import/", experts.publications_import_view, name="publications_import"),
    path("<int:pk>/declarations/new/", experts.declaration_create_view, name="declaration_create"),
    path(
        "<int:pk>/declarations/<int:declaration_pk>/delete/",
        experts.declaration_delete_view,
        name="declaration_delete",
    ),
]
