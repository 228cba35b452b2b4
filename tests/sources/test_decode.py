"""Bytes on disk to text: encodings, byte-order marks, and input that is not text at all.

Every input file is generated here in tmp_path and read through read_inbox/read_file,
so the tests exercise the same path a real inbox does.
"""

from __future__ import annotations

import codecs
import datetime as dt
import random
from pathlib import Path

import pytest

from sources.decode import DecodeError, decode_bytes
from sources.inbox import InboxBatch, read_file, read_inbox
from transforms.models import Document, IngestError

TODAY = dt.date(2024, 6, 1)
FETCHED_AT = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.UTC)

ENGLISH = (
    "China's rural tap water coverage reached 90 percent by the end of 2023, "
    "up 3 percentage points from a year earlier.\n"
    "From 2021 to 2023, the country invested 466.3 billion yuan in rural water supply projects."
)
# Simplified Chinese (GB18030) and traditional Chinese (Big5): a paragraph on rural
# revitalization (乡村振兴) with numbers, percentages and full-width punctuation.
CHINESE = (
    "全面推进乡村振兴。2023年，全国农村居民人均可支配收入21691元，同比实际增长7.6%。"
    "脱贫县农村居民人均可支配收入16396元，增长8.4%。"
    "中央财政衔接推进乡村振兴补助资金规模达到1750亿元，比上年增加100亿元。\n"
    "截至2022年底，全国累计建成10亿亩高标准农田，粮食总产量连续8年稳定在1.3万亿斤以上。"
)
TRADITIONAL = (
    "全面推進鄉村振興。2023年，全國農村居民人均可支配收入21691元，同比實際增長7.6%。"
    "脫貧縣農村居民人均可支配收入16396元，增長8.4%。"
    "中央財政銜接推進鄉村振興補助資金規模達到1750億元，比上年增加100億元。"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read_one(path: Path, root: Path, **kwargs) -> Document | IngestError:
    return read_file(path, root, source="test", today=TODAY, fetched_at=FETCHED_AT, **kwargs)


def read_single(inbox: Path, **kwargs) -> Document | IngestError:
    """read_inbox over a folder holding exactly one file: its one Document or IngestError."""
    batch = read_inbox([inbox], source="test", today=TODAY, **kwargs)
    assert batch.files_seen == 1
    items = [*batch.documents, *batch.errors]
    assert len(items) == 1, items
    return items[0]


def assert_error(item: object, reason_part: str) -> IngestError:
    assert isinstance(item, IngestError), f"expected an IngestError, got {item!r}"
    assert reason_part in item.error, f"{reason_part!r} not in error {item.error!r}"
    assert item.source_uri.startswith("file://")
    return item


# --- encodings that must decode to exactly the original text ------------------------------


@pytest.mark.parametrize(
    ("name", "text", "data", "encoding"),
    [
        pytest.param("plain.txt", ENGLISH, ENGLISH.encode("utf-8"), "utf-8 (utf-8)", id="utf-8"),
        pytest.param(
            "zh_utf8.txt", CHINESE, CHINESE.encode("utf-8"), "utf-8 (utf-8)", id="utf-8-chinese"
        ),
        pytest.param(
            "bom8.txt",
            CHINESE,
            codecs.BOM_UTF8 + CHINESE.encode("utf-8"),
            "utf-8 (bom)",
            id="utf-8-bom",
        ),
        pytest.param(
            "le.txt",
            CHINESE,
            codecs.BOM_UTF16_LE + CHINESE.encode("utf-16-le"),
            "utf-16 (bom)",
            id="utf-16-le-bom",
        ),
        pytest.param(
            "be.txt",
            CHINESE,
            codecs.BOM_UTF16_BE + CHINESE.encode("utf-16-be"),
            "utf-16 (bom)",
            id="utf-16-be-bom",
        ),
        pytest.param(
            "le_en.txt",
            ENGLISH,
            codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"),
            "utf-16 (bom)",
            id="utf-16-le-bom-english",
        ),
        pytest.param(
            "gb.txt", CHINESE, CHINESE.encode("gb18030"), "gb18030 (detected)", id="gb18030"
        ),
        pytest.param(
            "big5.txt", TRADITIONAL, TRADITIONAL.encode("big5"), "big5 (detected)", id="big5"
        ),
    ],
)
def test_encoding_decodes_to_original_text(tmp_path, name, text, data, encoding):
    write(tmp_path / name, data)
    doc = read_single(tmp_path)
    assert isinstance(doc, Document), doc
    assert doc.text == text
    assert "\ufeff" not in doc.text  # the byte-order mark is not part of the text
    assert doc.encoding == encoding


def test_gb18030_markdown_with_front_matter(tmp_path):
    md = f"---\ntitle: 乡村振兴取得新进展\ndate: 2024-01-17\n---\n\n{CHINESE}\n"
    write(tmp_path / "zh.md", md.encode("gb18030"))
    doc = read_single(tmp_path)
    assert isinstance(doc, Document), doc
    assert doc.text == CHINESE
    assert doc.title == "乡村振兴取得新进展"
    assert doc.published_at == dt.date(2024, 1, 17)
    assert doc.encoding == "gb18030 (detected)"
    assert doc.language == "zh"


def test_gb18030_html_page(tmp_path):
    page = (
        '<html><head><meta charset="gb18030"><title>乡村振兴取得新进展</title>'
        '<meta name="date" content="2024-01-17"></head><body><article>'
        "<h1>乡村振兴取得新进展</h1>"
        "<p>2023年，全国农村居民人均可支配收入21691元，同比实际增长7.6%。"
        "脱贫县农村居民人均可支配收入16396元，增长8.4%。</p>"
        "<p>中央财政衔接推进乡村振兴补助资金规模达到1750亿元，比上年增加100亿元。</p>"
        "</article></body></html>"
    )
    write(tmp_path / "zh.html", page.encode("gb18030"))
    doc = read_single(tmp_path)
    assert isinstance(doc, Document), doc
    assert doc.encoding == "gb18030 (detected)"
    assert "脱贫县农村居民人均可支配收入16396元" in doc.text
    assert "比上年增加100亿元" in doc.text
    assert doc.language == "zh"


def test_same_text_in_three_encodings_is_one_document(tmp_path):
    """The doc_id is taken from the decoded text, so re-encoded copies are duplicates."""
    write(tmp_path / "a_utf8.txt", CHINESE.encode("utf-8"))
    write(tmp_path / "b_gb18030.txt", CHINESE.encode("gb18030"))
    write(tmp_path / "c_utf16.txt", codecs.BOM_UTF16_LE + CHINESE.encode("utf-16-le"))
    batch = read_inbox([tmp_path], source="test", today=TODAY)
    assert batch.files_seen == 3
    assert [d.source_uri.rsplit("/", 1)[1] for d in batch.documents] == ["a_utf8.txt"]
    assert [e.error for e in batch.errors] == ["duplicate content", "duplicate content"]


# --- input that is not text: always an IngestError with a reason, never an exception ------


def test_empty_file(tmp_path):
    write(tmp_path / "empty.txt", b"")
    err = assert_error(read_single(tmp_path), "empty file")
    assert err.size_bytes == 0


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"   \n\t\n  \r\n", id="ascii-whitespace"),
        pytest.param(codecs.BOM_UTF8 + b"  \n\n  ", id="utf-8-bom-whitespace"),
        pytest.param(codecs.BOM_UTF16_LE + " \n\t ".encode("utf-16-le"), id="utf-16-whitespace"),
    ],
)
def test_whitespace_only_file(tmp_path, data):
    write(tmp_path / "blank.txt", data)
    item = read_single(tmp_path)
    assert isinstance(item, IngestError), item
    assert item.error in ("empty file", "no text after cleaning")


