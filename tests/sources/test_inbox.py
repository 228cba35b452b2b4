"""read_inbox / read_file: every file becomes one Document or one IngestError, never an exception.

All inputs are generated in tmp_path; the bundled sample corpus is read in place.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import random
from pathlib import Path

import pytest

from sources.inbox import InboxBatch, read_file, read_inbox, sample_corpus_dir
from transforms.models import Document, IngestError, content_id, normalize_text

TODAY = dt.date(2024, 6, 1)
FETCHED_AT = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.UTC)

ENGLISH = (
    "Guizhou Province has built 78,000 kilometers of rural roads since 2016, connecting "
    "every administrative village with a hard-surfaced road.\n"
    "Officials said the new roads cut travel time to county seats by more than half."
)
CHINESE = (
    "全面推进乡村振兴。2023年，全国农村居民人均可支配收入21691元，同比实际增长7.6%。"
    "脱贫县农村居民人均可支配收入16396元，增长8.4%。"
    "中央财政衔接推进乡村振兴补助资金规模达到1750亿元，比上年增加100亿元。"
)

MARKDOWN = """---
title: "China reaffirms rural targets for 2025"
date: 2023-04-10
url: https://example.org/news/rural-targets
source: State Council policy news
---

# Grain output

China will keep its annual grain output above **650 million tonnes** from 2021 to 2025,
according to a [circular](https://example.org/circular) released on Monday.

- It also sets a target of 1.075 billion mu of high-standard farmland.
"""

ARTICLE_P1 = (
    "Guizhou Province has built 78,000 kilometers of rural roads since 2016, connecting every "
    "administrative village with a hard-surfaced road and regular bus services."
)
ARTICLE_P2 = (
    "Officials said the new roads cut the travel time to county seats by more than half and "
    "helped farmers sell 1.2 million tonnes of vegetables to cities in the Pearl River Delta."
)
HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Village roads reach every county - Example News</title>
  <meta name="date" content="2023-08-15">
  <style>.menu {{ color: red; }} /* STYLE_TOKEN */</style>
  <script>var SCRIPT_TOKEN = 1; console.log("SCRIPT_TOKEN");</script>
</head>
<body>
  <nav><ul>
    <li><a href="/">NAV_HOME</a></li>
    <li><a href="/china">NAV_CHINA</a></li>
    <li><a href="/rural">NAV_RURAL</a></li>
  </ul></nav>
  <article>
    <h1>Village roads reach every county</h1>
    <p>{ARTICLE_P1}</p>
    <p>{ARTICLE_P2}</p>
  </article>
  <footer><p>FOOTER_TOKEN Copyright 2024 Example News. All rights reserved.</p></footer>
</body>
</html>
"""


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read_one(path: Path, root: Path, **kwargs) -> Document | IngestError:
    return read_file(path, root, source="test", today=TODAY, fetched_at=FETCHED_AT, **kwargs)


def read(inbox: Path | str, **kwargs) -> InboxBatch:
    return read_inbox([inbox], source="test", today=TODAY, **kwargs)


def only(batch: InboxBatch) -> Document | IngestError:
    items = [*batch.documents, *batch.errors]
    assert len(items) == 1, items
    return items[0]


def name_of(item: Document | IngestError) -> str:
    return item.source_uri.rsplit("/", 1)[1]


def assert_error(item: object, reason_part: str) -> IngestError:
    assert isinstance(item, IngestError), f"expected an IngestError, got {item!r}"
    assert reason_part in item.error, f"{reason_part!r} not in error {item.error!r}"
    assert item.source_uri.startswith("file://")
    return item


# --- one Document: the fields -------------------------------------------------------------


def test_plain_text_document_fields(tmp_path):
    path = write(tmp_path / "roads.txt", ENGLISH + "\n")
    doc = read_one(path, tmp_path)
    assert isinstance(doc, Document)
    assert doc.text == ENGLISH
    assert doc.doc_id == hashlib.sha256(ENGLISH.encode("utf-8")).hexdigest()
    assert doc.source == "test"
    assert doc.source_uri == path.resolve().as_uri()
    assert doc.content_type == "text/plain"
    assert doc.encoding == "utf-8 (utf-8)"
    assert doc.language == "en"
    assert doc.fetched_at == FETCHED_AT
    assert doc.url is None
    assert doc.published_at_source == "ingested"


def test_read_inbox_default_source_and_fetched_at(tmp_path):
    write(tmp_path / "roads.txt", ENGLISH)
    doc = only(read_inbox([tmp_path], today=TODAY))
    assert isinstance(doc, Document)
    assert doc.source == "inbox"
    assert doc.fetched_at is not None and doc.fetched_at.tzinfo is not None


def test_single_file_as_root(tmp_path):
    path = write(tmp_path / "roads.txt", ENGLISH)
    batch = read_inbox([path], source="test", today=TODAY)
    assert batch.files_seen == 1
    assert [d.text for d in batch.documents] == [ENGLISH]


def test_nested_folders_are_read_in_stable_order(tmp_path):
    write(tmp_path / "b" / "two.txt", ENGLISH.replace("78,000", "79,000"))
    write(tmp_path / "a" / "one.txt", ENGLISH)
    write(tmp_path / "zero.txt", CHINESE)
    batch = read(tmp_path)
    assert batch.errors == []
    assert [d.source_uri.split(tmp_path.name, 1)[1] for d in batch.documents] == [
        "/zero.txt",
        "/a/one.txt",
        "/b/two.txt",
    ]


# --- doc_id and language ------------------------------------------------------------------


def test_doc_id_is_sha256_of_normalized_text(tmp_path):
    lf = "Rural roads reach every village.\nIncomes rose 7.6 percent.\n"
    crlf = "Rural roads reach every village.   \r\nIncomes rose 7.6 percent.\t \r\n\r\n"
    a = read_one(write(tmp_path / "a" / "lf.txt", lf), tmp_path / "a")
    b = read_one(write(tmp_path / "b" / "crlf.txt", crlf), tmp_path / "b")
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.text == b.text == "Rural roads reach every village.\nIncomes rose 7.6 percent."
    expected = hashlib.sha256(a.text.encode("utf-8")).hexdigest()
    assert a.doc_id == b.doc_id == expected == content_id(crlf)
    assert "\r" not in b.text


def test_crlf_copy_is_a_duplicate_in_one_batch(tmp_path):
    write(tmp_path / "a.txt", "Rural roads reach every village.\nIncomes rose 7.6 percent.\n")
    write(tmp_path / "b.txt", "Rural roads reach every village.  \r\nIncomes rose 7.6 percent.\r\n")
    batch = read(tmp_path)
    assert [name_of(d) for d in batch.documents] == ["a.txt"]
    assert [(name_of(e), e.error) for e in batch.errors] == [("b.txt", "duplicate content")]


def test_text_is_nfc_normalized(tmp_path):
    decomposed = "Cafe\u0301 owners in Yunnan earned 12,000 yuan more."
    doc = read_one(write(tmp_path / "nfc.txt", decomposed), tmp_path)
    assert isinstance(doc, Document)
    assert (
        doc.text
        == normalize_text(decomposed)
        == "Caf\u00e9 owners in Yunnan earned 12,000 yuan more."
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (CHINESE, "zh"),
        (ENGLISH, "en"),
        ("乡村振兴 (rural revitalization): 全国农村居民人均可支配收入21691元，增长7.6%。", "zh"),
        (
            "Rural revitalization (乡村振兴) lifted incomes by 7.6 percent in 2023 across China.",
            "en",
        ),
    ],
)
def test_language(tmp_path, text, language):
    doc = read_one(write(tmp_path / "doc.txt", text), tmp_path)
    assert isinstance(doc, Document)
    assert doc.language == language


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_front_matter(tmp_path):
    doc = read_one(write(tmp_path / "targets.md", MARKDOWN), tmp_path)
    assert isinstance(doc, Document), doc
    assert doc.title == "China reaffirms rural targets for 2025"
    assert (doc.published_at, doc.published_at_source) == (dt.date(2023, 4, 10), "metadata")
    assert doc.url == "https://example.org/news/rural-targets"
    assert doc.source == "State Council policy news"
    assert doc.content_type == "text/markdown"
    # the body only: no front matter, Markdown markup reduced to prose
    assert "---" not in doc.text
    assert "title:" not in doc.text and "example.org" not in doc.text
    assert doc.text.startswith("Grain output\n")
    assert "above 650 million tonnes from 2021 to 2025" in doc.text
    assert "according to a circular released on Monday" in doc.text
    assert "It also sets a target of 1.075 billion mu" in doc.text
    assert "**" not in doc.text and "[" not in doc.text and "# " not in doc.text


