"""``hetao seed_programmes_demo``: the demo's programmes on top of ``seed_demo``'s zone.

A pool of experts (some with accounts, so that they can review), an open joint call, and a call that has been
through review and decided: conflicts found, reviewers assigned, reviews in, a funding round confirmed with its
lottery, letters and awards; the awards started as projects with expenditure, a virement and reports.
Idempotent, like ``seed_demo``: a second run adds nothing.
"""

from __future__ import annotations

import random
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hetao.accounts.domain.services import user_create
from hetao.evaluation.demo import seed_evaluation
from hetao.experts.demo import seed_experts
from hetao.funding.demo import seed_funding
from hetao.funding.models import FundingRound
from hetao.programmes.demo import seed_programmes
from hetao.projects.demo import seed_projects
from hetao.zone.domain.services import person_link_user
from hetao.zone.enums import OrganisationKind
from hetao.zone.models import Park, Person

DEMO_PASSWORD = "Hetao-Demo-2026!"  # noqa: S105 - the documented demo password, as in seed_demo
EXPERTS_PER_SIDE = 10  # from the Shenzhen park, the Hong Kong park, and outside both
EXPERT_ACCOUNTS = 24
ACADEMIC = (OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_INSTITUTE, OrganisationKind.LABORATORY)


class Command(BaseCommand):
    help = "Load the demo programmes: experts, an open call, and a call reviewed and decided."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=20231221, help="Random seed (the demo is reproducible).")

    def handle(self, *args: Any, **options: Any) -> None:
        seed = options["seed"]
        if not Person.objects.exists():
            raise CommandError("Run 'hetao seed_demo' first: the programmes need the demo zone's people.")
        with transaction.atomic():
            people = self._expert_people(random.Random(f"{seed}:experts"))
            experts = seed_experts(actor=None, people=people, rng=random.Random(f"{seed}:publications"))
            self._expert_accounts(people)
            calls = seed_programmes(actor=None, rng=random.Random(f"{seed}:calls"))
            # The programme manager's demo account runs the review and the funding round.
            manager = get_user_model().objects.filter(username="manager").first()
            decided = None
            # Once a funding round is confirmed (by an earlier run), the reviewed call is left as it is.
            reviewed = calls[1] if len(calls) > 1 else None
            if reviewed is not None and not FundingRound.objects.filter(call=reviewed, status="confirmed").exists():
                reviews = random.Random(f"{seed}:reviews")
                seed_evaluation(actor=manager, call=reviewed, experts=experts, rng=reviews)
                decided = seed_funding(actor=manager, call=reviewed, rng=random.Random(f"{seed}:funding"))
            projects = seed_projects(rng=random.Random(f"{seed}:projects"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo programmes ready: {len(experts)} experts, {len(calls)} calls"
                + (f", funding round {decided.pk} confirmed" if decided is not None else "")
                + (f", {len(projects)} projects started" if projects else "")
            )
        )
        self.stdout.write(f"Expert accounts: expert01..expert{EXPERT_ACCOUNTS:02d} (password {DEMO_PASSWORD})")

    def _expert_people(self, rng: random.Random) -> list[Person]:
        """The demo reviewer's person, then academics currently in each park and outside both."""
        people: list[Person] = []
        reviewer = Person.objects.filter(user__username="reviewer").first()
        if reviewer is not None:
            people.append(reviewer)
        base = (
            Person.objects.filter(
                affiliations__end_date__isnull=True,
                affiliations__organisation__kind__in=ACADEMIC,
                listed_in_directory=True,
            )
            # Not the demo role accounts; experts given an account by an earlier run stay in, so that a second
            # run draws the same people.
            .exclude(user__isnull=False, expert__isnull=True)
            .distinct()
            .order_by("pk")
        )
        for park in [*Park.objects.order_by("order", "code"), None]:
            if park is None:
                pool = list(base.filter(affiliations__organisation__park__isnull=True))
            else:
                pool = list(base.filter(affiliations__organisation__park=park))
            pool = [p for p in pool if p not in people]
            people.extend(rng.sample(pool, min(EXPERTS_PER_SIDE, len(pool))))
        return people

    def _expert_accounts(self, people: list[Person]) -> None:
        """Accounts for the first experts without one, so that they can sign in and review."""
        user_model = get_user_model()
        number = 0
        for person in people:
            if person.user_id is not None:
                continue
            number += 1
            if number > EXPERT_ACCOUNTS:
                break
            username = f"expert{number:02d}"
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_create(actor=None, username=username, password=DEMO_PASSWORD)
            if not Person.objects.filter(user=user).exists():
                person_link_user(actor=None, person=person, user=user)
