"""A hostile inbox: every kind of file a real inbox eventually receives, written deterministically.

`write_hostile_inbox(folder, seed)` fills `folder` and returns {relative file name: expected},
where expected is "error" (the file must become one IngestError with a clear reason) or
"document" (it must become one Document). The same seed always writes the same bytes.

Decisions documented here (the tests assert them):

* truncated UTF-8 ("truncated_utf8.txt": valid UTF-8 whose last multibyte character is cut
  off, as a broken download leaves it) -> "document". Everything but the last 1-3 bytes is
  valid UTF-8, so refusing the whole article loses good text, and guessing another encoding
  turns every Chinese character into mojibake. The right reading is the UTF-8 text with the
  incomplete tail dropped (or replaced by U+FFFD); the tests check the intact part survives
  exactly.
* wrong charset declared ("wrong_charset.html": <meta charset="utf-8"> but GB18030 bytes)
  -> "document" whose text is the correct Chinese: the bytes decide, not the declaration.
* mixed encodings ("mixed_encodings.txt": a UTF-8 paragraph then a GB18030 paragraph, both
  Chinese) -> "error". No single encoding reads both halves, so any Document would carry
  one half as mojibake; a clear "undecodable" style error is the honest answer.
* a symlink to a file outside the inbox -> "error" ("link leads outside the inbox"). Its
  target is written next to the inbox, in `<folder>.outside/`, never inside it.
* a 50 MB .txt file -> "error" ("file too large") under the default 20 MB limit.
* deeply nested (5,000 <div>) HTML with scripts, and malformed HTML -> "document": the
  paragraph is readable, so the page is.
* odd file names (spaces, unicode, leading dash, a 200-character name, a newline when the
  file system allows it) -> "document": a name is no reason to refuse the content.
* number torture documents -> "document"; what extraction makes of them is tested
  separately (never an exception, finite values only, exact provenance, bounded time).
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from tests.conftest import SEED_FILE

ERROR, DOCUMENT = "error", "document"
SEED_NAME = SEED_FILE.name
HUGE_BYTES = 50 * 1024 * 1024

# Torture sentences, one document each, keyed by the file name they are written to.
# The figures sit inside ordinary news sentences so the grammar's context rules all run.
TORTURE: dict[str, str] = {
    "torture_pow_10_999.txt": "The provincial fund reached 10^999 yuan by the end of the year.",
    "torture_1e308.txt": "Villages in the county received 1e308 yuan in road subsidies last year.",
    "torture_500_digits.txt": "The cooperative reported revenue of "
    + "7" * 500
    + " yuan in its first year.",
    "torture_nan_percent.txt": "Rural tap water coverage stood at NaN percent in the survey.",
    "torture_inf_percent.txt": "Broadband coverage in the township rose by inf percent.",
    "torture_minus_zero_percent.txt": "Grain output in the prefecture changed by -0 percent.",
    "torture_comma_list.txt": "The relocation site houses 1,2,3,4,5,6 households from the hills.",
    "torture_26_nines.txt": "The program says it has reached 99999999999999999999999999 people.",
    "torture_tiny_percent.txt": "The poverty rate in the county fell to 0.0000000001 percent.",
    "torture_100k_digits.txt": "Digits follow on the next line.\n" + "1234567890" * 10_000,
    "torture_20k_about_5_percent.txt": "Incomes in the pilot villages rose "
    + "about 5 percent, " * 20_000
    + "according to the county bureau.",
}
# The two inputs whose size makes them slow for an extractor that is not linear.
SLOW_TORTURE = ("torture_100k_digits.txt", "torture_20k_about_5_percent.txt")

_PARAGRAPHS = (
    "In {year}, the county invested {a:,} yuan in rural roads, and {p}.{q} percent of "
    "villages gained a bus service.",
    "About {b:,} households in {n} townships were moved to safer homes, officials said.",
    "Per capita disposable income of rural residents reached {a:,} yuan, up {p}.{q} percent "
    "from a year earlier.",
    "The cooperative sold {b:,} tonnes of tea and hired {n} local workers.",
)
_ZH_UTF8 = "乡村振兴取得新进展。全国农村居民人均可支配收入21691元，同比实际增长7.6%。"
_ZH_GB = "脱贫县农村居民人均可支配收入16396元，增长8.4%。中央财政衔接推进乡村振兴补助资金规模达到1750亿元。"


def _english(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        out.append(
            rng.choice(_PARAGRAPHS).format(
                year=rng.randrange(2016, 2024),
                a=rng.randrange(1_000, 90_000_000),
                b=rng.randrange(100, 900_000),
                n=rng.randrange(2, 60),
                p=rng.randrange(1, 99),
                q=rng.randrange(0, 9),
            )
        )
    return " ".join(out)


def _write(folder: Path, name: str, data: bytes | str) -> None:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _huge_text(rng: random.Random, size: int) -> bytes:
    """`size` bytes of English paragraphs with numbers, built from one repeated block (fast)."""
    block = ("\n\n".join(_english(rng, 6) for _ in range(8)) + "\n\n").encode("utf-8")
    reps = size // len(block) + 1
    return (block * reps)[:size]


def newline_names_allowed(folder: Path) -> bool:
    """Whether this file system accepts a newline inside a file name."""
    probe = folder / ".probe\nname"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


def outside_dir(folder: Path) -> Path:
    """Where the symlink's target lives: next to the inbox, never inside it."""
    return folder.parent / f"{folder.name}.outside"