def test_markdown_without_front_matter_takes_title_from_first_line(tmp_path):
    md = "# Rural roads in Guizhou\n\n" + ENGLISH + "\n"
    doc = read_one(write(tmp_path / "roads.md", md), tmp_path)
    assert isinstance(doc, Document)
    assert doc.title == "Rural roads in Guizhou"
    assert doc.url is None
    assert doc.source == "test"
    assert doc.published_at_source == "ingested"


@pytest.mark.parametrize(
    "front_matter",
    [
        pytest.param("title: [unclosed\ndate: 2023-01-01\n", id="unclosed-flow-sequence"),
        pytest.param("title: a: b: c\n", id="mapping-in-plain-scalar"),
        pytest.param('title: "unterminated\n', id="unterminated-quote"),
        pytest.param("title: x\n  bad indent: y\n- item\n", id="mixed-mapping-and-list"),
    ],
)
def test_malformed_front_matter(tmp_path, front_matter):
    md = f"---\n{front_matter}---\n\n{ENGLISH}\n"
    err = assert_error(read_one(write(tmp_path / "bad.md", md), tmp_path), "malformed front matter")
    assert err.detail and err.detail.startswith("malformed front matter: ")
    assert err.size_bytes == len(md.encode("utf-8"))


# --- HTML ---------------------------------------------------------------------------------


