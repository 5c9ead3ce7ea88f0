from django.urls import path

from hetao.zone.views import organisations, people

app_name = "zone"
urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create_view, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_update_view, name="organisation_update"),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create_view, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_update_view, name="person_update"),
    path("people/<int:pk>/affiliations/", people.person_affiliation_add, name="person_affiliation_add"),
    path("people/<int:pk>/documents/", people.person_document_add, name="person_document_add"),
    path("people/<int:pk>/export/", people.person_export_view, name="person_export"),
]
