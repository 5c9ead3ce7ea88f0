"""``hetao names``: compare, screen and import-list print JSON."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from hetao.screening.models import ScreeningList, ScreeningRun
from tests.screening.factories import csv_bytes, make_list_with


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("names", *args, stdout=out)
    return json.loads(out.getvalue())


def test_names_compare_prints_score_and_explanation():
    data = _run("compare", "张伟", "CHEUNG Wai")

    assert set(data) == {"name1", "name2", "score", "same_name", "threshold", "explanation"}
    assert (data["name1"], data["name2"], data["same_name"]) == ("张伟", "CHEUNG Wai", True)
    assert data["score"] >= data["threshold"]
    assert "Cheung" in data["explanation"] or "CHEUNG" in data["explanation"]


def test_names_compare_different_characters_are_not_the_same_name():
    data = _run("compare", "张伟", "章伟")

    assert data["same_name"] is False


@pytest.mark.django_db
def test_names_screen_prints_matches_and_stores_the_run():
    report = make_list_with("Chan Tai Man,,person,,HK,HK-001,Export control")

    data = _run("screen", "陳大文", "--birth-date", "1970-03-02")

    run = ScreeningRun.objects.get()
    assert (data["run"], data["name"], data["birth_date"], data["versions"]) == (
        run.pk,
        "陳大文",
        "1970-03-02",
        [report.version.pk],
    )
    assert [(m["list"], m["version"], m["source_id"], m["name"], m["status"]) for m in data["matches"]] == [
        ("Test sanctions", "v1", "HK-001", "Chan Tai Man", "open")
    ]
    assert data["matches"][0]["explanation"] != ""


@pytest.mark.django_db
def test_names_import_list_creates_the_list_and_a_version(tmp_path):
    path = tmp_path / "watch.csv"
    path.write_bytes(csv_bytes("Chan Tai Man,,person,,HK,W-1,", "Acme Ltd,,organisation,,CN,W-2,"))

    data = _run("import-list", "--list", "Internal watch", "--format", "csv", str(path), "--version", "2025-06")

    assert data | {"sha256": "-", "version_id": 0} == {
        "list": "Internal watch",
        "list_created": True,
        "version": "2025-06",
        "version_id": 0,
        "sha256": "-",
        "entries": 2,
        "persons": 1,
        "organisations": 1,
        "skipped": {},
        "replaces": None,
    }
    assert ScreeningList.objects.get().kind == "sanctions"
