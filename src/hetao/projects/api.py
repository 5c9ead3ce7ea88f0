"""Projects over HTTP: one router for the app, made of the parts for the overview (projects, statements,
portfolio), exchange rates, money (expenditure, virements, disbursements) and process (milestones, reports,
amendments, acceptance). A project the user may not read answers 404; writes by API token need the ``write``
scope."""

from __future__ import annotations

from ninja import Router

from hetao.projects import api_budget, api_overview, api_process, api_rates

router = Router(tags=["projects"])
router.add_router("", api_overview.router)
router.add_router("", api_rates.router)
router.add_router("", api_budget.router)
router.add_router("", api_process.router)
