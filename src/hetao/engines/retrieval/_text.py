"""Tokenisation of English and Chinese (Simplified or Traditional) text into comparable terms.

Steps, in order: Unicode NFKC (full-width letters and digits become ASCII, compatibility ideographs become unified
ones), OpenCC ``t2s`` (Traditional to Simplified), case folding. The text is then cut into runs of Han ideographs,
segmented by jieba, and runs of other letters and digits, which are words: accents are removed, numbers and single
letters dropped, stop words removed and the rest lightly stemmed (plural, ``-ing``, ``-ed`` and final ``-e``
removed, a doubled final consonant undoubled, so that "images", "imaging" and "image" all give ``imag``).

jieba is loaded once, lazily, into a private tokenizer built straight from the dictionary it ships: no cache file
is read or written, no user dictionary is used, nothing is logged, and the same text always gives the same tokens.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from functools import lru_cache
from typing import Any

from hetao.engines.retrieval._stopwords import CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A run of Han ideographs, or a run of letters and digits of any other script (``_`` is not a letter).
_RUNS = re.compile(f"([{_HAN}]+)|([^\\W_{_HAN}]+)")
_VOWELS = frozenset("aeiouy")

_jieba_lock = threading.Lock()
_jieba_tokenizer: Any = None


def _segmenter() -> Any:
    """The private jieba tokenizer, built on first use (about a second) and then shared."""
    global _jieba_tokenizer  # noqa: PLW0603 - a lazily built, process-wide, read-only resource
    if _jieba_tokenizer is not None:
        return _jieba_tokenizer
    with _jieba_lock:
        if _jieba_tokenizer is None:
            with warnings.catch_warnings():
                # jieba imports pkg_resources, which newer setuptools deprecate with a warning.
                warnings.simplefilter("ignore")
                import jieba
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            # Built from the packaged dictionary here rather than through Tokenizer.initialize(), which reads and
            # writes a cache file in the shared temporary directory and logs to stderr.
            tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
            tokenizer.initialized = True
            _jieba_tokenizer = tokenizer
    return _jieba_tokenizer


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """NFKC, Traditional to Simplified, case-folded: the form every comparison starts from."""
    return str(_t2s().convert(unicodedata.normalize("NFKC", text))).casefold()


@lru_cache(maxsize=65536)
def _segment_han(run: str) -> tuple[str, ...]:
    words = _segmenter().lcut(run, HMM=True)
    return tuple(word for word in words if word not in CHINESE_STOP_WORDS)


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _has_vowel(stem: str) -> bool:
    return any(c in _VOWELS for c in stem)


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """Light English stemming: inflections removed, so that forms of one word meet; not a linguistic root."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5 and _has_vowel(word[:-3]):
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4 and _has_vowel(word[:-2]):
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS and word[-1] not in "sz":
        word = word[:-1]
    return word


@lru_cache(maxsize=131072)
def _word_token(word: str) -> str | None:
    if not word.isascii():
        word = _strip_accents(word)
    if len(word) < 2 or word.isdigit() or word in ENGLISH_STOP_WORDS:
        return None
    token = stem(word)
    return None if token in ENGLISH_STOP_WORDS else token


def clear_caches() -> None:
    """Forget memoised segmentations and stems (they only save time), e.g. to time a cold run."""
    _segment_han.cache_clear()
    stem.cache_clear()
    _word_token.cache_clear()


def tokenize(text: str) -> list[str]:
    """The terms of a text in English and/or Chinese, in order; Traditional and Simplified give the same terms.

    >>> tokenize("Deep learning for medical images: 深度學習與醫學影像")
    ['deep', 'learn', 'medical', 'imag', '深度', '学习', '医学影像']
    """
    if not isinstance(text, str):
        raise ValueError(f"tokenize() takes a str, got {type(text).__name__}")
    tokens: list[str] = []
    for han, word in _RUNS.findall(normalise(text)):
        if han:
            tokens.extend(_segment_han(han))
        else:
            token = _word_token(word)
            if token is not None:
                tokens.append(token)
    return tokens
