"""Importing screening lists: CSV with every bad row reported, FollowTheMoney entities, versions."""

from __future__ import annotations

import hashlib

import pytest

from hetao.audit.domain.selectors import ledger_verify
from hetao.audit.models import AuditEvent
from hetao.core.errors import DomainError, ValidationFailed
from hetao.screening.domain.services import screening_list_import, screening_version_activate
from hetao.screening.models import ScreeningEntry, ScreeningListVersion
from tests.screening.factories import csv_bytes, ftm_line, import_csv, make_list

pytestmark = pytest.mark.django_db


def test_csv_import_stores_every_column():
    screening_list = make_list()

    report = import_csv(
        screening_list,
        "Chan Tai Man,陳大文;CHAN Tai-man,person,1970-03-02,HK;GB,HK-001,Export control breach",
        "Acme Trading Limited,Acme Ltd,organisation,,CN,HK-002,",
    )

    entries = ScreeningEntry.objects.filter(version=report.version).order_by("source_id")
    assert [(e.source_id, e.entity_kind, e.name, e.aliases, e.birth_dates, e.countries, e.reason) for e in entries] == [
        (
            "HK-001",
            "person",
            "Chan Tai Man",
            ["陳大文", "CHAN Tai-man"],
            ["1970-03-02"],
            ["HK", "GB"],
            "Export control breach",
        ),
        ("HK-002", "organisation", "Acme Trading Limited", ["Acme Ltd"], [], ["CN"], ""),
    ]
    assert (report.persons, report.organisations, report.version.entry_count) == (1, 1, 2)
    assert (
        report.version.source_sha256
        == hashlib.sha256(
            csv_bytes(
                "Chan Tai Man,陳大文;CHAN Tai-man,person,1970-03-02,HK;GB,HK-001,Export control breach",
                "Acme Trading Limited,Acme Ltd,organisation,,CN,HK-002,",
            )
        ).hexdigest()
    )
    assert (report.version.label, report.version.is_active, report.version.source_file_name) == ("v1", True, "list.csv")


def test_csv_import_with_bad_rows_imports_nothing_and_names_every_line():
    screening_list = make_list()

    with pytest.raises(ValidationFailed) as caught:
        import_csv(
            screening_list,
            "Chan Tai Man,,person,1970-03-02,HK,HK-001,",
            ",,person,,,HK-002,",
            "Wong Siu Ming,,robot,1970-13-45,HKG,HK-003,",
            "Lee Ka Fai,,person,,H1,HK-001,",
        )

    assert [(p.field, p.code, p.message) for p in caught.value.problems] == [
        ("file", "bad_row", "Line 3: the name is empty."),
        ("file", "bad_row", "Line 4: unknown kind robot; use person or organisation."),
        ("file", "bad_row", "Line 4: the date of birth 1970-13-45 is not a date (YYYY-MM-DD, YYYY-MM or YYYY)."),
        ("file", "bad_row", "Line 5: H1 is not an ISO 3166-1 country code."),
    ]
    assert ScreeningListVersion.objects.count() == 0
    assert ScreeningEntry.objects.count() == 0


def test_csv_import_duplicate_source_id_names_both_lines():
    with pytest.raises(ValidationFailed) as caught:
        import_csv(make_list(), "Chan Tai Man,,person,,,X1,", "Lee Ka Fai,,person,,,X1,")

    assert [p.message for p in caught.value.problems] == ["Line 3: the id X1 is already used on line 2."]


def test_csv_import_without_name_column_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        screening_list_import(
            actor=None, screening_list=make_list(), data=b"who,when\nx,y\n", file_format="csv", file_name="x.csv"
        )

    assert [p.message for p in caught.value.problems] == [
        "Line 1: the header row needs a 'name' column (columns: name, aliases, kind, birth_date, country, "
        "source_id, reason).",
        "Line 1: unknown columns who, when (columns: name, aliases, kind, birth_date, country, source_id, reason).",
    ]


