"""Text formats to clean text: plain text, Markdown with front matter, HTML main content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import frontmatter

from sources.dates import parse_date


class FormatError(ValueError):
    """The content cannot be turned into clean text; the message says why."""


@dataclass(slots=True)
class Parsed:
    text: str
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    content_type: str = "text/plain"


_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)", re.MULTILINE)
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MAX_HTML_DEPTH_CHARS = 5_000_000


def parse_text(raw: str) -> Parsed:
    return Parsed(text=raw, content_type="text/plain")


def parse_markdown(raw: str) -> Parsed:
    """Optional YAML front matter (title, date, url, source), then Markdown reduced to prose."""
    try:
        post = frontmatter.loads(raw)
    except Exception as exc:  # the YAML library raises many types for broken front matter
        raise FormatError(f"malformed front matter: {type(exc).__name__}: {exc}") from exc
    meta = dict(post.metadata)
    body = _MD_LINK_RE.sub(r"\1", post.content)
    body = _MD_MARKUP_RE.sub("", body)
    body = _MD_EMPHASIS_RE.sub(r"\2", body)
    title = meta.get("title")
    return Parsed(
        text=body, title=str(title) if title else None, metadata=meta, content_type="text/markdown"
    )


_PAGE_FURNITURE = (
    "nav",
    "header",
    "footer",
    "aside",
    "script",
    "style",
    "noscript",
    "form",
    "iframe",
    "button",
    "select",
    "template",
    "svg",
)


def _strip_furniture(raw: str) -> str:
    """Drop menus, headers, footers and scripts before main-text extraction.

    trafilatura falls back to any text it finds on short pages, menus included; removing
    the elements that are never article text first keeps them out.
    """
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(raw)
    except (ValueError, etree.ParserError) as exc:
        raise FormatError(f"malformed HTML: {exc}") from exc
    for element in list(tree.iter(*_PAGE_FURNITURE)):
        if element.tag == "header" and element.find(".//h1") is not None:
            continue  # an article's own header holds its headline
        if element.getparent() is not None:
            element.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


class _VisibleText(HTMLParser):
    """Text outside page furniture, at any nesting depth."""

    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "article", "section"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _PAGE_FURNITURE or tag == "title":
            self.skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if (tag in _PAGE_FURNITURE or tag == "title") and self.skip:
            self.skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _visible_text(raw: str) -> str:
    parser = _VisibleText()
    parser.feed(raw)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def parse_html(raw: str) -> Parsed:
    """The article text only: no scripts, styles, menus or footers (lxml, then trafilatura)."""
    import trafilatura  # 0.35 s import: only when an HTML page is read

    if len(raw) > _MAX_HTML_DEPTH_CHARS:
        raise FormatError(f"HTML page too large to parse ({len(raw):,} characters)")
    try:
        doc = trafilatura.bare_extraction(
            _strip_furniture(raw),
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            date_extraction_params={"extensive_search": False},
        )
    except (RecursionError, ValueError) as exc:
        raise FormatError(f"malformed HTML: {type(exc).__name__}: {exc}") from exc
    d = (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)) if doc is not None else {}
    text = d.get("text") or ""
    if not text.strip():
        # lxml stops at 255 levels of nesting and trafilatura then finds nothing: read the
        # page with the standard library's tolerant parser instead
        text = _visible_text(raw)
    if not text.strip():
        raise FormatError("no article text found in the HTML page")
    meta = {k: d.get(k) for k in ("date", "url", "sitename", "author") if d.get(k)}
    if "date" in meta and parse_date(meta["date"]) is None:
        meta.pop("date")
    return Parsed(text=text, title=d.get("title"), metadata=meta, content_type="text/html")


PARSERS = {
    ".txt": parse_text,
    ".text": parse_text,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
}
