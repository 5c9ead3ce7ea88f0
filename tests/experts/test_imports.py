"""Publication imports from BibTeX and CSV: created, skipped duplicates, per-record errors, atomicity."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from hetao.audit.models import AuditEvent
from hetao.core.errors import DomainError, ValidationFailed
from hetao.experts.domain.services import publication_add, publications_import
from hetao.experts.models import Publication
from tests.experts.factories import make_expert

pytestmark = pytest.mark.django_db

BIBTEX = r"""
@string{prl = "Physical Review Letters"}
% exported from a reference manager
@article{chan2021,
  author = {Chan, Tai Man and M{\"u}ller, J{\"o}rg and 李伟},
  title = {Surface codes on {superconducting} qubits},
  journal = prl,
  year = 2021,
  doi = {10.1103/PhysRevLett.1.1},
  abstract = {We show that...},
}
@inproceedings{nodate,
  title = {A paper without a year},
  booktitle = {QIP},
}
@inproceedings{chan2019,
  author = "Chan, Tai-man and Wong, Siu Ming",
  title = "Qubits " # "at scale",
  booktitle = {QIP},
  year = {2019},
  url = {https://doi.org/10.5555/QIP.2019},
}
@article{again,
  title = {Surface Codes on Superconducting Qubits.},
  year = 2021,
}
"""


def _import(expert, text: str, file_format: str = "bibtex"):
    return publications_import(actor=None, expert=expert, data=text.encode(), file_format=file_format)


def test_bibtex_import_creates_valid_records_and_reports_the_others():
    expert = make_expert()

    report = _import(expert, BIBTEX)

    assert [(p.title, p.year, p.venue, p.doi, p.source, p.source_key) for p in report.created] == [
        (
            "Surface codes on superconducting qubits",
            2021,
            "Physical Review Letters",
            "10.1103/physrevlett.1.1",
            "bibtex",
            "chan2021",
        ),
        ("Qubits at scale", 2019, "QIP", "10.5555/qip.2019", "bibtex", "chan2019"),
    ]
    assert report.created[0].authors == ["Tai Man Chan", "Jörg Müller", "李伟"]
    assert report.created[0].abstract == "We show that..."
    assert [e.message for e in report.errors] == ["Entry 2 (nodate), line 12: Give the year of publication."]
    assert [(s.key, s.reason, s.existing, s.line) for s in report.skipped] == [("again", "title_year", None, 23)]
    assert (
        report.skipped[0].message
        == "Entry 4 (again), line 23: the same publication appears earlier in this file; skipped."
    )
    assert Publication.objects.filter(expert=expert).count() == 2
    event = AuditEvent.objects.order_by("-sequence").first()
    assert (event.action, event.payload["created"], event.payload["errors"]) == (
        "publication.import",
        [p.pk for p in report.created],
        1,
    )


def test_bibtex_import_again_skips_everything_already_listed():
    expert = make_expert()
    first = _import(expert, BIBTEX)

    second = _import(expert, BIBTEX)

    assert second.created == []
    assert [(s.key, s.reason, s.existing) for s in second.skipped] == [
        ("chan2021", "doi", first.created[0]),
        ("chan2019", "doi", first.created[1]),
        ("again", "title_year", first.created[0]),
    ]
    assert Publication.objects.count() == 2


def test_bibtex_syntax_errors_are_reported_with_entry_and_line():
    expert = make_expert()

    report = _import(expert, "@article{ok, title={One}, year=2020}\n@article{broken, title={Two} year=2021}\n")

    assert [p.title for p in report.created] == ["One"]
    assert [e.message for e in report.errors] == [
        "Entry 2 (broken), line 2: ',' expected after the key or a field, found y."
    ]


def test_unreadable_files_import_nothing():
    expert = make_expert()

    with pytest.raises(ValidationFailed) as no_entries:
        _import(expert, "just some text, no entries")
    with pytest.raises(ValidationFailed) as not_utf8:
        publications_import(actor=None, expert=expert, data="Müller".encode("latin-1"), file_format="bibtex")
    with pytest.raises(ValidationFailed) as no_columns:
        _import(expert, "name,year\nx,2020\n", "csv")
    with pytest.raises(DomainError) as unknown_format:
        _import(expert, "x", "ris")

    assert [(p.field, p.code) for p in no_entries.value.problems] == [("file", "no_entries")]
    assert [(p.field, p.code) for p in not_utf8.value.problems] == [("file", "not_utf8")]
    assert [(p.field, p.code) for p in no_columns.value.problems] == [("file", "missing_columns")]
    assert unknown_format.value.code == "unknown_format"
    assert Publication.objects.count() == 0


def test_csv_import_with_bom_semicolon_authors_and_row_errors():
    expert = make_expert()
    text = (
        "\ufeffTitle,Abstract,Year,Venue,DOI,Authors,Notes\n"
        '"Chiplets, interconnects",Abstract one,2022,DAC,10.1000/ABC,"陈大文; Li Wei ;"\n'
        ",no title,2020,,,\n"
        "\n"
        '"Multi-line\nabstract title",x,20x1,,,\n'
        "Third,,2019,,not-a-doi,\n"
        "Fourth,,2018,,,A;B,extra,too many\n"
        '"chiplets interconnects",,2022,,,\n'
    )

    report = _import(expert, text, "csv")

    assert [(p.title, p.year, p.venue, p.doi, p.authors, p.source) for p in report.created] == [
        ("Chiplets, interconnects", 2022, "DAC", "10.1000/abc", ["陈大文", "Li Wei"], "csv")
    ]
    assert [e.message for e in report.errors] == [
        "Line 3: Give the title.",
        "Line 5: 20x1 is not a year between 1900 and 2100.",
        "Line 7: not-a-doi is not a DOI (10.xxxx/…).",
        "Line 8: 8 values, but the header has 7 columns.",
    ]
    assert [(s.line, s.reason) for s in report.skipped] == [(9, "title_year")]
    assert [w.code for w in report.warnings] == ["unknown_columns"]


def test_csv_import_skips_an_existing_doi():
    expert = make_expert()
    existing = publication_add(actor=None, expert=expert, title="Old", year=2010, doi="10.1000/abc")

    report = _import(expert, "title,year,doi\nNew title,2022,https://doi.org/10.1000/ABC\n", "csv")

    assert report.created == []
    assert [(s.reason, s.existing, s.message) for s in report.skipped] == [
        ("doi", existing, "Line 2: already listed with the DOI 10.1000/abc; skipped.")
    ]


def test_import_is_atomic_when_storing_fails(monkeypatch):
    expert = make_expert()
    saved = []
    original_save = Publication.save

    def failing_save(self, *args, **kwargs):
        if len(saved) == 1:
            raise IntegrityError("disk full")
        original_save(self, *args, **kwargs)
        saved.append(self.pk)

    monkeypatch.setattr(Publication, "save", failing_save)

    with pytest.raises(IntegrityError):
        _import(expert, "title,year\nOne,2020\nTwo,2021\n", "csv")

    assert saved != []
    assert Publication.objects.count() == 0
    assert not AuditEvent.objects.filter(action="publication.import").exists()
