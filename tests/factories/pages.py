"""What page tests need beyond the people factories: a few more records, and readers of rendered HTML
(the standard library's parser, so no test depends on a scraping package)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from hetao.zone.domain.services import identity_document_add, person_link_user
from tests.factories.people import make_person, make_user

# Elements that never have an end tag.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def make_person_with_account(**fields: Any) -> tuple[Any, Any]:
    """A directory entry linked to a user account: (person, user)."""
    user = make_user()
    person = person_link_user(actor=None, person=make_person(**fields), user=user)
    return person, user


def make_identity_document(person: Any, *, kind: str = "hkid", number: str = "A123456(3)", **extra: Any) -> Any:
    return identity_document_add(actor=None, person=person, kind=kind, number=number, **extra)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {}
        self._capturing: list[list[str]] = []
        self.script_bodies: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if tag in _VOID:
            return
        buffer: list[str] = []
        self.open.append((tag, values))
        self._capturing.append(buffer)
        testid = values.get("data-testid")
        if testid is not None:
            self.texts.setdefault(testid, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open:
            return
        open_tag, values = self.open.pop()
        text = " ".join("".join(self._capturing.pop()).split())
        if self._capturing:
            self._capturing[-1].append(" " + text + " ")
        testid = values.get("data-testid")
        if testid is not None:
            self.texts[testid][-1] = text
        if open_tag == "script":
            self.script_bodies.append(text)

    def handle_data(self, data: str) -> None:
        if self._capturing:
            self._capturing[-1].append(data)


def read(html: str | bytes) -> _Reader:
    reader = _Reader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    reader.close()
    return reader


def texts(html: str | bytes, testid: str) -> list[str]:
    """The whitespace-collapsed text of every element carrying ``data-testid=testid``, in document order."""
    return read(html).texts.get(testid, [])


def text(html: str | bytes, testid: str) -> str:
    found = texts(html, testid)
    if len(found) != 1:
        raise AssertionError(f"expected one element with data-testid={testid!r}, found {len(found)}")
    return found[0]


def elements(html: str | bytes, tag: str) -> list[dict[str, str]]:
    """The attributes of every ``tag`` element."""
    return [attrs for name, attrs in read(html).elements if name == tag]


def inline_code(html: str | bytes) -> list[str]:
    """Everything a strict Content-Security-Policy would block: inline scripts, style elements and attributes,
    event-handler attributes and htmx's evaluated ``hx-on`` attributes."""
    reader = read(html)
    found: list[str] = []
    for tag, attrs in reader.elements:
        if tag == "style":
            found.append("<style>")
        if tag == "script" and not attrs.get("src"):
            found.append("<script> without src")
        for name in attrs:
            if name == "style" or name.startswith(("on", "hx-on")):
                found.append(f"<{tag} {name}=…>")
    found += [f"<script> body {body[:40]!r}" for body in reader.script_bodies if body]
    return found
