"""An index of person names: candidates by blocking keys, scored on compact forms, explained at the end.

Per record the index keeps only strings: the id, the names joined, and each name's compact form
(:class:`Compact` encoded as one string), plus the birth date as a day number. Blocking keys map to arrays of
record slots. A query is parsed once; its keys pick the candidates; every candidate is scored on its compact
forms with the same function :func:`compare_person_names` uses; only the results kept (at or above the
threshold, best ``k``) are compared again in full for the explanation.

Blocking keys (family and given keys are spelling keys, so Chow and Chau, Tsz and Chi share them). A record
in characters files its readings under the same keys with the first letter in capitals (``Gchan|taiman``): a
query in characters compares characters only, so it looks those up in lower case only.

``h<characters>``             the Simplified characters
``g<family>|<given joined>``  a full reading or spelling ("gchan|taiman")
``i<family>|<first letters>`` every name with a given name, by the initials of its syllables ("ichan|tm")
``j<family>|<initials>``      names whose given name is written as initials only
``e<family>|<English name>``  names with an English name and no Chinese given name
``f<family>|<English name>``  names with an English name and a Chinese given name
``o<family>|<first letter>``  names whose given name is one word of several syllables (pinyin "Yimin"), which a
                              single initial ("Y. Zhang") matches

Across romanisations: a romanised query also looks up the "g" keys of its spellings in the other system (the
family name through the surname table, each given syllable through the common given-name characters it can
be read from: Huang Jiahua -> Wong Ka-wah), since a record held only in Hong Kong spelling meets a pinyin query
only that way. These bridged keys are computed per query, so they cost no memory.

Candidates: blocks are taken most specific first (characters and full readings, then English names, then
initials), smallest first, up to ``MAX_CANDIDATES`` records; a broader block is cut when the budget runs out.
Very common names and bare initials ("Lee T. T.", "WANG MING") thus cost a bounded time; the records cut are
those that could only tie with the ones kept.

After :meth:`NameIndex.build` and :meth:`NameIndex.load` the index calls :func:`gc.freeze`, so the
cyclic garbage collector no longer walks its million strings on every full collection (it moves every object
alive at that moment, not only the index's, to the permanent generation).

Saved files are a header line (``HETAO-NAMES-INDEX <version>``) followed by a pickle of the index state. Load
only files this class saved: pickle runs code from the file it reads.
"""

from __future__ import annotations

import gc
import itertools
import pickle
from array import array
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Final

from hetao.engines.names._compare import (
    Compact,
    Form,
    Prepared,
    best_pair,
    compare_prepared,
    given_partners,
    prepare,
    prepare_parsed,
)
from hetao.engines.names._model import DEFAULT_THRESHOLD, Candidate, NameRecord
from hetao.engines.names._parse import parse_person_name, surname_partners

FORMAT_VERSION: Final = 2
_MAGIC: Final = b"HETAO-NAMES-INDEX"
_NAME_SEPARATOR: Final = "\x1e"
#: A differing known birth date multiplies the score by this (1.0 * 0.8 is below the default threshold).
BIRTH_DATE_DIFFERS: Final = 0.8
_MAX_INITIAL_PROBES: Final = 16
#: At most this many records are scored per query (see the module docstring).
MAX_CANDIDATES: Final = 200
#: At most this many bridged keys per form of a query.
_MAX_BRIDGED: Final = 128
#: Which kinds of block are taken first (lower first); bridged keys rank 1.
_KEY_RANK: Final[dict[str, int]] = {"h": 0, "g": 0, "e": 2, "f": 2, "j": 3, "i": 3, "o": 4}


def _letters(form: Form) -> list[str]:
    """Initial letters of a form's given name; a Hong Kong "ch" may be written "ts", so it gives c and t."""
    options: list[tuple[str, ...]] = []
    for syllable in form.given:
        letter = syllable[0]
        options.append(("c", "t") if syllable.startswith("ch") and not syllable.endswith(".") else (letter,))
    return ["".join(combo) for combo in itertools.islice(itertools.product(*options), _MAX_INITIAL_PROBES)]


def record_keys(compact: Compact) -> set[str]:
    """The blocking keys a record's name is filed under."""
    keys: set[str] = set()
    if compact.hanzi:
        keys.add("h" + compact.hanzi)
    for form in compact.forms:
        if not form.family:
            continue
        if form.given and not form.has_initials:
            keys.add(f"g{form.family}|{form.joined}")
            keys.update(f"i{form.family}|{letters}" for letters in _letters(form))
        elif form.given:
            keys.add(f"j{form.family}|{''.join(g[0] for g in form.given)}")
        if form.one_word:
            keys.update(f"o{form.family}|{letters[0]}" for letters in _letters(form))
        for english in compact.english:
            keys.add(f"{'f' if form.given else 'e'}{form.family}|{english}")
    if compact.hanzi:
        # A query in characters meets these through their "h" key; only romanised queries need the readings.
        return {key if key[0] == "h" else key[0].upper() + key[1:] for key in keys}
    return keys


