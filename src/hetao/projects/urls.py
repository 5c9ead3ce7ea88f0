"""Project pages. Each views module lists its own paths: overview (project page, portfolio, exports), rates
(exchange rates), budget (expenditure, virements, disbursements) and process (milestones, reports, amendments,
acceptance)."""

from hetao.projects.views import budget, overview, process, rates

app_name = "projects"

urlpatterns = [*overview.urlpatterns, *rates.urlpatterns, *budget.urlpatterns, *process.urlpatterns]
