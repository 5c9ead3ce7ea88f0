"""``hetao seed_demo``: a believable Hetao zone from a fixed random seed, and one demo account per role.

Running it again changes nothing that exists: organisations are matched by English name, people are made only
into an empty directory, and accounts are matched by username.
"""

from __future__ import annotations

import random
from argparse import ArgumentParser
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from hetao.accounts.domain.services import role_grant, user_create
from hetao.accounts.enums import Role, Scope
from hetao.accounts.models import RoleAssignment
from hetao.engines import identifiers
from hetao.zone.demo.namegen import GeneratedName, generate_names
from hetao.zone.demo.organisations import ORGANISATIONS, DemoOrganisation
from hetao.zone.domain.services import (
    affiliation_add,
    identity_document_add,
    organisation_create,
    person_create,
    person_link_user,
    zone_sync_from_file,
)
from hetao.zone.models import Organisation, Park, Person

DEMO_PASSWORD = "Hetao-Demo-2026!"  # noqa: S105 - published demo credential, printed by make demo

# (username, role, scope, organisation key for organisation scope, park code for park scope)
DEMO_ACCOUNTS: list[tuple[str, str, str, str | None, str | None]] = [
    ("researcher", Role.RESEARCHER, Scope.ORGANISATION, "hkust", None),
    ("orgadmin", Role.ORGANISATION_ADMIN, Scope.ORGANISATION, "hkust", None),
    ("reviewer", Role.REVIEWER, Scope.ZONE, None, None),
    ("manager", Role.PROGRAMME_MANAGER, Scope.ZONE, None, None),
    ("parkadmin", Role.PARK_ADMIN, Scope.ZONE, None, None),
    ("customs", Role.CUSTOMS_OFFICER, Scope.PARK, None, "SZ"),
    ("regulator", Role.DATA_REGULATOR, Scope.ZONE, None, None),
    ("investor", Role.INVESTOR, Scope.ORGANISATION, "scgc", None),
    ("auditor", Role.AUDITOR, Scope.ZONE, None, None),
]

_WESTERN_GIVEN = [
    "Anna",
    "James",
    "Sophie",
    "Lukas",
    "Emma",
    "Daniel",
    "Clara",
    "Thomas",
    "Maria",
    "David",
    "Laura",
    "Felix",
    "Hannah",
    "Oliver",
    "Julia",
    "Samuel",
    "Elena",
    "Matthew",
    "Nina",
    "Paul",
]
_WESTERN_FAMILY = [
    "Schmidt",
    "Smith",
    "Müller",
    "Brown",
    "Dubois",
    "Rossi",
    "Tan",
    "Wilson",
    "Fischer",
    "Martin",
    "Taylor",
    "Weber",
    "Garcia",
    "Koch",
    "Lim",
    "Evans",
    "Meyer",
    "Bernard",
    "Clarke",
    "Novak",
]
_COUNTRY_ALPHA3 = {
    "GB": "GBR",
    "US": "USA",
    "DE": "DEU",
    "CH": "CHE",
    "SG": "SGP",
    "FR": "FRA",
    "JP": "JPN",
    "AU": "AUS",
    "CA": "CAN",
    "NL": "NLD",
    "SE": "SWE",
    "KR": "KOR",
    "IT": "ITA",
}
_MAINLAND_REGIONS = ["440304", "440305", "440306", "110108", "310104", "330106", "420111", "510107", "440106"]
_ACADEMIC_TITLES = [
    "Professor",
    "Associate Professor",
    "Assistant Professor",
    "Research Fellow",
    "Postdoctoral Fellow",
    "Research Assistant",
    "Principal Investigator",
    "Laboratory Manager",
]
_TITLES_BY_KIND = {
    "university": _ACADEMIC_TITLES,
    "research_institute": _ACADEMIC_TITLES,
    "laboratory": _ACADEMIC_TITLES,
    "enterprise": ["Engineer", "Senior Engineer", "R&D Director", "Chief Technology Officer", "Product Manager"],
    "investor": ["Investment Manager", "Partner", "Analyst", "Associate"],
    "testing_provider": ["Test Engineer", "Laboratory Supervisor", "Quality Manager", "Technician"],
    "government_agency": ["Programme Officer", "Senior Officer", "Director", "Policy Analyst"],
    "customs": ["Customs Officer", "Senior Inspector"],
}


