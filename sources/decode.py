"""Bytes to text: detect the encoding, refuse binary, and say how the decision was made."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Encodings we accept beyond UTF-8; detection outside this set is reported, not used.
ACCEPTED_ENCODINGS = (
    "utf_8",
    "utf_16",
    "gb18030",
    "gbk",
    "gb2312",
    "big5",
    "big5hkscs",
    "cp1252",
    "latin_1",
    "ascii",
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    method: str  # bom | utf-8 | detected


def decode_bytes(data: bytes) -> Decoded:
    """UTF-8 and BOM-marked text directly; GB18030/Big5 and others by detection."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc.replace("-sig", ""), "bom")
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"bytes after the {enc} byte-order mark do not decode: {exc}"
                ) from exc
    head = data[:8192]
    if b"\x00" in head:
        raise DecodeError("binary content (NUL bytes) and no UTF-16 byte-order mark")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
            # a file cut inside its last character: keep the text, drop the broken character
            return Decoded(data[: exc.start].decode("utf-8"), "utf-8", "utf-8 (truncated)")
    best = from_bytes(data, cp_isolation=list(ACCEPTED_ENCODINGS)).best()
    if best is None:
        raise DecodeError(
            "undecodable: not UTF-8 and no accepted encoding fits "
            f"({', '.join(ACCEPTED_ENCODINGS)})"
        )
    if best.chaos > 0.2:
        raise DecodeError(
            f"undecodable: best guess {best.encoding} reads as noise (chaos {best.chaos:.2f})"
        )
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise DecodeError(f"binary content: {best.encoding} decodes to control characters")
    return Decoded(text, best.encoding, "detected")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)
