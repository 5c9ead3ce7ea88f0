"""The demo's projects: the awards of the decided demo call started as projects some months ago, with a year of
exchange rates, recorded expenditure (with receipts), a virement, an approved progress report on one project and
an overdue one on another, so that the project pages and the portfolio show a running programme. Every change
goes through the projects' own services, as a user's would."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hetao.funding.models import Award
from hetao.programmes.demo import demo_pdf
from hetao.projects.domain.dates import add_months
from hetao.projects.domain.money import expenditure_record, virement_request
from hetao.projects.domain.process import milestone_add, report_decide, report_submit
from hetao.projects.domain.projects import project_start
from hetao.projects.domain.rates import rates_import
from hetao.projects.models import ExchangeRate, Project, Report

RATE_SOURCE = "Demo central parity"
PAYEES = [
    "Shenzhen Bay Laboratory instrument services",
    "Hong Kong Science Park facilities",
    "BGI Genomics sequencing",
    "HKUST Nanosystem Fabrication Facility",
    "Futian bonded logistics",
]


def _rates_csv(start: date, end: date, rng: random.Random) -> bytes:
    """A weekday series of HKD/CNY and USD/CNY rates around their usual levels."""
    lines = ["date,base,quote,rate,source"]
    day, hkd, usd = start, Decimal("0.9150"), Decimal("7.1500")
    while day <= end:
        if day.weekday() < 5:
            hkd += Decimal(rng.randint(-10, 10)) / 10000
            usd += Decimal(rng.randint(-60, 60)) / 10000
            lines.append(f"{day.isoformat()},HKD,CNY,{hkd:.4f},{RATE_SOURCE}")
            lines.append(f"{day.isoformat()},USD,CNY,{usd:.4f},{RATE_SOURCE}")
        day += timedelta(days=1)
    return ("\n".join(lines) + "\n").encode()


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def seed_projects(*, rng: random.Random) -> list[Project]:
    """Start the demo awards as projects (idempotent: awards already started are left alone)."""
    manager, admin = _user("manager"), _user("parkadmin")
    if manager is None or admin is None:
        return []
    today = timezone.localdate()
    if not ExchangeRate.objects.filter(source=RATE_SOURCE).exists():
        rates_import(actor=admin, data=_rates_csv(today - timedelta(days=500), today, rng), file_name="demo-rates.csv")
    started: list[Project] = []
    awards = Award.objects.filter(project__isnull=True).select_related("proposal").order_by("proposal__reference")
    for number, award in enumerate(awards):
        # Staggered starts: from fourteen months ago to two months ago.
        start = add_months(today.replace(day=1), -14 + 3 * (number % 5))
        project = project_start(actor=manager, award=award, start_date=start)
        started.append(project)
        _activity(project, manager=manager, today=today, rng=rng, overdue=number % 3 == 1)
    return started


def _activity(project: Project, *, manager: Any, today: date, rng: random.Random, overdue: bool) -> None:
    lead = project.lead
    milestone_add(
        actor=lead,
        project=project,
        kind="milestone",
        title="Joint laboratory protocol agreed by both parks",
        due_date=min(add_months(project.start_date, 6), project.end_date),
    )
    lines = list(project.lines.order_by("year", "pk"))
    for line in [ln for ln in lines if ln.year == 1][:4]:
        spent_on = project.start_date + timedelta(days=rng.randint(10, max(11, (today - project.start_date).days)))
        spent_on = min(spent_on, today)
        amount = (line.amount * Decimal(rng.randint(8, 30)) / 100).quantize(Decimal("1"))
        currency = line.currency if rng.random() < 0.7 else ("HKD" if line.currency == "CNY" else "CNY")
        if currency != line.currency:
            amount = (amount * Decimal("0.9")).quantize(Decimal("1"))
        payee = rng.choice(PAYEES)
        expenditure_record(
            actor=lead,
            project=project,
            line=line,
            spent_on=spent_on,
            amount=amount,
            currency=currency,
            payee=payee,
            description=f"Research costs: {line.category.name_en}",
            receipt=demo_pdf(f"Receipt {payee} {amount} {currency}"),
            receipt_name="receipt.pdf",
        )
    same_currency = [(a, b) for a in lines for b in lines if a.pk != b.pk and a.currency == b.currency]
    if same_currency:
        source, target = same_currency[0]
        moved = min(source.amount - source.spent, target.approved / 20).quantize(Decimal("0.01"))
        if moved > 0:
            virement_request(
                actor=lead,
                project=project,
                from_line=source,
                to_line=target,
                amount=moved,
                reason="Equipment quotes came in lower; the saving pays for more staff time.",
            )
    first = Report.objects.filter(project=project, kind="progress", number=1).first()
    if first is not None and first.period_end < today and not overdue:
        report_submit(
            actor=lead,
            report=first,
            narrative="The joint protocol is in place and the first samples crossed under the whitelist.",
            expected_version=first.version,
        )
        first.refresh_from_db()
        report_decide(actor=manager, report=first, approve=True, comments="", expected_version=first.version)
