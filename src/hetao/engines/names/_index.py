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

Saved files are a header line (``HETAO-NAMES-INDEX <version>``) followed by a pickle of the index state. Load
only files this class saved: pickle runs code from the file it reads.
"""

from __future__ import annotations

import itertools
import pickle
from array import array
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Final

from hetao.engines.names._compare import Compact, Form, best_pair, compare_prepared, prepare
from hetao.engines.names._model import DEFAULT_THRESHOLD, Candidate, NameRecord

FORMAT_VERSION: Final = 1
_MAGIC: Final = b"HETAO-NAMES-INDEX"
_NAME_SEPARATOR: Final = "\x1e"
#: A differing known birth date multiplies the score by this (1.0 * 0.8 is below the default threshold).
BIRTH_DATE_DIFFERS: Final = 0.8
_MAX_INITIAL_PROBES: Final = 16


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
            # "W. Cheung" may be the first initial of a longer given name, which scores below the threshold,
            # so only equal lengths are looked up.
        for english in compact.english:
            keys.add(f"e{form.family}|{english}")
            if not form.given:
                keys.add(f"f{form.family}|{english}")
    if compact.hanzi:
        return keys
    return keys | {key[0].upper() + key[1:] for key in keys if key[0] != "h"}


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
        index = cls()
        index.add(records)
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
            compacts = [prepare(name).compact for name in record.names]
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

    def _candidates(self, compact: Compact) -> set[int]:
        slots: set[int] = set()
        for key in query_keys(compact):
            block = self._blocks.get(key)
            if block is not None:
                slots.update(block)
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
        Ties are broken by record id, so results do not depend on the order records were added in.
        """
        if k < 1:
            raise ValueError("k must be at least 1")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be in [0, 1]")
        query = prepare(name)
        wanted = birth_date.toordinal() if birth_date is not None else 0
        scored: list[tuple[float, str, int, int]] = []
        for slot in self._candidates(query.compact):
            record_id = self._ids[slot]
            if record_id is None:
                continue
            best, best_name = -1.0, 0
            for position, encoded in enumerate(self._compacts[slot].split(_NAME_SEPARATOR)):
                score = best_pair(query.compact, Compact.decode(encoded))[0]
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
            explanation = compare_prepared(query, prepare(matched)).explanation
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
        return index
