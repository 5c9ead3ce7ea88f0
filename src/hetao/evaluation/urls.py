from django.urls import path

from hetao.evaluation.views import manager, reviewer

app_name = "evaluation"
urlpatterns = [
    path("calls/", manager.call_list, name="call_list"),
    path("calls/<int:pk>/pool/", manager.pool, name="pool"),
    path("reviewers/<int:pk>/remove/", manager.pool_remove, name="pool_remove"),
    path("calls/<int:pk>/conflicts/", manager.conflicts, name="conflicts"),
    path("calls/<int:pk>/conflicts/detect/", manager.conflicts_detect, name="conflicts_detect"),
    path("conflicts/<int:pk>/override/", manager.conflict_override, name="conflict_override"),
    path("calls/<int:pk>/assignment/", manager.assignment, name="assignment"),
    path("calls/<int:pk>/assignment/run/", manager.assignment_run, name="assignment_run"),
    path("calls/<int:pk>/assignment/rules/", manager.pair_rule_set, name="pair_rule_set"),
    path("calls/<int:pk>/assignment/add/", manager.assignment_add, name="assignment_add"),
    path("rules/<int:pk>/clear/", manager.pair_rule_clear, name="pair_rule_clear"),
    path("calls/<int:pk>/shortlist/", manager.shortlist, name="shortlist"),
    path("calls/<int:pk>/shortlist/top/", manager.shortlist_top, name="shortlist_top"),
    path("calls/<int:pk>/runs/", manager.run_list, name="run_list"),
    path("runs/<int:pk>/", manager.run_detail, name="run_detail"),
    path("reviews/", reviewer.my_reviews, name="my_reviews"),
    path("reviews/<int:proposal_id>/", reviewer.review, name="review"),
    path("reviews/<int:proposal_id>/conflict/", reviewer.declare_conflict, name="declare_conflict"),
    path("reviews/<int:proposal_id>/attachments/<int:pk>/", reviewer.attachment, name="attachment"),
]
