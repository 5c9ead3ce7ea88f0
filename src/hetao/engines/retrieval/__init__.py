"""Retrieval engine: how well two texts match, across English, Simplified and Traditional Chinese.

Framework-free. Used for the affinity of proposals and reviewers, and meant for other matching of the same kind
(an enterprise's need and a research result).

Text to terms (:func:`tokenize`): NFKC, OpenCC Traditional-to-Simplified, case folding; Han runs segmented by
jieba and English words lightly stemmed, stop words removed. 機器學習 and 机器学习 give the same terms, as do
"imaging" and "images". A :class:`Profile` holds free texts and keywords; a keyword of several words counts as its
words and also as one phrase term, found again wherever those words occur in that order in another profile's
texts or keywords, in either script.

:func:`affinity_matrix` (queries x documents, e.g. proposals x reviewers) is the cosine of BM25-weighted term
vectors. For a profile p and term t::

    w(t, p) = idf(t) * ( tf(t,p) * (k1 + 1) / (tf(t,p) + k1 * (1 - b + b * len(p) / avglen))
                         + keyword_weight * [t is among p's keyword terms] )

with tf the count in p's texts, len(p) the number of words in them, avglen the mean over the non-empty profiles
on the same side (queries or documents, so that long reviewer profiles are compared with each other),
k1 = 1.2, b = 0.75, and idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) over all N query and document profiles of
the call. The affinity of q and d is w(q) . w(d) / (|w(q)| |w(d)|): every weight is non-negative, so it lies in
[0, 1]; 1 means the same weighted terms in the same proportions (a profile with itself), 0 no term in common
(always the case for a profile with no terms, whose row or column is all zeros). Values are comparable across
the whole matrix of one call, not between calls with other profiles (idf and avglen depend on them). The result
depends only on the inputs: permuting the queries or the documents permutes the rows or columns.

:class:`Bm25Index` ranks a fixed set of documents against queries with classic Okapi BM25, optionally divided by
the query's highest achievable score (see its docstring).
"""

from hetao.engines.retrieval._affinity import affinity_matrix
from hetao.engines.retrieval._bm25 import Bm25Index
from hetao.engines.retrieval._model import DEFAULT_KEYWORD_WEIGHT, Profile
from hetao.engines.retrieval._text import normalise, tokenize

__all__ = ["DEFAULT_KEYWORD_WEIGHT", "Bm25Index", "Profile", "affinity_matrix", "normalise", "tokenize"]
