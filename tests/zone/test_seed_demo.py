"""The demo zone: believable, reproducible, and safe to load twice."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command

from hetao.accounts.enums import Role
from hetao.accounts.models import RoleAssignment
from hetao.audit.domain.selectors import ledger_verify
from hetao.zone.enums import OrganisationKind
from hetao.zone.models import IdentityDocument, Organisation, Person


def _seed(people: int = 60) -> str:
    out = StringIO()
    call_command("seed_demo", "--people", str(people), stdout=out)
    return out.getvalue()


def test_seed_demo_builds_every_kind_on_both_sides_and_outside(db):
    _seed()
    assert Organisation.objects.count() >= 40
    for kind in OrganisationKind.values:
        sides = set(Organisation.objects.filter(kind=kind).values_list("park__code", flat=True))
        assert {"SZ", "HK"} <= sides, kind
    assert Organisation.objects.filter(park__isnull=True).values("country").distinct().count() >= 3


def test_seed_demo_names_in_the_right_scripts(db):
    _seed()
    hong_kong = Person.objects.filter(home_region="HK", romanisation="hk_gov").first()
    mainland = Person.objects.filter(home_region="CN", romanisation="pinyin").first()
    assert hong_kong is not None
    assert mainland is not None
    assert re.fullmatch(r"[A-Z][a-z]+(-[A-Z][a-z]+)?", hong_kong.family_name_latin)
    assert re.fullmatch(r"[A-Z][a-z]+(-[a-z]+)?", hong_kong.given_name_latin)
    assert re.fullmatch(r"[\u4e00-\u9fff]{1,2}", hong_kong.family_name_hant)
    assert re.fullmatch(r"[A-Z][a-z']+", mainland.given_name_latin)
    assert re.fullmatch(r"[\u4e00-\u9fff]{1,2}", mainland.family_name_hans)
    assert IdentityDocument.objects.filter(person=hong_kong, kind="hkid").count() == 1
    assert IdentityDocument.objects.filter(person=mainland, kind="cn_ric").count() == 1


def test_seed_demo_one_account_per_role_and_prints_them(db):
    output = _seed()
    assert sorted(RoleAssignment.objects.values_list("role", flat=True)) == sorted(Role.values)
    assert "Hetao-Demo-2026!" in output
    for role in Role.values:
        assert role in output


def test_seed_demo_twice_changes_nothing(db):
    _seed()
    counts = (Organisation.objects.count(), Person.objects.count(), RoleAssignment.objects.count())
    _seed()
    assert (Organisation.objects.count(), Person.objects.count(), RoleAssignment.objects.count()) == counts
    assert ledger_verify().ok is True


def test_seed_demo_is_reproducible(db):
    _seed(people=30)
    first = list(Person.objects.order_by("pk").values_list("family_name_latin", "given_name_latin"))
    Person.objects.all().delete()
    _seed(people=30)
    assert list(Person.objects.order_by("pk").values_list("family_name_latin", "given_name_latin")) == first
