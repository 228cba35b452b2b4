"""Text formats to clean text: plain text, Markdown with front matter, HTML main content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    if doc is None:
        raise FormatError("no article text found in the HTML page")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = d.get("text") or ""
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