class Command(BaseCommand):
    help = "Load the demo zone: organisations, people with names in every script, and one account per role."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=20231221, help="Random seed (the demo is reproducible).")
        parser.add_argument("--people", type=int, default=540, help="How many people to create.")

    def handle(self, *args: Any, **options: Any) -> None:
        seed = options["seed"]
        with transaction.atomic():
            zone_sync_from_file(path=settings.HETAO_ZONE_FILE, actor=None)
            # One random stream per phase, so that people come out the same whether or not the organisations
            # already existed.
            orgs = self._organisations(random.Random(f"{seed}:organisations"))
            made_people = self._people(random.Random(f"{seed}:people"), orgs, options["people"], seed)
            self._accounts(orgs)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo zone ready: {Organisation.objects.count()} organisations, {Person.objects.count()} people"
                + (f" ({made_people} new)" if made_people else " (people already present; none added)")
            )
        )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
        for username, role, scope, org_key, park_code in DEMO_ACCOUNTS:
            where = org_key or park_code or "zone"
            self.stdout.write(f"  {username:<12} {role:<20} {scope}:{where}")

    # --- organisations -----------------------------------------------------------------------------------

    def _organisations(self, rng: random.Random) -> dict[str, Organisation]:
        parks = {p.code: p for p in Park.objects.all()}
        result: dict[str, Organisation] = {}
        for demo in ORGANISATIONS:
            existing = Organisation.objects.filter(name_en=demo.name_en).first()
            if existing is not None:
                result[demo.key] = existing
                continue
            result[demo.key] = organisation_create(
                actor=None,
                kind=demo.kind,
                park=parks.get(demo.park) if demo.park else None,
                country=demo.country,
                name_en=demo.name_en,
                name_hans=demo.name_hans,
                name_hant=demo.name_hant,
                aliases=list(demo.aliases),
                identifiers=_identifiers_for(demo, rng),
            )
        return result

    # --- people ------------------------------------------------------------------------------------------

    def _people(self, rng: random.Random, orgs: dict[str, Organisation], count: int, seed: int) -> int:
        if Person.objects.exists():
            return 0
        by_side: dict[str, list[Organisation]] = {"mainland": [], "hong_kong": [], "overseas": []}
        for demo in ORGANISATIONS:
            org = orgs[demo.key]
            if demo.kind == "customs":
                continue
            if demo.country == "CN":
                by_side["mainland"].append(org)
            elif demo.country in {"HK", "MO"}:
                by_side["hong_kong"].append(org)
            else:
                by_side["overseas"].append(org)
        mainland_n = count * 47 // 100
        hk_n = count * 41 // 100
        macao_n = count * 3 // 100
        overseas_n = count - mainland_n - hk_n - macao_n
        made = 0
        for origin, n in (("mainland", mainland_n), ("hong_kong", hk_n), ("macao", macao_n)):
            for name in generate_names(n, origin=origin, seed=seed):
                side = "mainland" if origin == "mainland" else "hong_kong"
                self._chinese_person(rng, name, by_side[side], by_side)
                made += 1
        for _ in range(overseas_n):
            self._western_person(rng, by_side["overseas"])
            made += 1
        return made

    def _chinese_person(
        self,
        rng: random.Random,
        name: GeneratedName,
        home_orgs: list[Organisation],
        by_side: dict[str, list[Organisation]],
    ) -> Person:
        mainland = name.origin == "mainland"
        birth = _birth_date(rng)
        other = name.full_name_hk if mainland else name.full_name_pinyin
        person = person_create(
            actor=None,
            family_name_hans=name.family_hans,
            given_name_hans=name.given_hans,
            family_name_hant=name.family_hant,
            given_name_hant=name.given_hant,
            family_name_latin=name.family_pinyin if mainland else name.family_hk,
            given_name_latin=name.given_pinyin if mainland else name.given_hk,
            romanisation="pinyin" if mainland else ("mo_gov" if name.origin == "macao" else "hk_gov"),
            english_name=name.english_name,
            other_names=[other] if rng.random() < 0.3 else [],
            home_region={"mainland": "CN", "hong_kong": "HK", "macao": "MO"}.get(name.origin, "CN"),
            birth_date=birth,
            email="",
            listed_in_directory=rng.random() > 0.04,
        )
        self._affiliations(rng, person, home_orgs, by_side)
        if mainland:
            body = rng.choice(_MAINLAND_REGIONS) + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
            identity_document_add(
                actor=None,
                person=person,
                kind="cn_ric",
                number=identifiers.make_valid("cn_ric", body),
                issuing_country="CHN",
            )
            if rng.random() < 0.5:
                identity_document_add(
                    actor=None,
                    person=person,
                    kind="cn_eep",
                    number=f"C{rng.randrange(10**8):08d}",
                    issuing_country="CHN",
                    expiry_date=date(2027, 1, 1) + timedelta(days=rng.randrange(3000)),
                )
        elif name.origin == "hong_kong":
            letter = rng.choice("ACDEGHKPRVYZ")
            identity_document_add(
                actor=None,
                person=person,
                kind="hkid",
                number=identifiers.make_valid("hkid", f"{letter}{rng.randrange(10**6):06d}"),
                issuing_country="HKG",
            )
            if rng.random() < 0.6:
                identity_document_add(
                    actor=None,
                    person=person,
                    kind="hk_mtp",
                    number=f"H{rng.randrange(10**8):08d}",
                    issuing_country="CHN",
                    expiry_date=date(2027, 1, 1) + timedelta(days=rng.randrange(3000)),
                )
        return person

    def _western_person(self, rng: random.Random, orgs: list[Organisation]) -> Person:
        org = rng.choice(orgs)
        person = person_create(
            actor=None,
            family_name_latin=rng.choice(_WESTERN_FAMILY),
            given_name_latin=rng.choice(_WESTERN_GIVEN),
            romanisation="other",
            home_region=org.country,
            birth_date=_birth_date(rng),
            listed_in_directory=True,
        )
        affiliation_add(
            actor=None,
            person=person,
            organisation=org,
            title=_title(rng, org),
            start_date=date(rng.randrange(2008, 2024), rng.randrange(1, 13), 1),
            is_primary=True,
        )
        identity_document_add(
            actor=None,
            person=person,
            kind="passport",
            issuing_country=_COUNTRY_ALPHA3.get(org.country, "GBR"),
            number=f"{rng.randrange(10**8, 10**9)}",
        )
        return person

    def _affiliations(
        self,
        rng: random.Random,
        person: Person,
        home_orgs: list[Organisation],
        by_side: dict[str, list[Organisation]],
    ) -> None:
        start = date(rng.randrange(2008, 2024), rng.randrange(1, 13), 1)
        if rng.random() < 0.3:
            # An earlier post, for conflict-of-interest history; sometimes on the other side of the river.
            pool = by_side["hong_kong"] + by_side["mainland"] + by_side["overseas"]
            earlier = rng.choice(pool)
            begun = date(start.year - rng.randrange(3, 9), rng.randrange(1, 13), 1)
            affiliation_add(
                actor=None,
                person=person,
                organisation=earlier,
                title=_title(rng, earlier),
                start_date=begun,
                end_date=start - timedelta(days=1),
            )
        home = rng.choice(home_orgs)
        affiliation_add(
            actor=None,
            person=person,
            organisation=home,
            title=_title(rng, home),
            start_date=start,
            is_primary=True,
        )

    # --- accounts ----------------------------------------------------------------------------------------

    def _accounts(self, orgs: dict[str, Organisation]) -> None:
        user_model = get_user_model()
        parks = {p.code: p for p in Park.objects.all()}
        for username, role, scope, org_key, park_code in DEMO_ACCOUNTS:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    actor=None, username=username, password=DEMO_PASSWORD, is_staff=role == Role.PARK_ADMIN
                )
            organisation = orgs.get(org_key) if org_key else None
            park = parks.get(park_code) if park_code else None
            if not RoleAssignment.objects.filter(user=user, role=role).exists():
                role_grant(actor=None, user=user, role=role, scope=scope, park=park, organisation=organisation)
            if not Person.objects.filter(user=user).exists():
                candidates = Person.objects.filter(user__isnull=True, listed_in_directory=True)
                if organisation is not None:
                    candidates = candidates.filter(
                        affiliations__organisation=organisation, affiliations__end_date__isnull=True
                    )
                person = candidates.order_by("pk").first()
                if person is not None:
                    person_link_user(actor=None, person=person, user=user)


