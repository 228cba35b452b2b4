"""Publication dates: from metadata, else a news dateline, else the file name."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as date_parser

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "BEIJING, Nov. 22 (Xinhua) --", "LANZHOU, March 5, 2021 (Xinhua) -", "URUMQI, Dec 3 --"
_DATELINE_RE = re.compile(
    rf"^[ \t]*[A-Z][A-Z .'-]{{1,40}},\s*(?P<month>{_MONTHS})\s+(?P<day>\d{{1,2}})"
    r"(?:,?\s+(?P<year>\d{4}))?\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)",
)
_FILENAME_DATE_RE = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)"
)


def parse_date(value: object) -> dt.date | None:
    """A date from front matter or HTML metadata (date, datetime or a string)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date_parser.parse(value.strip(), fuzzy=False).date()
        except (ValueError, OverflowError):
            return None
    return None


def dateline_date(text: str, reference: dt.date) -> dt.date | None:
    """The dateline of a wire story; without a year, the latest such date not after reference.

    It opens the story, or one of its first lines when a headline comes first.
    """
    lines = [line for line in text[:800].split("\n") if line.strip()][:2]
    if len(lines) == 2 and (len(lines[0]) > 160 or lines[0].rstrip().endswith((".", "?", "!"))):
        lines = lines[:1]  # the first line is a paragraph, not a headline
    m = next((m for line in lines if (m := _DATELINE_RE.match(line))), None)
    if not m:
        return None
    month_word = m.group("month").rstrip(".")
    try:
        month = dt.datetime.strptime(month_word[:3], "%b").month
    except ValueError:
        return None
    day = int(m.group("day"))
    if m.group("year"):
        try:
            return dt.date(int(m.group("year")), month, day)
        except ValueError:
            return None
    for year in range(reference.year, reference.year - 8, -1):  # Feb. 29 needs a leap year
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date <= reference:
            return date
    return None


def filename_date(name: str) -> dt.date | None:
    m = _FILENAME_DATE_RE.search(name)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
