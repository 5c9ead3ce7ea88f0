"""Tokenisation: scripts unified, English stemmed, stop words and punctuation gone, always the same result."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hetao.engines.retrieval import normalise, tokenize


def test_tokenize_mixed_english_and_chinese_in_order() -> None:
    tokens = tokenize("Deep learning for medical images: 深度学习与医学影像")

    assert tokens == ["deep", "learn", "medical", "imag", "深度", "学习", "医学影像"]


def test_tokenize_traditional_equals_simplified() -> None:
    simplified = "本项目研究石墨烯纳米材料在锂离子电池中的电化学储能性能。"
    traditional = "本項目研究石墨烯納米材料在鋰離子電池中的電化學儲能性能。"

    expected = ["项目", "研究", "石墨", "烯", "纳米材料", "锂离子", "电池", "电化学", "储能", "性能"]

    assert tokenize(traditional) == tokenize(simplified) == expected


def test_tokenize_hong_kong_variant_characters_are_unified() -> None:
    assert tokenize("綫路") == tokenize("線路") == tokenize("线路")


def test_tokenize_removes_chinese_stop_words_and_punctuation() -> None:
    assert tokenize("的了和是在，。！？《》") == []
    assert tokenize("我們的研究與應用") == ["研究", "应用"]


def test_tokenize_removes_english_stop_words_numbers_and_single_letters() -> None:
    assert tokenize("The results of a study in 2024, and the X of it!") == ["result", "study"]


def test_tokenize_stems_inflections_to_one_term() -> None:
    forms = ["image", "images", "imaging", "imaged"]

    assert {token for form in forms for token in tokenize(form)} == {"imag"}
    assert tokenize("studies studied study") == ["study", "study", "study"]
    assert tokenize("running modelling networks") == ["run", "model", "network"]
    assert tokenize("analysis virus process") == ["analysis", "virus", "process"]


def test_tokenize_full_width_case_and_accents_are_folded() -> None:
    assert tokenize("ＡＩ芯片 Naïve CAFÉ") == tokenize("ai芯片 naive cafe") == ["ai", "芯片", "naiv", "caf"]


def test_tokenize_splits_letters_from_han_and_keeps_alphanumerics() -> None:
    assert tokenize("5G網絡和H2O") == ["5g", "网络", "h2o"]


def test_tokenize_empty_and_blank_text() -> None:
    assert tokenize("") == []
    assert tokenize("  \n\t ") == []


def test_tokenize_is_deterministic() -> None:
    text = "研究粤港澳大湾区跨境贸易的法律问题与仲裁机制 and cross-border arbitration"

    assert [tokenize(text) for _ in range(3)] == [tokenize(text)] * 3


def test_tokenize_rejects_non_string() -> None:
    with pytest.raises(ValueError, match="tokenize\\(\\) takes a str, got list"):
        tokenize(["graphene"])  # type: ignore[arg-type]


def test_normalise_converts_width_script_and_case() -> None:
    assert normalise("ＡＢＣ機器學習") == "abc机器学习"


def test_tokenize_first_use_is_silent_and_warning_free() -> None:
    # jieba logs "Building prefix dict..." to stderr on its own initialisation; ours must not, in a fresh process.
    code = "from hetao.engines.retrieval import tokenize; print(tokenize('我們研究機器學習'))"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src")}

    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, env=env, check=False, timeout=120
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "['研究', '机器', '学习']\n"