def test_html_article_only(tmp_path):
    doc = read_one(write(tmp_path / "roads.html", HTML_PAGE), tmp_path)
    assert isinstance(doc, Document), doc
    assert ARTICLE_P1 in doc.text
    assert ARTICLE_P2 in doc.text
    for token in (
        "NAV_",
        "SCRIPT_TOKEN",
        "console.log",
        "STYLE_TOKEN",
        "color: red",
        "FOOTER_TOKEN",
    ):
        assert token not in doc.text, token
    assert "Copyright" not in doc.text
    assert doc.title == "Village roads reach every county"
    assert (doc.published_at, doc.published_at_source) == (dt.date(2023, 8, 15), "metadata")
    assert doc.content_type == "text/html"
    assert doc.language == "en"


def test_html_title_from_title_tag_without_h1(tmp_path):
    page = (
        "<html><head><title>Relocated households find jobs near new homes</title></head>"
        f'<body><div class="content"><p>{ARTICLE_P1}</p><p>{ARTICLE_P2}</p></div></body></html>'
    )
    doc = read_one(write(tmp_path / "jobs.htm", page), tmp_path)
    assert isinstance(doc, Document), doc
    assert doc.title == "Relocated households find jobs near new homes"
    assert ARTICLE_P1 in doc.text and ARTICLE_P2 in doc.text


