"""The BibTeX reader: entries, values, macros, LaTeX to Unicode, names, comments and error recovery."""

from __future__ import annotations

from hetao.experts.domain.bibtex import latex_to_unicode, name_as_printed, normalise_doi, parse, split_names


def test_parse_article_and_inproceedings_with_braces_and_quotes():
    text = """
@article{chan2020,
  title = {Quantum {Error} Correction},
  author = "Chan, Tai Man and Li Wei",
  year = 2020,
  journal = {Physical Review Letters},
}
@InProceedings{li2019, title="Chiplets", year="2019", booktitle={DAC}}
"""
    result = parse(text)

    assert [(e.entry_type, e.key, e.line, e.number) for e in result.entries] == [
        ("article", "chan2020", 2, 1),
        ("inproceedings", "li2019", 8, 2),
    ]
    first = result.entries[0]
    assert first.fields["title"] == "Quantum {Error} Correction"
    assert first.text("title") == "Quantum Error Correction"
    assert first.fields["year"] == "2020"
    assert first.authors() == ["Tai Man Chan", "Li Wei"]
    assert result.entries[1].text("booktitle") == "DAC"
    assert (result.errors, result.warnings) == ([], [])


def test_parse_nested_braces_keep_inner_groups_and_quotes_inside_braces():
    result = parse('@misc{k, title = {A {B {C "D"} E} F}, note = "x {"} y"}')

    assert result.entries[0].fields["title"] == 'A {B {C "D"} E} F'
    assert result.entries[0].fields["note"] == 'x {"} y'


def test_parse_parentheses_delimit_an_entry():
    result = parse("@article(key, title = {In parentheses}, year = 2001)")

    assert (result.entries[0].key, result.entries[0].text("title")) == ("key", "In parentheses")


def test_string_macros_concatenation_and_months():
    text = """
@string{ieee = "IEEE"}
@STRING(tcas = ieee # " Transactions on Circuits and Systems")
@article{k, journal = tcas # { I}, month = sep, year = 2018, title = "T" # 1}
"""
    entry = parse(text).entries[0]

    assert entry.text("journal") == "IEEE Transactions on Circuits and Systems I"
    assert entry.fields["month"] == "September"
    assert entry.fields["title"] == "T1"


def test_undefined_macro_is_empty_with_a_warning():
    result = parse("@article{k, journal = nosuch, title = {T}}")

    assert result.entries[0].fields["journal"] == ""
    assert [(w.code, w.line, w.number, w.key, w.params) for w in result.warnings] == [
        ("undefined_macro", 1, 1, "k", {"macro": "nosuch"})
    ]


def test_repeated_field_keeps_the_first_with_a_warning():
    result = parse("@article{k, title = {First}, TITLE = {Second}}")

    assert result.entries[0].fields["title"] == "First"
    assert [w.code for w in result.warnings] == ["repeated_field"]


def test_comments_preamble_and_text_outside_entries_are_ignored():
    text = """
This file was exported on 2024-01-01 by someone@example.org.
% @article{commented, title = {Not an entry}}
@comment{ @article{inside, title={Not either}} }
@preamble{ "\\newcommand{\\noop}[1]{}" }
@article{real, title = {Real}, % a comment between fields
  year = 2020}
"""
    result = parse(text)

    assert [e.key for e in result.entries] == ["real"]
    assert result.errors == []


def test_latex_accents_in_every_form_become_unicode():
    assert latex_to_unicode(r"M{\"u}ller and M\"uller and M\"{u}ller") == "Müller and Müller and Müller"
    assert latex_to_unicode(r"Jos\'e Garc{\'\i}a \`a la \^ete") == "José García à la ête"
    assert latex_to_unicode(r"{\o}ster {\O} \aa{}ngstr\"om {\ss} {\ae} {\oe} {\l} {\L}") == "øster Ø ångström ß æ œ ł Ł"
    # As in LaTeX, the space after a command word only ends the word.
    assert latex_to_unicode(r"Stra\ss e \AE sir") == "Straße Æsir"
    assert latex_to_unicode(r"\c{c}a \v{s}\v{C} \H{o} \k{a} \r{u} \~n \={a} \.z \u{g}") == "ça šČ ő ą ů ñ ā ż ğ"


