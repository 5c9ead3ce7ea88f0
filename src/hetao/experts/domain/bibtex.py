"""A BibTeX reader for publication lists: entries, fields and names turned into plain Unicode text.

What it understands: every entry type (``@article``, ``@inproceedings``, ``@book``... with ``{}`` or ``()``
around the body), field values in braces (nested to any depth) or double quotes, bare numbers, ``#``
concatenation, ``@string`` macros (case-insensitive, usable in later macros) and the predefined month macros,
LaTeX accents and special letters (``{\\"u}``, ``\\'e``, ``\\c{c}``, ``{\\o}``, ``\\ss``...) and common text
commands, converted to Unicode; author lists split on ``and`` at brace depth 0 in "Last, First", "Last, Jr,
First" and "First Last" forms; UTF-8 text in any script (陈大文) passes through unchanged.

What it ignores: text outside entries, ``%`` comments between entries and fields, ``@comment`` and
``@preamble``. A malformed entry is reported with its line and entry number and reading resumes at the next
line starting with ``@``, so one bad entry never hides the others.

Framework-free: it imports only the standard library. Problems carry a stable ``code`` and parameters; the
caller words them in the reader's language.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

MONTHS: dict[str, str] = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

# LaTeX accent commands and the Unicode combining marks they stand for.
_ACCENTS: dict[str, str] = {
    '"': "\u0308",  # diaeresis: \"u -> ü
    "'": "\u0301",  # acute
    "`": "\u0300",  # grave
    "^": "\u0302",  # circumflex
    "~": "\u0303",  # tilde
    "=": "\u0304",  # macron
    ".": "\u0307",  # dot above
    "u": "\u0306",  # breve
    "v": "\u030c",  # caron: \v{s} -> š
    "H": "\u030b",  # double acute: \H{o} -> ő
    "r": "\u030a",  # ring: \r{a} -> å
    "c": "\u0327",  # cedilla: \c{c} -> ç
    "k": "\u0328",  # ogonek: \k{a} -> ą
    "d": "\u0323",  # dot below
    "b": "\u0331",  # macron below
}

# Commands that stand for one character (no argument).
_SYMBOLS: dict[str, str] = {
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "ss": "ß",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "textendash": "–",
    "textemdash": "—",
    "textquoteright": "’",
    "textquoteleft": "‘",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "textdegree": "°",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textunderscore": "_",
    "dag": "†",
    "ldots": "…",
    "dots": "…",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
    "times": "×",
    "pm": "±",
    "leq": "≤",
    "geq": "≥",
    "le": "≤",
    "ge": "≥",
    "approx": "≈",
    "infty": "∞",
    "cdot": "·",
    "rightarrow": "→",
    "to": "→",
    "sim": "~",
}

# A backslash before one of these characters just escapes it.
_ESCAPED = set("&%$#_{}")

_IGNORED_TYPES = {"comment", "preamble"}
# Entry types of BibTeX and biblatex: one of these not followed by '{' or '(' is a broken entry; any other
# word after an '@' that is not followed by one (an e-mail address in a note) is just text.
_KNOWN_TYPES = {
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished", "online", "report",
    "thesis", "patent", "dataset", "software", "collection", "periodical", "electronic", "www",
}  # fmt: skip
_LINE_START_AT = re.compile(r"\n[ \t]*@")
_NAME_CHARS = re.compile(r"[^\s\"#%'(),={}]+")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class BibProblem:
    """A problem found while reading: ``code`` is stable, ``params`` fill the caller's message."""

    code: str
    line: int
    number: int | None = None
    key: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BibEntry:
    """One entry: its type and key as written (type lower-cased), and its fields with lower-case names.

    ``fields`` hold the values after macro expansion and concatenation, still in LaTeX; ``text(name)`` gives
    one as plain Unicode and ``authors()`` the author names as printed.
    """

    entry_type: str
    key: str
    fields: dict[str, str]
    line: int
    number: int

    def text(self, name: str) -> str:
        return latex_to_unicode(self.fields.get(name, ""))

    def authors(self) -> list[str]:
        return split_names(self.fields.get("author", ""))

    def editors(self) -> list[str]:
        return split_names(self.fields.get("editor", ""))