_NAV = (
    '<nav><ul><li><a href="/">Home</a></li><li><a href="/china">China</a></li>'
    '<li><a href="/rural">Rural Revitalization</a></li></ul></nav>'
)
_FOOTER = (
    "<footer><p>Copyright 2024 Example News. All rights reserved.</p>"
    "<p>Contact us: +86-10-65550123</p></footer>"
)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(
            "<html><head><title>Empty</title></head><body></body></html>", id="empty-body"
        ),
        pytest.param(
            "<html><head><title>x</title><script>var a = 1;</script>"
            "<style>p { color: red; }</style></head><body><script>track();</script></body></html>",
            id="script-and-style-only",
        ),
        pytest.param(
            f"<html><head><title>Example News - Home</title></head><body>{_NAV}{_FOOTER}</body></html>",
            id="nav-and-footer-only",
        ),
        pytest.param(
            f"<html><head><title>Index</title></head><body>{_NAV}</body></html>",
            id="nav-only",
        ),
    ],
)
def test_html_without_article_text(tmp_path, page):
    item = read_one(write(tmp_path / "index.html", page), tmp_path)
    assert_error(item, "no article text")


# --- files that are refused ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "shown"),
    [
        (
            "report.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "'.pdf'",
        ),
        ("report.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(64), "'.docx'"),
        ("REPORT.PDF", b"%PDF-1.4\n", "'.pdf'"),
        ("README", ENGLISH.encode("utf-8"), "'(none)'"),
    ],
)
def test_unsupported_extension(tmp_path, name, data, shown):
    err = assert_error(read_one(write(tmp_path / name, data), tmp_path), "unsupported file type")
    assert shown in err.error
    assert err.detail and ".txt" in err.detail and ".md" in err.detail and ".html" in err.detail


def test_hidden_file(tmp_path):
    write(tmp_path / ".draft.txt", ENGLISH)
    batch = read(tmp_path)
    assert batch.documents == []
    assert_error(only(batch), "hidden file")


def test_file_over_max_bytes(tmp_path):
    write(tmp_path / "big.txt", "x" * 201)
    write(tmp_path / "fits.txt", "y" * 200)
    batch = read(tmp_path, max_bytes=200)
    assert [name_of(d) for d in batch.documents] == ["fits.txt"]
    err = assert_error(only(InboxBatch(errors=batch.errors)), "file too large")
    assert name_of(err) == "big.txt"
    assert err.size_bytes == 201
    assert err.detail and "201" in err.detail and "200" in err.detail


def test_empty_and_whitespace_files(tmp_path):
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "spaces.md", "  \n\n\t  \n")
    batch = read(tmp_path)
    assert batch.documents == []
    errors = {name_of(e): e for e in batch.errors}
    assert errors["empty.txt"].error == "empty file"
    assert errors["spaces.md"].error in ("empty file", "no text after cleaning")


def test_front_matter_only_markdown_has_no_text(tmp_path):
    write(tmp_path / "meta.md", "---\ntitle: Nothing here\ndate: 2023-01-01\n---\n\n   \n")
    assert_error(only(read(tmp_path)), "no text after cleaning")


def test_binary_file(tmp_path):
    rng = random.Random(42)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(2048) + bytes(16)
    write(tmp_path / "photo.txt", png)
    assert_error(only(read(tmp_path)), "binary content")


