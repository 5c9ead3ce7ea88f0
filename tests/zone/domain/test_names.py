"""Display names by language and the keys directory search matches."""

from __future__ import annotations

from types import SimpleNamespace

from hetao.zone.domain.names import display_name, normalise, person_search_keys


def _person(**over: object) -> SimpleNamespace:
    base: dict[str, object] = dict(  # noqa: C408 - keyword form reads like the model's fields
        family_name_hans="陈",
        given_name_hans="大文",
        family_name_hant="陳",
        given_name_hant="大文",
        family_name_latin="Chan",
        given_name_latin="Tai-man",
        romanisation="hk_gov",
        english_name="",
        other_names=[],
    )
    base.update(over)
    return SimpleNamespace(**base)


def test_display_name_per_language():
    person = _person(english_name="Peter")
    assert display_name(person, "en") == "Peter CHAN Tai-man"
    assert display_name(person, "zh-hans") == "陈大文"
    assert display_name(person, "zh-hant") == "陳大文"


def test_display_name_western_order_for_non_chinese_name():
    person = _person(
        family_name_hans="",
        given_name_hans="",
        family_name_hant="",
        given_name_hant="",
        family_name_latin="Schmidt",
        given_name_latin="Anna",
        romanisation="other",
    )
    assert display_name(person, "en") == "Anna Schmidt"
    assert display_name(person, "zh-hant") == "Anna Schmidt"


def test_normalise_folds_case_width_and_separators():
    assert normalise("CHAN Tai-man") == "chantaiman"
    assert normalise("Ｃｈａｎ　Ｔａｉ") == "chantai"
    assert normalise("Xi'an") == "xian"


def test_search_keys_cover_scripts_orders_and_english_name():
    keys = person_search_keys(_person(english_name="Peter", other_names=["Chen Dawen"]))
    for typed in [
        "陈大文",
        "陳大文",
        "Chan Tai Man",
        "Tai-man CHAN",
        "Peter Chan",
        "Chen Dawen",
        "Dawen Chen",
    ]:
        assert any(normalise(typed) in key for key in keys), typed