@dataclass(frozen=True)
class BibFile:
    entries: list[BibEntry]
    errors: list[BibProblem]
    warnings: list[BibProblem]


class _EntryError(Exception):
    def __init__(self, code: str, position: int, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.position = position
        self.params = params


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.macros: dict[str, str] = {}
        self.entries: list[BibEntry] = []
        self.errors: list[BibProblem] = []
        self.warnings: list[BibProblem] = []
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._count = 0

    def line_of(self, position: int) -> int:
        return bisect.bisect_right(self._line_starts, position)

    # --- Scanning ---------------------------------------------------------------------------------------

    def skip_space(self) -> None:
        """Skip white space and ``%`` comments (to the end of their line)."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char.isspace():
                self.pos += 1
            elif char == "%":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end + 1
            else:
                return

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, chars: str, code: str) -> str:
        self.skip_space()
        char = self.peek()
        if not char or char not in chars:
            raise _EntryError(code, self.pos, found=char or "end of file")
        self.pos += 1
        return char

    def name(self) -> str:
        self.skip_space()
        match = _NAME_CHARS.match(self.text, self.pos)
        if match is None:
            return ""
        self.pos = match.end()
        return match.group()

    def braced(self) -> str:
        """The text inside a balanced ``{...}`` (the opening brace is at ``pos``), inner braces kept."""
        start = self.pos
        depth = 0
        text = self.text
        i = self.pos
        while i < len(text):
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    self.pos = i + 1
                    return text[start + 1 : i]
            elif char == "\n" and _LINE_START_AT.match(text, i):
                break  # the next entry begins: this value was never closed
            i += 1
        raise _EntryError("unbalanced_braces", start)

    def quoted(self) -> str:
        """The text inside ``"..."``; a quote inside braces does not end it."""
        start = self.pos
        depth = 0
        text = self.text
        i = self.pos + 1
        while i < len(text):
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    raise _EntryError("unbalanced_braces", i)
            elif char == '"' and depth == 0:
                self.pos = i + 1
                return text[start + 1 : i]
            elif char == "\n" and _LINE_START_AT.match(text, i):
                break
            i += 1
        raise _EntryError("unterminated_quote", start)

    def value(self, number: int | None, key: str) -> str:
        """A field value: parts joined by ``#``."""
        parts: list[str] = []
        while True:
            self.skip_space()
            char = self.peek()
            if char == "{":
                parts.append(self.braced())
            elif char == '"':
                parts.append(self.quoted())
            elif char.isdigit():
                match = re.compile(r"\d+").match(self.text, self.pos)
                assert match is not None  # noqa: S101 - a digit is there
                parts.append(match.group())
                self.pos = match.end()
            else:
                position = self.pos
                macro = self.name()
                if not macro:
                    raise _EntryError("value_expected", position, found=char or "end of file")
                lowered = macro.lower()
                if lowered in self.macros:
                    parts.append(self.macros[lowered])
                elif lowered in MONTHS:
                    parts.append(MONTHS[lowered])
                else:
                    self.warnings.append(
                        BibProblem("undefined_macro", self.line_of(position), number, key, {"macro": macro})
                    )
            self.skip_space()
            if self.peek() != "#":
                return "".join(parts)
            self.pos += 1

    # --- Entries ----------------------------------------------------------------------------------------

    def run(self) -> None:
        text = self.text
        while True:
            at = self._next_at()
            if at < 0:
                return
            self.pos = at + 1
            entry_type = self.name().lower()
            if not entry_type:
                continue  # a stray '@' (an e-mail address in a comment): not an entry
            if entry_type in _IGNORED_TYPES:
                self._skip_body()
                continue
            self.skip_space()
            if self.peek() not in ("{", "(") and entry_type not in _KNOWN_TYPES:
                continue
            if entry_type == "string":
                self._string(at)
                continue
            self._count += 1
            number = self._count
            try:
                self._entry(entry_type, at, number)
            except _EntryError as exc:
                key = self._key_near(at)
                code, line = exc.code, self.line_of(exc.position)
                if exc.params.get("found") == "@":
                    # Reading ran into the next entry: this one was never closed.
                    code, line = "unclosed_entry", self.line_of(at)
                self.errors.append(BibProblem(code, line, number, key, {**exc.params, "type": entry_type}))
                self.pos = self._resync(max(exc.position, at + 1))
            if self.pos >= len(text):
                return

    def _next_at(self) -> int:
        """The next '@' outside a ``%`` comment, from ``pos``."""
        text = self.text
        i = self.pos
        while i < len(text):
            char = text[i]
            if char == "@":
                return i
            if char == "%":
                end = text.find("\n", i)
                if end < 0:
                    return -1
                i = end + 1
                continue
            i += 1
        return -1

    def _resync(self, position: int) -> int:
        """After a bad entry: go on at the next line that starts with '@'."""
        match = re.compile(r"^[ \t]*@", re.MULTILINE).search(self.text, position)
        return len(self.text) if match is None else match.start()

    def _key_near(self, at: int) -> str:
        match = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s}]*)").match(self.text, at)
        return match.group(1) if match else ""

    def _skip_body(self) -> None:
        self.skip_space()
        char = self.peek()
        try:
            if char == "{":
                self.braced()
            elif char == "(":
                self._parenthesised()
        except _EntryError:
            self.pos = self._resync(self.pos)

    def _parenthesised(self) -> None:
        start = self.pos
        depth = 0
        i = self.pos
        while i < len(self.text):
            char = self.text[i]
            if char in "({":
                depth += 1
            elif char in ")}":
                depth -= 1
                if depth == 0:
                    self.pos = i + 1
                    return
            i += 1
        raise _EntryError("unbalanced_braces", start)

    def _string(self, at: int) -> None:
        try:
            opening = self.expect("{(", "body_expected")
            closing = "}" if opening == "{" else ")"
            name = self.name()
            if not name:
                raise _EntryError("macro_name_expected", self.pos)
            self.expect("=", "equals_expected")
            self.macros[name.lower()] = self.value(None, "")
            self.expect(closing, "closing_expected")
        except _EntryError as exc:
            self.errors.append(BibProblem("bad_string", self.line_of(exc.position), None, "", {"detail": exc.code}))
            self.pos = self._resync(max(exc.position, at + 1))

    def _entry(self, entry_type: str, at: int, number: int) -> None:
        opening = self.expect("{(", "body_expected")
        closing = "}" if opening == "{" else ")"
        self.skip_space()
        key_match = re.compile(r"[^,\s}{)(]*").match(self.text, self.pos)
        key = key_match.group() if key_match else ""
        self.pos += len(key)
        fields: dict[str, str] = {}
        self.skip_space()
        if self.peek() == closing:
            self.pos += 1
            self.entries.append(BibEntry(entry_type, key, fields, self.line_of(at), number))
            return
        if self.peek() != ",":
            raise _EntryError("comma_expected", self.pos, found=self.peek() or "end of file")
        self.pos += 1
        while True:
            self.skip_space()
            if self.peek() == closing:
                self.pos += 1
                break
            position = self.pos
            name = self.name().lower()
            if not name:
                raise _EntryError("field_expected", position, found=self.peek() or "end of file")
            self.expect("=", "equals_expected")
            value = self.value(number, key)
            if name in fields:
                self.warnings.append(BibProblem("repeated_field", self.line_of(position), number, key, {"field": name}))
            else:
                fields[name] = value
            self.skip_space()
            char = self.peek()
            if char == ",":
                self.pos += 1
            elif char == closing:
                self.pos += 1
                break
            else:
                raise _EntryError("comma_expected", self.pos, found=char or "end of file")
        self.entries.append(BibEntry(entry_type, key, fields, self.line_of(at), number))


