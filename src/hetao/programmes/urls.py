from django.urls import path

from hetao.programmes.views import calls, proposals

app_name = "programmes"
urlpatterns = [
    path("", calls.call_list, name="call_list"),
    path("calls/new/", calls.call_create_view, name="call_create"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", calls.call_publish_view, name="call_publish"),
    path("calls/<int:pk>/start-review/", calls.call_start_review_view, name="call_start_review"),
    path("calls/<int:pk>/apply/", calls.proposal_start, name="proposal_start"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/submit/", proposals.submit, name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", proposals.withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/team/", proposals.team_add, name="team_add"),
    path("proposals/<int:pk>/team/<int:member_pk>/remove/", proposals.team_remove, name="team_remove"),
    path("proposals/<int:pk>/budget/", proposals.budget_add, name="budget_add"),
    path("proposals/<int:pk>/budget/<int:line_pk>/remove/", proposals.budget_remove, name="budget_remove"),
    path("proposals/<int:pk>/attachments/", proposals.attachment_upload, name="attachment_upload"),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_pk>/",
        proposals.attachment_download,
        name="attachment_download",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_pk>/remove/",
        proposals.attachment_delete,
        name="attachment_remove",
    ),
]