def query_keys(compact: Compact) -> set[str]:
    """The blocking keys a query looks under: those of every record it could reach the threshold with."""
    keys: set[str] = set()
    if compact.hanzi:
        keys.add("h" + compact.hanzi)
    for form in compact.forms:
        if not form.family:
            continue
        if form.given and not form.has_initials:
            keys.add(f"g{form.family}|{form.joined}")
            keys.update(f"j{form.family}|{letters}" for letters in _letters(form))
        elif form.given:
            initials = "".join(g[0] for g in form.given)
            keys.add(f"j{form.family}|{initials}")
            keys.update(f"i{form.family}|{letters}" for letters in _letters(form))
            # "W. Cheung" may be the first initial of a longer given name, which scores below the threshold
            # unless that name is one word ("Weimin"): those are filed under "o".
            if len(form.given) == 1:
                keys.add(f"o{form.family}|{initials}")
        for english in compact.english:
            keys.add(f"e{form.family}|{english}")
            if not form.given:
                keys.add(f"f{form.family}|{english}")
    if compact.hanzi:
        return keys
    return keys | {key[0].upper() + key[1:] for key in keys if key[0] != "h"}


def bridged_keys(compact: Compact) -> set[str]:
    """The "g" keys of a romanised query's spellings in the other romanisation (see the module docstring).

    Only records without characters need them (a record in characters is filed under both readings), and
    comparison reads a given name across systems only when neither name is in characters.
    """
    if compact.hanzi:
        return set()
    keys: set[str] = set()
    for form in compact.forms:
        if not form.family or not form.given or form.has_initials:
            continue
        options = [surname_partners(form.family), *(given_partners(g) for g in form.given)]
        for combo in itertools.islice(itertools.product(*options), _MAX_BRIDGED):
            keys.add(f"g{combo[0]}|{''.join(combo[1:])}")
    return keys


def _prepare_once(name: str) -> Prepared:
    """A name prepared without going through the shared caches.

    Those caches hold many small objects per name; filled with a million records' names they would make every
    full garbage collection walk them (and would not help: each record's name is prepared once).
    """
    return prepare_parsed(parse_person_name.__wrapped__(name))


@lru_cache(maxsize=1024)
def _prepare_query(name: str) -> Prepared:
    return _prepare_once(name)


def _warm_up() -> None:
    """Build the lazily made reading tables now, so the first romanised query does not pay for them."""
    given_partners("wei")