def parse(text: str) -> BibFile:
    """Read every entry of a BibTeX text. Never raises for bad input: problems are in ``errors``."""
    reader = _Reader(text.replace("\r\n", "\n").replace("\r", "\n"))
    reader.run()
    return BibFile(entries=reader.entries, errors=reader.errors, warnings=reader.warnings)


# --- LaTeX to Unicode -----------------------------------------------------------------------------------


def _group_or_char(text: str, i: int) -> tuple[str, int]:
    """The argument of a command at ``i``: a braced group (without its braces) or one character."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] == "{":
        depth = 0
        for j in range(i, len(text)):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    return text[i + 1 : j], j + 1
        return text[i + 1 :], len(text)
    if text[i] == "\\":
        match = re.compile(r"\\([A-Za-z]+|.)").match(text, i)
        if match:
            return match.group(), match.end()
    return text[i], i + 1


def _convert(text: str) -> str:  # noqa: PLR0912, PLR0915 - one pass, one branch per LaTeX construct
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in _ESCAPED:
                out.append(nxt)
                i += 2
                continue
            if nxt in "\\":
                out.append(" ")  # a forced line break
                i += 2
                continue
            if nxt == " ":
                out.append(" ")
                i += 2
                continue
            match = re.compile(r"[A-Za-z]+").match(text, i + 1)
            command = match.group() if match else nxt
            end = match.end() if match else i + 2
            if command in _ACCENTS and (not match or len(command) == 1):
                argument, end = _group_or_char(text, end)
                base = _convert(argument)
                base = base.replace("ı", "i").replace("ȷ", "j")
                out.append(unicodedata.normalize("NFC", (base[:1] + _ACCENTS[command] + base[1:]) if base else ""))
                i = end
                continue
            if command in _SYMBOLS:
                out.append(_SYMBOLS[command])
                # The space after a command word only ends the word.
                if match and end < n and text[end] == " ":
                    end += 1
                if end + 1 < n and text[end : end + 2] == "{}":
                    end += 2
                i = end
                continue
            # Any other command (\emph, \textbf, \url...): drop the command, keep its argument's text.
            if match and end < n and text[end] == " ":
                end += 1
            i = end
            continue
        if char == "~":
            out.append(" ")
        elif char in "{}$":
            pass
        elif char == "-" and text.startswith("---", i):
            out.append("—")
            i += 3
            continue
        elif char == "-" and text.startswith("--", i):
            out.append("–")
            i += 2
            continue
        elif char == "`" and text.startswith("``", i):
            out.append("“")
            i += 2
            continue
        elif char == "'" and text.startswith("''", i):
            out.append("”")
            i += 2
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


def latex_to_unicode(text: str) -> str:
    """Plain Unicode text of a LaTeX field value: accents and special letters converted, protective braces
    and math dollars dropped, text commands replaced by their argument, white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", _convert(text)).split())


