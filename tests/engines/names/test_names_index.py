"""NameIndex: search, birth dates, add/remove, save/load."""

import datetime as dt
from pathlib import Path

import pytest

from hetao.engines.names import NameIndex, NameRecord


def _index() -> NameIndex:
    return NameIndex.build(
        [
            NameRecord("p1", ("張偉",)),
            NameRecord("p2", ("Peter CHAN Tai-man", "陳大文"), birth_date=dt.date(1980, 1, 1)),
            NameRecord("p3", ("章伟",)),
            NameRecord("p4", ("Chan Siu Ming",)),
        ]
    )


def test_search_romanised_query_finds_characters() -> None:
    results = _index().search("Cheung Wai")
    assert [(c.record_id, c.score, c.matched_name) for c in results] == [("p1", 1.0, "張偉"), ("p3", 1.0, "章伟")]


def test_search_characters_query_compares_characters() -> None:
    results = _index().search("张伟")
    assert [(c.record_id, c.score) for c in results] == [("p1", 1.0)]
    assert results[0].explanation == "Simplified 张伟 = Traditional 張偉 -> Simplified 张伟 (same characters)"


def test_search_initials_find_full_names() -> None:
    assert [(c.record_id, c.score) for c in _index().search("T. M. Chan")] == [("p2", 0.9)]


def test_search_differing_birth_date_lowers_score() -> None:
    assert [(c.record_id, c.score) for c in _index().search("陈大文", birth_date=dt.date(1980, 1, 1))] == [("p2", 1.0)]
    assert _index().search("陈大文", birth_date=dt.date(1990, 1, 1)) == []
    assert [c.score for c in _index().search("陈大文", birth_date=dt.date(1990, 1, 1), threshold=0.5)] == [0.8]


def test_search_k_limits_results() -> None:
    assert [c.record_id for c in _index().search("Cheung Wai", k=1)] == ["p1"]


def test_add_and_remove_without_rebuild() -> None:
    index = _index()
    index.add([NameRecord("p5", ("Zhang Wei",))])
    assert len(index) == 5
    # A record known only in pinyin is compared through the query's readings.
    assert [c.record_id for c in index.search("张伟")] == ["p1", "p5"]
    assert [c.record_id for c in index.search("Zhang Wei")] == ["p1", "p3", "p5"]
    index.remove(["p1", "p5"])
    assert len(index) == 3
    assert [c.record_id for c in index.search("Zhang Wei")] == ["p3"]


def test_remove_unknown_id_raises() -> None:
    with pytest.raises(KeyError):
        _index().remove(["nobody"])


def test_save_load_round_trip(tmp_path: Path) -> None:
    index = _index()
    index.remove(["p3"])
    path = tmp_path / "names.idx"
    index.save(path)
    loaded = NameIndex.load(path)
    assert len(loaded) == 3
    assert loaded.search("Cheung Wai") == index.search("Cheung Wai")
    loaded.add([NameRecord("p6", ("CHEUNG Wai",))])
    assert [c.record_id for c in loaded.search("Cheung Wai")] == ["p1", "p6"]


def test_load_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "other.bin"
    path.write_bytes(b"something else\n")
    with pytest.raises(ValueError, match="not a saved name index"):
        NameIndex.load(path)


def test_search_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="k must be"):
        _index().search("Chan", k=0)


# Regression tests for the misses measured by benchmarks/bench_names_index.py (issue 3).


def test_search_bridges_romanisation_systems() -> None:
    index = NameIndex.build([NameRecord("hk", ("WONG Ka Wah",)), NameRecord("py", ("Ting Zhang",))])
    assert [c.record_id for c in index.search("HUANG JIAHUA")] == ["hk"]
    assert [c.record_id for c in index.search("CHEUNG TING")] == ["py"]


def test_search_single_initial_finds_one_word_pinyin_given_name(tmp_path: Path) -> None:
    index = NameIndex.build([NameRecord("y", ("Zhang Yimin",)), NameRecord("z", ("张欣英",))])
    assert [(c.record_id, c.score) for c in index.search("Zhang Y.")] == [("y", 0.9)]
    assert [c.record_id for c in index.search("X. Zhang")] == ["z"]
    path = tmp_path / "names.idx"
    index.save(path)
    assert [c.record_id for c in NameIndex.load(path).search("Zhang Y.")] == ["y"]


def test_search_scores_a_bounded_number_of_candidates() -> None:
    from hetao.engines.names import _index
    from hetao.engines.names._compare import prepare

    records = [NameRecord(f"w{i:04}", ("WANG Ming",)) for i in range(_index.MAX_CANDIDATES + 100)]
    records.append(NameRecord("exact", ("王明",)))
    index = NameIndex.build(records)
    assert len(index._candidates(prepare("Wang Ming").compact)) <= _index.MAX_CANDIDATES
    results = index.search("Wang Ming", k=5)
    assert len(results) == 5
    assert all(c.score == 1.0 for c in results)


def test_build_and_load_freeze_the_garbage_collector(tmp_path: Path) -> None:
    import gc

    gc.unfreeze()
    index = NameIndex.build([NameRecord("a", ("Chan Tai Man",))])
    assert gc.get_freeze_count() > 0
    path = tmp_path / "names.idx"
    index.save(path)
    gc.unfreeze()
    NameIndex.load(path)
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_bounded_candidates_keep_the_record_with_the_birth_date() -> None:
    from hetao.engines.names import _index

    records = [
        NameRecord(f"w{i:04}", ("WANG Ming",), birth_date=dt.date(1970, 1, 1))
        for i in range(_index.MAX_CANDIDATES + 50)
    ]
    records.append(NameRecord("zz-born-1990", ("WANG Ming",), birth_date=dt.date(1990, 5, 5)))
    results = NameIndex.build(records).search("Wang Ming", k=1, birth_date=dt.date(1990, 5, 5))
    assert [(c.record_id, c.score) for c in results] == [("zz-born-1990", 1.0)]


def test_build_does_not_fill_the_shared_parse_cache() -> None:
    from hetao.engines.names._compare import prepare_text

    prepare_text.cache_clear()
    NameIndex.build([NameRecord(f"r{i}", (f"Chan Tai Man {i}",)) for i in range(50)])
    assert prepare_text.cache_info().currsize == 0
