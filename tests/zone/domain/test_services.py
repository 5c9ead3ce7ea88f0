"""Zone directory services: validation, atomicity, encryption and the audit trail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from hetao.core.errors import Conflict, DomainError, ValidationFailed
from hetao.zone.domain.services import (
    identity_document_add,
    identity_document_number,
    organisation_update,
    person_export,
    person_update,
    zone_sync_from_file,
)
from hetao.zone.models import IdentityDocument, Organisation, OrganisationIdentifier, Park, Person
from tests.factories.people import make_affiliation, make_organisation, make_person

VALID_USCC = "91350100M000100Y43"


def _write_zone(tmp_path: Path, parks: str) -> Path:
    path = tmp_path / "zone.toml"
    path.write_text(
        '[zone]\ncode = "TWIN"\nname_en = "Twin Zone"\nname_hans = "双区"\nname_hant = "雙區"\n'
        'short_en = "Twin"\nshort_hans = "双"\nshort_hant = "雙"\n' + parks,
        encoding="utf-8",
    )
    return path


def test_zone_sync_loads_hetao_parks(zone):
    parks = {p.code: (p.currency, p.jurisdiction, str(p.area_ha)) for p in Park.objects.all()}
    assert parks == {"SZ": ("CNY", "CN", "302.00"), "HK": ("HKD", "HK", "87.00")}
    assert zone.name_hant == "河套深港科技創新合作區"


def test_zone_sync_second_run_changes_nothing(zone):
    before = AuditEvent.objects.count()
    result = zone_sync_from_file(path=Path(__file__).parents[3] / "src/hetao/zones/hetao.toml")
    assert result.created_parks == []
    assert result.updated_parks == []
    assert AuditEvent.objects.count() == before


def test_zone_sync_other_zone_by_configuration(db, tmp_path):
    path = _write_zone(
        tmp_path,
        '[[parks]]\ncode = "ZH"\nname_en = "Zhuhai"\nname_hans = "珠海"\nname_hant = "珠海"\n'
        'jurisdiction = "CN"\ncurrency = "CNY"\narea_ha = "50"\n'
        '[[parks]]\ncode = "MO"\nname_en = "Macao"\nname_hans = "澳门"\nname_hant = "澳門"\n'
        'jurisdiction = "MO"\ncurrency = "MOP"\narea_ha = "12.5"\n',
    )
    result = zone_sync_from_file(path=path)
    assert sorted(result.created_parks) == ["MO", "ZH"]
    assert Park.objects.get(code="MO").currency == "MOP"


def test_zone_sync_bad_file_lists_every_problem_and_writes_nothing(db, tmp_path):
    path = _write_zone(
        tmp_path,
        '[[parks]]\ncode = "A"\nname_en = "A"\nname_hans = "甲"\nname_hant = "甲"\n'
        'jurisdiction = "XX"\ncurrency = "ABC"\narea_ha = "-1"\n',
    )
    with pytest.raises(ValidationFailed) as excinfo:
        zone_sync_from_file(path=path)
    codes = sorted(p.code for p in excinfo.value.problems)
    assert codes == ["invalid_area", "too_few_parks", "unknown_currency", "unknown_jurisdiction"]
    assert Park.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_organisation_create_stores_canonical_uscc(zone, sz_park):
    org = make_organisation(park=sz_park, identifiers={"cn_uscc": "91350100m000100y43"})
    assert list(org.identifiers.values_list("kind", "value")) == [("cn_uscc", VALID_USCC)]
    assert AuditEvent.objects.filter(action="organisation.create", object_id=str(org.pk)).count() == 1


def test_organisation_create_wrong_check_character_names_it(zone, sz_park):
    with pytest.raises(ValidationFailed) as excinfo:
        make_organisation(park=sz_park, identifiers={"cn_uscc": "91350100M000100Y44"})
    problem = excinfo.value.problems[0]
    assert (problem.field, problem.code) == ("identifiers.cn_uscc", "identifier_check_character")
    assert "18" in problem.message
    assert "'3'" in problem.message
    assert Organisation.objects.count() == 0


def test_organisation_create_duplicate_identifier_refused(zone, sz_park):
    first = make_organisation(park=sz_park, identifiers={"cn_uscc": VALID_USCC})
    with pytest.raises(ValidationFailed) as excinfo:
        make_organisation(park=sz_park, identifiers={"cn_uscc": VALID_USCC})
    assert excinfo.value.problems[0].code == "identifier_taken"
    assert first.name_en in excinfo.value.problems[0].message
    assert OrganisationIdentifier.objects.count() == 1


def test_organisation_in_park_must_share_its_jurisdiction(zone, hk_park):
    with pytest.raises(ValidationFailed) as excinfo:
        make_organisation(park=hk_park, country="CN")
    assert excinfo.value.problems[0].code == "country_park_mismatch"


def test_organisation_update_stale_version_conflict(zone, hk_park):
    org = make_organisation(park=hk_park, name_en="Old Name")
    organisation_update(actor=None, organisation=org, expected_version=1, name_en="New Name")
    with pytest.raises(Conflict) as excinfo:
        organisation_update(actor=None, organisation=org, expected_version=1, name_en="Lost Update")
    assert excinfo.value.code == "stale_version"
    assert Organisation.objects.get(pk=org.pk).name_en == "New Name"


def test_organisation_update_records_before_and_after(zone, hk_park):
    org = make_organisation(park=hk_park, name_en="Old Name")
    organisation_update(actor=None, organisation=org, name_en="New Name")
    event = AuditEvent.objects.filter(action="organisation.update").get()
    assert event.payload["changed"] == {"name_en": "New Name"}
    assert event.payload["before"] == {"name_en": "Old Name"}


def test_person_create_requires_chinese_characters_for_chinese_romanisation(db):
    with pytest.raises(ValidationFailed) as excinfo:
        make_person(family_name_hans="", given_name_hans="", family_name_hant="", given_name_hant="")
    assert [p.code for p in excinfo.value.problems] == ["chinese_name_required"]
    assert Person.objects.count() == 0


def test_person_update_stale_version_conflict(db):
    person = make_person()
    person_update(actor=None, person=person, expected_version=1, english_name="Peter")
    with pytest.raises(Conflict):
        person_update(actor=None, person=person, expected_version=1, english_name="Paul")
    assert Person.objects.get(pk=person.pk).english_name == "Peter"


def test_identity_document_encrypted_masked_and_hashed(db):
    person = make_person()
    doc = identity_document_add(actor=None, person=person, kind="hkid", number="a123456(3)")
    assert doc.number_masked == "A123***(3)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT number_encrypted, number_lookup FROM zone_identitydocument WHERE id = %s", [doc.pk])
        encrypted, lookup = cursor.fetchone()
    assert "A1234563" not in encrypted
    assert "A1234563" not in lookup
    assert identity_document_number(actor=None, document=doc, reason="test") == "A1234563"
    payloads = " ".join(str(e.payload) for e in AuditEvent.objects.all())
    assert "A1234563" not in payloads


def test_identity_document_held_by_another_person_refused(db):
    first = make_person()
    second = make_person(family_name_latin="Wong", family_name_hant="黃", family_name_hans="黄")
    identity_document_add(actor=None, person=first, kind="cn_ric", number="11010519491231002X")
    with pytest.raises(Conflict) as excinfo:
        identity_document_add(actor=None, person=second, kind="cn_ric", number="11010519491231002x")
    assert excinfo.value.code == "document_held_by_another"
    assert IdentityDocument.objects.count() == 1


def test_identity_document_bad_birth_date_refused(db):
    person = make_person()
    with pytest.raises(DomainError) as excinfo:
        identity_document_add(actor=None, person=person, kind="cn_ric", number="110105194913310021")
    assert excinfo.value.field == "number"
    assert IdentityDocument.objects.count() == 0


def test_person_export_holds_everything(zone, hk_park):
    org = make_organisation(park=hk_park, name_en="HKUST")
    person = make_person(birth_date=date(1980, 5, 17))
    make_affiliation(person, org, start=date(2019, 9, 1), title="Professor")
    identity_document_add(actor=None, person=person, kind="hkid", number="A123456(3)")
    data = person_export(actor=None, person=person)
    assert data["person"]["family_name_hant"] == "陳"
    assert data["person"]["birth_date"] == "1980-05-17"
    assert data["affiliations"] == [
        {"organisation": "HKUST", "title": "Professor", "from": "2019-09-01", "until": None, "primary": False}
    ]
    assert data["identity_documents"][0]["number"] == "A1234563"
    assert {p["category"] for p in data["purposes_and_legal_bases"]} >= {"identity", "identity_document"}
    assert [h["action"] for h in data["history"]] == ["person.create"]
    assert AuditEvent.objects.filter(action="person.export").count() == 1
    assert ledger_verify().ok is True