# --- Names ----------------------------------------------------------------------------------------------


def _split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split on ``separator`` only where it stands at brace depth 0."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = separator.match(text, i)
            if match and match.end() > i:
                parts.append(text[start:i])
                start = i = match.end()
                continue
        i += 1
    parts.append(text[start:])
    return parts


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def name_as_printed(raw: str) -> str:
    """One BibTeX name as it is printed on a paper: "Last, First" -> "First Last", "Last, Jr, First" ->
    "First Last, Jr"; "First Last" and names in Chinese characters stay as written ("陈, 大文" -> "陈大文")."""
    parts = [latex_to_unicode(p) for p in _split_top_level(raw, re.compile(r"\s*,\s*"))]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    last, first = parts[0], parts[-1]
    junior = parts[1] if len(parts) >= 3 else ""
    if _is_cjk(last) and _is_cjk(first):
        return last + first
    name = f"{first} {last}"
    return f"{name}, {junior}" if junior else name


def split_names(value: str) -> list[str]:
    """The names of an ``author`` or ``editor`` field, as printed, in order; "others" (et al.) is dropped."""
    if not value.strip():
        return []
    names = []
    for raw in _split_top_level(" ".join(value.split()), _AND):
        name = name_as_printed(raw.strip())
        if name and name.lower() != "others":
            names.append(name)
    return names


def normalise_doi(value: str) -> str:
    """A DOI without its resolver prefix, in lower case (DOIs are case-insensitive): "" when empty."""
    doi = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :].strip()
            break
    return doi.lower()


def is_doi(value: str) -> bool:
    return bool(_DOI.match(value))