def test_ftm_import_keeps_persons_and_organisations_and_counts_skipped_schemata():
    data = "\n".join(
        [
            ftm_line(
                "NK-abc",
                "Person",
                name=["Chan Tai Man"],
                alias=["陳大文"],
                birthDate=["1970-03-02"],
                nationality=["hk"],
                topics=["sanction"],
                passportNumber=["K1234567"],
            ),
            ftm_line("NK-def", "Company", name=["Acme Trading Limited"], country=["cn"], topics=["export.control"]),
            ftm_line("NK-ghi", "LegalEntity", name=["Blue Lotus Holdings"], jurisdiction=["hk"]),
            ftm_line("NK-adr", "Address", full=["1 Queen's Road, Hong Kong"]),
            ftm_line("NK-san", "Sanction", program=["HK export control"]),
            ftm_line("NK-ves", "Vessel", name=["Sea Dragon"]),
            "",
        ]
    ).encode()

    report = screening_list_import(
        actor=None, screening_list=make_list(), data=data, file_format="ftm", file_name="targets.json"
    )

    entries = ScreeningEntry.objects.filter(version=report.version).order_by("source_id")
    assert [
        (e.source_id, e.entity_kind, e.name, e.aliases, e.birth_dates, e.countries, e.identifiers, e.reason)
        for e in entries
    ] == [
        (
            "NK-abc",
            "person",
            "Chan Tai Man",
            ["陳大文"],
            ["1970-03-02"],
            ["HK"],
            {"passportNumber": ["K1234567"]},
            "sanction",
        ),
        ("NK-def", "organisation", "Acme Trading Limited", [], [], ["CN"], {}, "export.control"),
        ("NK-ghi", "organisation", "Blue Lotus Holdings", [], [], ["HK"], {}, ""),
    ]
    assert (report.persons, report.organisations) == (1, 2)
    assert report.skipped_by_kind == {"Address": 1, "Sanction": 1, "Vessel": 1}
    assert (report.version.entry_count, report.version.skipped_count) == (3, 3)


def test_ftm_import_with_broken_lines_imports_nothing():
    data = "\n".join(
        [
            ftm_line("NK-abc", "Person", name=["Chan Tai Man"]),
            "{not json",
            ftm_line("NK-def", "Person", alias=["Nameless"]),
        ]
    ).encode()

    with pytest.raises(ValidationFailed) as caught:
        screening_list_import(actor=None, screening_list=make_list(), data=data, file_format="ftm")

    assert [p.message for p in caught.value.problems] == [
        "Line 2: not valid JSON (Expecting property name enclosed in double quotes).",
        "Line 3: the entity NK-def has no name.",
    ]
    assert ScreeningEntry.objects.count() == 0


def test_new_import_activates_and_keeps_the_older_version():
    screening_list = make_list()
    first = import_csv(screening_list, "Chan Tai Man,,person,,,X1,").version

    second = import_csv(
        screening_list, "Chan Tai Man,,person,,,X1,", "Lee Ka Fai,,person,,,X2,", label="2025-06"
    ).version

    first.refresh_from_db()
    versions = ScreeningListVersion.objects.filter(screening_list=screening_list).order_by("pk")
    assert [(v.label, v.is_active, v.entry_count) for v in versions] == [("v1", False, 1), ("2025-06", True, 2)]
    assert ScreeningEntry.objects.filter(version=first).count() == 1
    assert second.is_active


def test_older_version_can_be_made_active_again():
    screening_list = make_list()
    first = import_csv(screening_list, "Chan Tai Man,,person,,,X1,").version
    import_csv(screening_list, "Lee Ka Fai,,person,,,X2,")

    screening_version_activate(actor=None, version=first)

    active = ScreeningListVersion.objects.filter(screening_list=screening_list, is_active=True)
    assert [v.label for v in active] == ["v1"]


def test_import_label_taken_is_refused():
    screening_list = make_list()
    import_csv(screening_list, "Chan Tai Man,,person,,,X1,", label="2025-06")

    with pytest.raises(DomainError) as caught:
        import_csv(screening_list, "Lee Ka Fai,,person,,,X2,", label="2025-06")

    assert (caught.value.code, caught.value.field) == ("label_taken", "label")


def test_list_changes_are_audited_and_the_ledger_verifies():
    screening_list = make_list()
    first = import_csv(screening_list, "Chan Tai Man,,person,,,X1,").version
    second = import_csv(screening_list, "Lee Ka Fai,,person,,,X2,").version
    screening_version_activate(actor=None, version=first)

    events = AuditEvent.objects.filter(action__startswith="screening_list.").order_by("sequence")
    assert [(e.action, e.object_type, e.object_id) for e in events] == [
        ("screening_list.create", "screening.screeninglist", str(screening_list.pk)),
        ("screening_list.import", "screening.screeninglistversion", str(first.pk)),
        ("screening_list.import", "screening.screeninglistversion", str(second.pk)),
        ("screening_list.activate_version", "screening.screeninglistversion", str(first.pk)),
    ]
    assert events[2].payload["replaces"] == first.pk
    assert events[2].payload["entries"] == 1
    assert ledger_verify().ok
