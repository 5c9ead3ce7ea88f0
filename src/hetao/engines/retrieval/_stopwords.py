"""Stop words: function words that say nothing about a text's topic.

English words are compared in their lower-case surface form, before stemming. Chinese words are in Simplified
characters, since every text is converted to Simplified before segmentation.
"""

from __future__ import annotations

_ENGLISH = """
    a about above across after again against all almost along also although always am among an and another any
    are around as at be became because been before being below between both but by can cannot could did do does
    doing done down during each either else etc even ever every few for from further had has have having he her
    here hers herself him himself his how however i if in into is it its itself just last least less like made
    make many may me might more most much must my myself near neither no nor not now of off often on once one only
    onto or other others our ours ourselves out over own per rather same she should since so some such than that
    the their theirs them themselves then there therefore these they this those though through thus to too toward
    towards under until up upon us use used uses using very via was we well were what when where whether which
    while who whom whose why will with within without would yet you your yours yourself yourselves
"""

_CHINESE = """
    的 地 得 了 着 过 和 与 及 或 而 并 且 也 都 就 又 还 在 于 是 为 对 把 被 从 向 由 以 之 其 此 该 这 那 些
    个 之一 等 等等 中 上 下 里 所 将 已 已经 曾 会 能 可 可以 要 应 应该 需 需要 我 你 您 他 她 它 我们 你们 他们
    她们 它们 本 各 每 某 以及 及其 通过 进行 因为 所以 但 但是 然而 如果 虽然 并且 而且 或者 还是 关于 对于 由于
    其中 这些 那些 这个 那个 这种 那种 一个 一种 一些 有些 之间 以上 以下 方面 有 没有 不 很 更 最 非常 如 如何
    什么 哪些 为了 因此 从而 即 则 若 乃 与其 以便 以免 之后 之前 以后 以前 以来 当 时 后 前 来 去 做 让 使 年 月 日
"""

ENGLISH_STOP_WORDS = frozenset(_ENGLISH.split())
CHINESE_STOP_WORDS = frozenset(_CHINESE.split())