def test_undecodable_bytes(tmp_path):
    rng = random.Random(11)
    write(tmp_path / "noise.md", bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    assert_error(only(read(tmp_path)), "undecodable")


def test_missing_inbox_path(tmp_path):
    missing = tmp_path / "no_such_inbox"
    batch = read(missing)
    assert batch.files_seen == 0
    assert batch.documents == []
    err = assert_error(only(batch), "inbox path does not exist")
    assert err.source_uri == missing.as_uri()


def test_missing_path_does_not_stop_other_roots(tmp_path):
    write(tmp_path / "inbox" / "roads.txt", ENGLISH)
    batch = read_inbox([tmp_path / "missing", tmp_path / "inbox"], source="test", today=TODAY)
    assert [d.text for d in batch.documents] == [ENGLISH]
    assert [e.error for e in batch.errors] == ["inbox path does not exist"]


def test_duplicate_content(tmp_path):
    write(tmp_path / "a_first.txt", ENGLISH)
    write(tmp_path / "b_copy.txt", ENGLISH + "\n\n")
    batch = read(tmp_path)
    assert batch.files_seen == 2
    assert [name_of(d) for d in batch.documents] == ["a_first.txt"]
    err = assert_error(only(InboxBatch(errors=batch.errors)), "duplicate content")
    assert name_of(err) == "b_copy.txt"
    assert err.detail and "a_first.txt" in err.detail


# --- symlinks -----------------------------------------------------------------------------


def test_symlink_outside_inbox(tmp_path):
    outside = write(tmp_path / "outside" / "secret.txt", ENGLISH)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.txt").symlink_to(outside)
    batch = read(inbox)
    assert batch.documents == []
    err = assert_error(only(batch), "link leads outside the inbox")
    assert err.detail and str(outside) in err.detail


def test_symlink_with_relative_path_escaping_inbox(tmp_path):
    write(tmp_path / "outside.txt", ENGLISH)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.symlink("../outside.txt", inbox / "link.txt")
    assert_error(only(read(inbox)), "link leads outside the inbox")


def test_symlink_inside_inbox_is_read(tmp_path):
    inbox = tmp_path / "inbox"
    target = write(inbox / "archive" / "roads.txt", ENGLISH)
    link = inbox / "latest.txt"
    link.symlink_to(target)
    doc = read_one(link, inbox)
    assert isinstance(doc, Document), doc
    assert doc.text == ENGLISH
    assert name_of(doc) == "latest.txt"


def test_symlink_inside_inbox_in_a_batch(tmp_path):
    """The link is allowed (no link error); it has the target's text, so it is a duplicate."""
    inbox = tmp_path / "inbox"
    target = write(inbox / "a_roads.txt", ENGLISH)
    (inbox / "b_link.txt").symlink_to(target)
    batch = read(inbox)
    assert [name_of(d) for d in batch.documents] == ["a_roads.txt"]
    assert [(name_of(e), e.error) for e in batch.errors] == [("b_link.txt", "duplicate content")]


def test_symlinked_folders_are_not_followed(tmp_path):
    write(tmp_path / "outside" / "x.txt", ENGLISH)
    inbox = tmp_path / "inbox"
    write(inbox / "real" / "y.txt", CHINESE)
    (inbox / "in_link").symlink_to(inbox / "real", target_is_directory=True)
    (inbox / "out_link").symlink_to(tmp_path / "outside", target_is_directory=True)
    batch = read(inbox)
    assert [d.text for d in batch.documents] == [CHINESE]
    errors = {name_of(e): e.error for e in batch.errors}
    assert errors == {
        "in_link": "linked folder not followed",
        "out_link": "link leads outside the inbox",
    }
    assert batch.files_seen == 3


def test_dangling_symlink(tmp_path):
    os.symlink("missing.txt", tmp_path / "dangling.txt")
    assert_error(only(read(tmp_path)), "broken or looping link")


def test_symlink_loop_does_not_stop_the_batch(tmp_path):
    write(tmp_path / "good.txt", ENGLISH)
    os.symlink("loop_b.txt", tmp_path / "loop_a.txt")
    os.symlink("loop_a.txt", tmp_path / "loop_b.txt")
    batch = read(tmp_path)
    assert [name_of(d) for d in batch.documents] == ["good.txt"]
    assert sorted(name_of(e) for e in batch.errors) == ["loop_a.txt", "loop_b.txt"]


def test_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert_error(only(read(tmp_path)), "not a regular file")


# --- one bad file never stops the batch ---------------------------------------------------


def test_mixed_inbox_every_good_document_and_one_error_per_bad_file(tmp_path):
    inbox = tmp_path / "inbox"
    rng = random.Random(5)
    good = {
        "good_en.txt": ENGLISH,
        "good_utf8bom.txt": codecs.BOM_UTF8 + ENGLISH.replace("Guizhou", "Yunnan").encode(),
        "good_zh_gb18030.txt": CHINESE.encode("gb18030"),
        "good_utf16.txt": codecs.BOM_UTF16_BE
        + "Rural water coverage hit 90 percent.".encode("utf-16-be"),
        "good_front_matter.md": MARKDOWN,
        "good_page.html": HTML_PAGE,
        "sub/good_nested.txt": "Tibet received 3.2 million tourists in rural areas in 2023.",
    }
    bad = {
        "bad_empty.txt": (b"", "empty file"),
        "bad_blank.txt": (b"  \n \n", "empty file"),
        "bad_binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(1024), "binary"),
        "bad_noise.txt": (bytes(rng.randrange(0x80, 0x100) for _ in range(2000)), "undecodable"),
        "bad_report.pdf": (b"%PDF-1.7\n", "unsupported file type"),
        "bad_report.docx": (b"PK\x03\x04" + bytes(32), "unsupported file type"),
        "bad_noext": (b"plain words", "unsupported file type"),
        ".bad_hidden.txt": (b"hidden words", "hidden file"),
        "bad_front_matter.md": (b"---\ntitle: [oops\n---\nBody.\n", "malformed front matter"),
        "bad_no_article.html": (b"<html><body></body></html>", "no article text"),
        "zz_bad_copy.txt": (ENGLISH.encode() + b"\r\n", "duplicate content"),
        "bad_big.txt": (b"z" * 6000, "file too large"),
    }
    for name, data in good.items():
        write(inbox / name, data)
    for name, (data, _) in bad.items():
        write(inbox / name, data)
    outside = write(tmp_path / "elsewhere.txt", "Outside the inbox.")
    (inbox / "bad_link.txt").symlink_to(outside)
    bad["bad_link.txt"] = (b"", "link leads outside the inbox")

    batch = read(inbox, max_bytes=5000)

    assert sorted(name_of(d) for d in batch.documents) == sorted(n.rsplit("/", 1)[-1] for n in good)
    assert all(d.text.strip() for d in batch.documents)
    errors = {name_of(e): e for e in batch.errors}
    assert len(errors) == len(batch.errors) == len(bad)
    for name, (_, reason) in bad.items():
        assert_error(errors[name], reason)
    assert batch.files_seen == len(batch.documents) + len(batch.errors) == len(good) + len(bad)


def test_errors_are_returned_not_raised_for_every_bad_kind(tmp_path):
    """read_file on each bad input returns an IngestError with a non-empty reason."""
    rng = random.Random(9)
    cases = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02\x03" + rng.randbytes(256),
        "noise.txt": bytes(rng.randrange(0x80, 0x100) for _ in range(1000)),
        "x.pdf": b"%PDF",
        "bad.md": b"---\n: : :\n---\nbody\n",
        "none.html": b"<html></html>",
    }
    for name, data in cases.items():
        item = read_one(write(tmp_path / name, data), tmp_path)
        assert isinstance(item, IngestError), (name, item)
        assert item.error and item.error.strip(), name


# --- the bundled sample corpus ------------------------------------------------------------


def test_sample_corpus_reads_cleanly():
    corpus = sample_corpus_dir()
    assert corpus.is_dir()
    batch = read_inbox([corpus], source="sample", today=TODAY)
    assert batch.errors == []
    assert len(batch.documents) == 18
    assert batch.files_seen == 18
    assert len({d.doc_id for d in batch.documents}) == 18
    for doc in batch.documents:
        assert doc.text.strip(), doc.source_uri
        assert doc.doc_id == content_id(doc.text)
        assert doc.language == "en"
        if doc.source_uri.endswith((".md", ".html")):
            assert doc.title, doc.source_uri
            assert doc.published_at_source == "metadata", doc.source_uri
            assert doc.published_at is not None


def test_sample_corpus_html_has_no_boilerplate():
    batch = read_inbox([sample_corpus_dir()], source="sample", today=TODAY)
    html_docs = [d for d in batch.documents if d.content_type == "text/html"]
    assert len(html_docs) == 3
    for doc in html_docs:
        assert "All rights reserved" not in doc.text, doc.source_uri
        assert "window.dataLayer" not in doc.text, doc.source_uri
        assert "font-family" not in doc.text, doc.source_uri
