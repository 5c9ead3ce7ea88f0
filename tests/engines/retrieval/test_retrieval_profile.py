"""Profile: lists become tuples; a bare string, bytes or non-string items are refused with a clear message."""

import pytest

from hetao.engines.retrieval import Profile


def test_profile_stores_tuples_and_is_hashable() -> None:
    profile = Profile(texts=["a", "b"], keywords=["k"], id="R-1")

    assert profile.texts == ("a", "b")
    assert profile.keywords == ("k",)
    assert hash(profile) == hash(Profile(texts=("a", "b"), keywords=("k",), id="R-1"))


def test_profile_rejects_a_bare_string_for_texts() -> None:
    with pytest.raises(ValueError, match=r"Profile.texts must be a sequence of str \(a list or tuple\), got str"):
        Profile(texts="graphene batteries")


def test_profile_rejects_non_string_items() -> None:
    with pytest.raises(ValueError, match=r"Profile.keywords\[1\] must be a str, got int"):
        Profile(texts=[], keywords=["graphene", 3])  # type: ignore[list-item]


def test_profile_rejects_non_string_id() -> None:
    with pytest.raises(ValueError, match=r"Profile\.id must be a str, got int"):
        Profile(texts=[], id=7)  # type: ignore[arg-type]