def test_latex_commands_escapes_dashes_and_math():
    assert latex_to_unicode(r"\emph{Deep} \textbf{learning} 50\% R\&D \$5") == "Deep learning 50% R&D $5"
    assert latex_to_unicode(r"pages 1--10 --- a $\alpha$-helix at ~4 $\mu$m") == "pages 1–10 — a α-helix at 4 μm"
    assert latex_to_unicode("{{DNA}}  origami\n  folding") == "DNA origami folding"


def test_utf8_chinese_passes_through_unchanged():
    entry = parse("@article{zh, title = {量子纠错研究}, author = {陈大文 and 張偉 and 李, 小龙}}").entries[0]

    assert entry.text("title") == "量子纠错研究"
    assert entry.authors() == ["陈大文", "張偉", "李小龙"]


def test_names_in_last_first_first_last_and_jr_forms():
    assert split_names("Knuth, Donald E. and Ludwig van Beethoven and King, Jr, Martin Luther") == [
        "Donald E. Knuth",
        "Ludwig van Beethoven",
        "Martin Luther King, Jr",
    ]
    assert split_names("{Barnes and Noble, Inc.} and Chan, Tai-man and others") == [
        "Barnes and Noble, Inc.",
        "Tai-man Chan",
    ]
    assert split_names('M{\\"u}ller, J{\\"o}rg AND Smith,  John') == ["Jörg Müller", "John Smith"]
    assert split_names("") == []


def test_name_as_printed_keeps_a_single_part():
    assert name_as_printed("CHAN Tai Man") == "CHAN Tai Man"


def test_malformed_entry_is_reported_and_the_next_one_still_read():
    text = """@article{good1, title = {One}, year = 2020}
@article{bad, title = {Unclosed {x}, year = 2020,
  journal = {J}}
@article{good2, title = {Two}, year = 2021}
@article{bad2, title = {Three} year = 2021}
@article{bad3, title = {Four}, year = 2022
@book{good3, title = {Five}}
"""
    result = parse(text)

    assert [(e.key, e.number, e.line) for e in result.entries] == [("good1", 1, 1), ("good2", 3, 4), ("good3", 6, 7)]
    assert [(p.code, p.line, p.number, p.key) for p in result.errors] == [
        ("unclosed_entry", 2, 2, "bad"),
        ("comma_expected", 5, 4, "bad2"),
        ("unclosed_entry", 6, 5, "bad3"),
    ]


def test_missing_equals_and_missing_value_are_errors():
    result = parse("@article{a, title {T}}\n@article{b, title = ,}\n")

    assert [(p.code, p.line, p.key) for p in result.errors] == [("equals_expected", 1, "a"), ("value_expected", 2, "b")]


def test_entry_without_fields_and_crlf_line_endings():
    result = parse("@misc{empty}\r\n\r\n@misc{x,\r\n title={T}}\r\n")

    assert [(e.key, e.line, e.fields) for e in result.entries] == [("empty", 1, {}), ("x", 3, {"title": "T"})]


def test_normalise_doi_strips_resolvers_and_folds_case():
    assert normalise_doi(" https://doi.org/10.1038/NATURE123 ") == "10.1038/nature123"
    assert normalise_doi("doi:10.1000/ABC") == "10.1000/abc"
    assert normalise_doi("") == ""


def test_value_still_open_at_the_next_entry_or_the_end_is_unbalanced():
    result = parse(
        '@article{a, title = {never closed\n@article{b, title = "open\n@article{c, title = {C}}\n@misc{d, note={x'
    )

    assert [e.key for e in result.entries] == ["c"]
    assert [(p.code, p.line, p.key) for p in result.errors] == [
        ("unbalanced_braces", 1, "a"),
        ("unterminated_quote", 2, "b"),
        ("unbalanced_braces", 4, "d"),
    ]