def write_hostile_inbox(folder: Path, seed: int = 0) -> dict[str, str]:
    """Write the hostile inbox into `folder`; return {relative name: "error" | "document"}."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | str, what: str) -> None:
        _write(folder, name, data)
        expected[name] = what

    # --- files that are not articles ---------------------------------------------------------
    put("empty.txt", b"", ERROR)
    binary = bytearray(rng.randbytes(4096))
    for i in range(0, len(binary), 97):
        binary[i] = 0  # NULs throughout, including the first 8 KB
    put("binary.txt", bytes(binary), ERROR)
    put("huge_50mb.txt", _huge_text(rng, HUGE_BYTES), ERROR)

    # --- encodings -----------------------------------------------------------------------------
    truncated = (_english(rng, 3) + " " + _ZH_UTF8).encode("utf-8")
    # cut the last character ("。", 3 bytes in UTF-8) after its first byte
    put("truncated_utf8.txt", truncated[:-2], DOCUMENT)
    wrong_charset = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>乡村振兴取得新进展</title>'
        "</head><body><article><h1>乡村振兴取得新进展</h1>"
        f"<p>{_ZH_UTF8}</p><p>{_ZH_GB}</p></article></body></html>"
    )
    put("wrong_charset.html", wrong_charset.encode("gb18030"), DOCUMENT)
    mixed = (_ZH_UTF8 * 3 + "\n").encode("utf-8") + (_ZH_GB * 3 + "\n").encode("gb18030")
    put("mixed_encodings.txt", mixed, ERROR)

    # --- HTML ----------------------------------------------------------------------------------
    paragraph = _english(rng, 3)
    nested = (
        "<html><head><title>Deeply nested page</title>"
        "<script>var a = '<div>'; for (;;) { document.write(a); }</script></head><body>"
        + "<script>console.log('SCRIPT_TOKEN')</script>"
        + "<div>" * 5000
        + f"<p>DEEP_PARAGRAPH {paragraph}</p>"
        + "</div>" * 5000
        + "<script>window.SCRIPT_TOKEN = 1;</script></body></html>"
    )
    put("deep_nesting.html", nested, DOCUMENT)
    malformed = (
        "<html><head><title>Malformed page</title><body><div><p>MALFORMED_HEAD "
        + _english(rng, 3)
        + " Prices < costs when 3 < 4 and <<< stray brackets remain."
        + "<p>Unclosed <b>bold <i>italic <table><tr><td>cell"
        + "<p>MALFORMED_TAIL "
        + _english(rng, 2)
        + "</span></table></div></div>< / p><"
    )
    put("malformed.html", malformed, DOCUMENT)

    # --- odd names -----------------------------------------------------------------------------
    put("name with  spaces.txt", _english(rng, 3), DOCUMENT)
    put("乡村振兴 ünïcödé ☃.txt", _english(rng, 3), DOCUMENT)
    put("-leading-dash.txt", _english(rng, 3), DOCUMENT)
    long_name = ("long_name_" + "x" * 200)[:196] + ".txt"
    assert len(long_name) == 200
    put(long_name, _english(rng, 3), DOCUMENT)
    if newline_names_allowed(folder):
        put("new\nline.txt", _english(rng, 3), DOCUMENT)

    # --- a link out of the inbox ---------------------------------------------------------------
    outside = outside_dir(folder)
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "secret.txt"
    target.write_text("Outside the inbox: 42 yuan must never be read.\n", encoding="utf-8")
    link = folder / "link_outside.txt"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(target, link)
    expected["link_outside.txt"] = ERROR

    # --- number torture ------------------------------------------------------------------------
    for name, text in TORTURE.items():
        put(name, text + "\n", DOCUMENT)

    # --- the seed article ----------------------------------------------------------------------
    shutil.copyfile(SEED_FILE, folder / SEED_NAME)
    expected[SEED_NAME] = DOCUMENT
    return expected
