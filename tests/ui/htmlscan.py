"""Collect elements and their attributes from an HTML page (stdlib parser), for the ui tests."""

from __future__ import annotations

from html.parser import HTMLParser


class Elements(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def with_class(self, name: str) -> list[dict]:
        return [a for _, a in self.found if name in (a.get("class") or "").split()]

    def with_attr(self, attr: str) -> list[dict]:
        return [a for _, a in self.found if attr in a]