def _title(rng: random.Random, organisation: Organisation) -> str:
    return rng.choice(_TITLES_BY_KIND.get(organisation.kind, _ACADEMIC_TITLES))


def _birth_date(rng: random.Random) -> date:
    return date(1958, 1, 1) + timedelta(days=rng.randrange(365 * 40))


def _identifiers_for(demo: DemoOrganisation, rng: random.Random) -> dict[str, str]:
    if demo.country == "CN":
        authority_type = (
            "11"
            if demo.kind in {"government_agency", "customs"}
            else ("12" if demo.kind in {"university", "research_institute", "laboratory"} else "91")
        )
        region = "440300" if demo.park == "SZ" else rng.choice(_MAINLAND_REGIONS)
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        org_body = "".join(rng.choice(alphabet) for _ in range(8))
        org_code = org_body + _gb11714(org_body)
        return {"cn_uscc": identifiers.make_valid("cn_uscc", authority_type + region + org_code)}
    if demo.country == "HK" and demo.kind in {"enterprise", "investor", "testing_provider"}:
        return {"hk_br": f"{rng.randrange(10**7, 10**8)}", "hk_cr": f"{rng.randrange(10**6, 10**7)}"}
    return {}


def _gb11714(body: str) -> str:
    from hetao.engines.identifiers.uscc import organisation_code_check_character

    return organisation_code_check_character(body)