class NameIndex:
    """Person records searchable by name in any script or romanisation; see the module docstring for the design."""

    def __init__(self) -> None:
        self._ids: list[str | None] = []
        self._names: list[str] = []
        self._compacts: list[str] = []
        self._birth: array[int] = array("i")
        self._slot_of: dict[str, int] = {}
        self._blocks: dict[str, array[int]] = {}

    @classmethod
    def build(cls, records: Iterable[NameRecord]) -> NameIndex:
        """An index of ``records``; then :func:`gc.freeze` (see the module docstring)."""
        index = cls()
        index.add(records)
        _warm_up()
        gc.freeze()
        return index

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._slot_of

    def add(self, records: Iterable[NameRecord]) -> None:
        """Add records (no rebuild). A record whose id is already present replaces the old one."""
        for record in records:
            if not isinstance(record, NameRecord):
                raise TypeError(f"NameIndex.add takes NameRecord objects, not {type(record).__name__}")
            if record.id in self._slot_of:
                self.remove([record.id])
            compacts = [_prepare_once(name).compact for name in record.names]
            slot = len(self._ids)
            self._ids.append(record.id)
            self._names.append(_NAME_SEPARATOR.join(record.names))
            self._compacts.append(_NAME_SEPARATOR.join(c.encode() for c in compacts))
            self._birth.append(record.birth_date.toordinal() if record.birth_date else 0)
            self._slot_of[record.id] = slot
            keys: set[str] = set()
            for compact in compacts:
                keys |= record_keys(compact)
            for key in keys:
                block = self._blocks.get(key)
                if block is None:
                    self._blocks[key] = array("i", (slot,))
                else:
                    block.append(slot)

    def remove(self, record_ids: Iterable[str]) -> None:
        """Remove records by id (no rebuild: their slots are emptied and skipped). Unknown ids raise KeyError."""
        for record_id in record_ids:
            slot = self._slot_of.pop(record_id)
            self._ids[slot] = None
            self._names[slot] = ""
            self._compacts[slot] = ""

    def _candidates(self, compact: Compact, birth_day: int = 0) -> set[int]:
        """Records in the query's blocks, most specific blocks first, at most about ``MAX_CANDIDATES``.

        With a birth date (``birth_day``, a day number), a block that must be cut keeps first the records born
        that day or of unknown birth date: the others score lower anyway.
        """
        found: list[tuple[int, int, array[int]]] = []
        direct = query_keys(compact)
        for key in direct:
            block = self._blocks.get(key)
            if block is not None:
                found.append((_KEY_RANK[key[0].lower()], len(block), block))
        for key in bridged_keys(compact) - direct:
            block = self._blocks.get(key)
            if block is not None:
                found.append((1, len(block), block))
        found.sort(key=lambda item: (item[0], item[1]))
        slots: set[int] = set()
        for _, size, block in found:
            room = MAX_CANDIDATES - len(slots)
            if room <= 0:
                break
            if size <= room:
                slots.update(block)
            elif birth_day:
                birth = self._birth
                preferred = [slot for slot in block if birth[slot] in (birth_day, 0)]
                slots.update(preferred[:room])
                if len(preferred) < room:
                    slots.update(block[: room - len(preferred)])
            else:
                slots.update(block[:room])
        return slots

    def search(
        self,
        name: str,
        *,
        k: int = 10,
        threshold: float = DEFAULT_THRESHOLD,
        birth_date: date | None = None,
    ) -> list[Candidate]:
        """Records whose names match ``name`` at or above ``threshold``, best first, at most ``k``.

        A birth date given here and known for a record, and different, multiplies the score by 0.8.
        Ties are broken by record id, so results do not depend on the order records were added in, as long as
        the query's blocks hold no more than ``MAX_CANDIDATES`` records (a very common name or bare initials
        over a large index are cut to the records added first; see the module docstring).
        """
        if k < 1:
            raise ValueError("k must be at least 1")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be in [0, 1]")
        query = _prepare_query(name) if isinstance(name, str) else prepare(name)
        wanted = birth_date.toordinal() if birth_date is not None else 0
        scored: list[tuple[float, str, int, int]] = []
        # Records of a common name share their encoded forms: each distinct one is scored once per query.
        seen: dict[str, float] = {}
        for slot in self._candidates(query.compact, wanted):
            record_id = self._ids[slot]
            if record_id is None:
                continue
            best, best_name = -1.0, 0
            for position, encoded in enumerate(self._compacts[slot].split(_NAME_SEPARATOR)):
                score = seen.get(encoded, -1.0)
                if score < 0.0:
                    score = seen[encoded] = best_pair(query.compact, Compact.decode(encoded))[0]
                if score > best:
                    best, best_name = score, position
            known = self._birth[slot]
            if wanted and known and wanted != known:
                best *= BIRTH_DATE_DIFFERS
            if best >= threshold:
                scored.append((best, record_id, slot, best_name))
        scored.sort(key=lambda item: (-item[0], item[1]))
        results: list[Candidate] = []
        for score, record_id, slot, position in scored[:k]:
            matched = self._names[slot].split(_NAME_SEPARATOR)[position]
            explanation = compare_prepared(query, _prepare_once(matched)).explanation
            if wanted and self._birth[slot] and wanted != self._birth[slot]:
                explanation += f"; birth dates differ (x{BIRTH_DATE_DIFFERS})"
            results.append(Candidate(record_id, round(score, 6), explanation, matched))
        return results

    def record_ids(self) -> Iterator[str]:
        return iter(self._slot_of)

    def save(self, path: str | Path) -> None:
        """Write the index: a header line with the format version, then a pickle of its state."""
        state = (self._ids, self._names, self._compacts, self._birth, self._slot_of, self._blocks)
        with Path(path).open("wb") as file:
            file.write(_MAGIC + b" " + str(FORMAT_VERSION).encode() + b"\n")
            pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: str | Path) -> NameIndex:
        """Read an index written by :meth:`save`; a file of another format or version raises ValueError."""
        with Path(path).open("rb") as file:
            header = file.readline().rstrip(b"\n").split(b" ")
            if len(header) != 2 or header[0] != _MAGIC:
                raise ValueError(f"{path} is not a saved name index")
            if header[1] != str(FORMAT_VERSION).encode():
                raise ValueError(f"{path} has index format {header[1].decode()!r}; this code reads {FORMAT_VERSION}")
            # The file was written by save(); pickle is not for files from elsewhere (see the module docstring).
            state = pickle.load(file)  # noqa: S301
        index = cls()
        index._ids, index._names, index._compacts, index._birth, index._slot_of, index._blocks = state
        _warm_up()
        gc.freeze()
        return index