def test_binary_png_bytes_in_a_txt_file(tmp_path):
    rng = random.Random(20240601)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096))
    assert b"\x00" in png
    write(tmp_path / "scan.txt", png)
    err = assert_error(read_single(tmp_path), "binary content")
    assert err.size_bytes == len(png)


def test_binary_nul_bytes_after_plausible_text(tmp_path):
    data = b"RURALPULSE DATA FILE v1\n" + bytes(range(256)) * 4
    write(tmp_path / "dump.txt", data)
    assert_error(read_single(tmp_path), "binary content")


def test_utf16_without_bom_is_reported_not_guessed(tmp_path):
    write(tmp_path / "nobom.txt", ENGLISH.encode("utf-16-le"))
    assert_error(read_single(tmp_path), "binary content")


def test_undecodable_high_bytes(tmp_path):
    rng = random.Random(7)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    write(tmp_path / "noise.txt", data)
    err = assert_error(read_single(tmp_path), "undecodable")
    assert err.detail and "not UTF-8" in err.detail


def test_invalid_utf8_after_utf8_bom(tmp_path):
    write(tmp_path / "broken.txt", codecs.BOM_UTF8 + b"Rural income rose \xff\xfe\xc3 sharply.")
    err = assert_error(read_single(tmp_path), "byte-order mark do not decode")
    assert "utf-8" in err.error


def test_truncated_utf16_after_bom(tmp_path):
    write(tmp_path / "odd.txt", codecs.BOM_UTF16_LE + "Rural".encode("utf-16-le") + b"\x00\xd8")
    assert_error(read_single(tmp_path), "byte-order mark do not decode")


def test_bad_bytes_never_stop_the_batch(tmp_path):
    rng = random.Random(3)
    write(tmp_path / "a_good.txt", ENGLISH)
    write(tmp_path / "b_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + rng.randbytes(512))
    write(tmp_path / "c_noise.txt", bytes(rng.randrange(0x80, 0x100) for _ in range(2000)))
    write(tmp_path / "d_empty.txt", b"")
    write(tmp_path / "e_gb.txt", CHINESE.encode("gb18030"))
    batch = read_inbox([tmp_path], source="test", today=TODAY)
    assert isinstance(batch, InboxBatch)
    assert [d.source_uri.rsplit("/", 1)[1] for d in batch.documents] == ["a_good.txt", "e_gb.txt"]
    assert [e.source_uri.rsplit("/", 1)[1] for e in batch.errors] == [
        "b_binary.txt",
        "c_noise.txt",
        "d_empty.txt",
    ]
    assert batch.files_seen == len(batch.documents) + len(batch.errors) == 5


# --- decode_bytes directly: the method names the decision --------------------------------


def test_decode_bytes_methods():
    assert decode_bytes(b"abc").method == "utf-8"
    bom = decode_bytes(codecs.BOM_UTF8 + b"abc")
    assert (bom.text, bom.encoding, bom.method) == ("abc", "utf-8", "bom")
    be = decode_bytes(codecs.BOM_UTF16_BE + "abc".encode("utf-16-be"))
    assert (be.text, be.encoding, be.method) == ("abc", "utf-16", "bom")
    gb = decode_bytes(CHINESE.encode("gb18030"))
    assert (gb.text, gb.encoding, gb.method) == (CHINESE, "gb18030", "detected")


@pytest.mark.parametrize("data", [b"", b" \n\t", b"\x00\x01\x02binary\x00"])
def test_decode_bytes_refuses_with_decode_error(data):
    with pytest.raises(DecodeError):
        decode_bytes(data)
