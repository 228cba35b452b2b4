"""Publication dates: metadata > dateline > file name > ingested (today).

The precedence tests write real files and read them with read_inbox; the unit tests
pin down the dateline, file-name and metadata parsers on their own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sources.dates import dateline_date, filename_date, parse_date
from sources.inbox import read_inbox
from transforms.models import DATE_SOURCES, Document

TODAY = dt.date(2024, 6, 1)

BODY = (
    "Rural residents' per capita disposable income reached 21,691 yuan in 2023, "
    "up 7.6 percent in real terms, the National Bureau of Statistics said."
)


def read_doc(inbox: Path, name: str, content: str, today: dt.date = TODAY) -> Document:
    (inbox / name).write_text(content, encoding="utf-8")
    batch = read_inbox([inbox / name], source="test", today=today)
    assert batch.errors == []
    assert len(batch.documents) == 1
    doc = batch.documents[0]
    assert doc.published_at_source in DATE_SOURCES
    return doc


# --- precedence, through files on disk --------------------------------------------------


def test_metadata_beats_dateline_and_filename(tmp_path):
    md = (
        "---\ntitle: Rural incomes rise\ndate: 2024-01-17\n---\n\n"
        f"BEIJING, Nov. 22 (Xinhua) -- {BODY}\n"
    )
    doc = read_doc(tmp_path, "report_2023-05-04.md", md)
    assert (doc.published_at, doc.published_at_source) == (dt.date(2024, 1, 17), "metadata")


@pytest.mark.parametrize("key", ["date", "published", "published_at", "pubdate"])
def test_metadata_date_keys(tmp_path, key):
    md = f"---\ntitle: Rural incomes rise\n{key}: 2022-06-15\n---\n\n{BODY}\n"
    doc = read_doc(tmp_path, "note.md", md)
    assert (doc.published_at, doc.published_at_source) == (dt.date(2022, 6, 15), "metadata")


def test_metadata_datetime_string(tmp_path):
    md = f'---\ntitle: Rural incomes rise\ndate: "2023-03-09T08:30:00+08:00"\n---\n\n{BODY}\n'
    doc = read_doc(tmp_path, "note.md", md)
    assert (doc.published_at, doc.published_at_source) == (dt.date(2023, 3, 9), "metadata")


def test_unparseable_metadata_date_falls_back_to_dateline(tmp_path):
    md = f"---\ntitle: Rural incomes rise\ndate: soon\n---\n\nBEIJING, Nov. 22, 2021 (Xinhua) -- {BODY}\n"
    doc = read_doc(tmp_path, "note.md", md)
    assert (doc.published_at, doc.published_at_source) == (dt.date(2021, 11, 22), "dateline")


def test_html_meta_date_is_metadata(tmp_path):
    page = (
        '<html><head><title>Rural incomes rise</title><meta name="date" content="2023-08-15">'
        f"</head><body><article><h1>Rural incomes rise</h1><p>{BODY}</p>"
        f"<p>{BODY.replace('2023', '2022')}</p></article></body></html>"
    )
    doc = read_doc(tmp_path, "page_2021-01-01.html", page)
    assert (doc.published_at, doc.published_at_source) == (dt.date(2023, 8, 15), "metadata")


def test_dateline_with_year(tmp_path):
    doc = read_doc(tmp_path, "story.txt", f"BEIJING, Nov. 22, 2021 (Xinhua) -- {BODY}\n")
    assert (doc.published_at, doc.published_at_source) == (dt.date(2021, 11, 22), "dateline")


def test_dateline_without_year_uses_the_current_year(tmp_path):
    doc = read_doc(tmp_path, "story.txt", f"BEIJING, Feb. 25 (Xinhua) -- {BODY}\n")
    assert (doc.published_at, doc.published_at_source) == (dt.date(2024, 2, 25), "dateline")


def test_dateline_after_today_rolls_back_one_year(tmp_path):
    doc = read_doc(tmp_path, "story.txt", f"BEIJING, Nov. 22 (Xinhua) -- {BODY}\n")
    assert (doc.published_at, doc.published_at_source) == (dt.date(2023, 11, 22), "dateline")


def test_dateline_on_today_does_not_roll_back(tmp_path):
    doc = read_doc(tmp_path, "story.txt", f"BEIJING, June 1 (Xinhua) -- {BODY}\n")
    assert (doc.published_at, doc.published_at_source) == (dt.date(2024, 6, 1), "dateline")


def test_dateline_with_explicit_future_year_is_kept(tmp_path):
    doc = read_doc(tmp_path, "story.txt", f"BEIJING, Nov. 22, 2024 (Xinhua) -- {BODY}\n")
    assert (doc.published_at, doc.published_at_source) == (dt.date(2024, 11, 22), "dateline")


def test_dateline_beats_filename(tmp_path):
    doc = read_doc(tmp_path, "2023-05-04_story.txt", f"LANZHOU, March 5 (Xinhua) -- {BODY}\n")
    assert (doc.published_at, doc.published_at_source) == (dt.date(2024, 3, 5), "dateline")


def test_dateline_in_markdown_body(tmp_path):
    md = f"---\ntitle: Rural incomes rise\n---\n\nURUMQI, Dec 3 -- {BODY}\n"
    doc = read_doc(tmp_path, "note.md", md)
    assert (doc.published_at, doc.published_at_source) == (dt.date(2023, 12, 3), "dateline")


def test_dateline_in_html_page_without_meta_date(tmp_path):
    page = (
        "<html><head><title>Rural incomes rise</title></head><body><article>"
        f"<h1>Rural incomes rise</h1><p>BEIJING, Jan. 17 (Xinhua) -- {BODY}</p>"
        f"<p>{BODY.replace('2023', '2022')}</p></article></body></html>"
    )
    doc = read_doc(tmp_path, "page.html", page)
    assert (doc.published_at, doc.published_at_source) == (dt.date(2024, 1, 17), "dateline")


@pytest.mark.parametrize(
    "name",
    ["2023-05-04_rural_income.txt", "rural_income_2023-05-04.txt", "rural-income-20230504.txt"],
)
def test_filename_date_when_no_metadata_or_dateline(tmp_path, name):
    doc = read_doc(tmp_path, name, BODY + "\n")
    assert (doc.published_at, doc.published_at_source) == (dt.date(2023, 5, 4), "filename")


def test_ingested_today_when_nothing_else(tmp_path):
    doc = read_doc(tmp_path, "rural_income.txt", BODY + "\n")
    assert (doc.published_at, doc.published_at_source) == (TODAY, "ingested")


def test_ingested_uses_the_given_today(tmp_path):
    doc = read_doc(tmp_path, "rural_income.txt", BODY + "\n", today=dt.date(2020, 2, 2))
    assert (doc.published_at, doc.published_at_source) == (dt.date(2020, 2, 2), "ingested")


def test_invalid_filename_date_is_ignored(tmp_path):
    doc = read_doc(tmp_path, "rural_income_2023-13-45.txt", BODY + "\n")
    assert (doc.published_at, doc.published_at_source) == (TODAY, "ingested")


def test_dateline_not_at_start_is_not_a_dateline(tmp_path):
    text = f"{BODY}\nBEIJING, Nov. 22 (Xinhua) -- a later paragraph.\n"
    doc = read_doc(tmp_path, "rural_income.txt", text)
    assert doc.published_at_source == "ingested"


# --- the parsers on their own -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("BEIJING, Nov. 22 (Xinhua) -- x", dt.date(2024, 12, 1), dt.date(2024, 11, 22)),
        ("BEIJING, Nov. 22 (Xinhua) -- x", dt.date(2024, 1, 10), dt.date(2023, 11, 22)),
        ("BEIJING, Nov. 22, 2021 (Xinhua) -- x", dt.date(2024, 1, 10), dt.date(2021, 11, 22)),
        ("LANZHOU, March 5, 2021 (Xinhua) - x", dt.date(2024, 1, 10), dt.date(2021, 3, 5)),
        ("URUMQI, Dec 3 -- x", dt.date(2024, 1, 10), dt.date(2023, 12, 3)),
        ("BEIJING, Sept. 3 (Xinhua) -- x", dt.date(2024, 10, 1), dt.date(2024, 9, 3)),
        ("  HONG KONG, Jan. 5 (Xinhua) — x", dt.date(2024, 6, 1), dt.date(2024, 1, 5)),
        ("BEIJING, Feb. 29 (Xinhua) -- x", dt.date(2024, 3, 1), dt.date(2024, 2, 29)),
        ("Beijing, Nov. 22 (Xinhua) -- x", dt.date(2024, 12, 1), None),
        ("BEIJING, Nov. 31 (Xinhua) -- x", dt.date(2024, 12, 1), None),
        ("BEIJING (Xinhua) -- x", dt.date(2024, 12, 1), None),
        ("The report came out on Nov. 22.", dt.date(2024, 12, 1), None),
    ],
)
def test_dateline_date(text, reference, expected):
    assert dateline_date(text, reference) == expected


def test_dateline_feb_29_without_year_in_a_non_leap_year():
    assert dateline_date("BEIJING, Feb. 29 (Xinhua) -- x", dt.date(2025, 3, 1)) == dt.date(
        2024, 2, 29
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2023-05-04_report.txt", dt.date(2023, 5, 4)),
        ("report_20230504.md", dt.date(2023, 5, 4)),
        ("report_2023_05_04.html", dt.date(2023, 5, 4)),
        ("report-1999-12-31.txt", dt.date(1999, 12, 31)),
        ("report_2023-02-30.txt", None),
        ("report_2023-13-01.txt", None),
        ("report_120230504.txt", None),
        ("report.txt", None),
    ],
)
def test_filename_date(name, expected):
    assert filename_date(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2023, 4, 10), dt.date(2023, 4, 10)),
        (dt.datetime(2023, 4, 10, 23, 59), dt.date(2023, 4, 10)),
        ("2023-04-10", dt.date(2023, 4, 10)),
        ("April 10, 2023", dt.date(2023, 4, 10)),
        ("2023-04-10T08:00:00+08:00", dt.date(2023, 4, 10)),
        ("soon", None),
        ("", None),
        ("   ", None),
        (None, None),
        (20230410, None),
        ("99999999999999999999", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected
