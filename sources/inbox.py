"""Read a folder of documents (the inbox) into Documents and IngestErrors.

One bad file never stops the batch: every file ends up as exactly one Document
or one IngestError with a reason a person can act on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote_from_bytes

from sources.dates import dateline_date, filename_date, parse_date
from sources.decode import DecodeError, decode_bytes
from sources.formats import PARSERS, FormatError
from transforms.models import Document, IngestError, content_id, normalize_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER_RE = re.compile(r"[^\W\d_]")  # letters of any script


@dataclass(slots=True)
class InboxBatch:
    """What one pass over the inbox found."""

    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    files_seen: int = 0
    # files whose text is the one already loaded from them (see read_listed)
    unchanged: list[InboxFile] = field(default_factory=list)


def sample_corpus_dir() -> Path:
    """The bundled sample corpus (installed with the package)."""
    return Path(str(resources.files("sources").joinpath("sample_corpus")))


def _folder_uri(folder: str) -> str:
    return Path(os.path.abspath(folder)).as_uri().rstrip("/") + "/"


def _scan(folder: str, uri: str) -> Iterator[tuple[str, str, int, int]]:
    """(path, uri, size, mtime_ns) of every file under a folder, in a stable order: a folder's
    files by name, then its linked folders (reported, not followed), then its subfolders.
    One scandir per folder and no Path objects: listing 100,000 files is a per-run cost."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return  # as os.walk: an unreadable folder lists nothing
    files, links, subfolders = [], [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir and entry.is_symlink():
            links.append(entry)  # reported below: we do not follow linked folders
        elif is_dir:
            subfolders.append(entry)
        else:
            files.append(entry)
    for entry in (*files, *links):
        try:
            st = entry.stat(follow_symlinks=False)
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        yield entry.path, uri + quote_from_bytes(os.fsencode(entry.name)), size, mtime
    for entry in subfolders:
        yield from _scan(entry.path, uri + quote_from_bytes(os.fsencode(entry.name)) + "/")


def count_files(roots: Iterable[Path | str]) -> int:
    """How many entries list_inbox would return, by name only (no stat): a cheap size of the
    inbox for deciding how to run, not a listing."""

    def count(folder: str) -> int:
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            return 0
        n = 0
        for entry in entries:
            try:
                real_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                real_folder = False
            n += count(entry.path) if real_folder else 1
        return n

    total = 0
    for root in map(Path, roots):
        if root.is_file():
            total += 1
        elif root.is_dir():
            total += count(str(root))
    return total


@dataclass(frozen=True, slots=True)
class InboxFile:
    """A file found in the inbox, with what `stat` says: enough to tell whether it changed
    since it was loaded without reading it."""

    path: str
    root: str
    uri: str
    size: int
    mtime_ns: int


def list_inbox(
    roots: Iterable[Path | str], *, source: str = "inbox"
) -> tuple[list[InboxFile], list[IngestError]]:
    """Every file under the given folders (or single files), in a stable order, unread;
    a folder that does not exist is an error."""
    found: list[InboxFile] = []
    errors: list[IngestError] = []
    for root in map(Path, roots):
        if not root.exists():
            errors.append(
                IngestError(
                    source=source,
                    source_uri=Path(os.path.abspath(root)).as_uri(),
                    error="inbox path does not exist",
                )
            )
            continue
        if root.is_file():
            try:
                st = root.lstat()
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                size, mtime = -1, -1
            uri = Path(os.path.abspath(root)).as_uri()
            found.append(InboxFile(str(root), str(root.parent), uri, size, mtime))
            continue
        base = str(root)
        for path, uri, size, mtime in _scan(base, _folder_uri(base)):
            found.append(InboxFile(path, base, uri, size, mtime))
    return found, errors


def _language(text: str) -> str:
    sample = text[:5000]
    cjk = len(_CJK_RE.findall(sample))
    letters = len(_LETTER_RE.findall(sample)) or 1
    return "zh" if cjk / letters > 0.3 else "en"


def read_file(
    path: Path,
    root: Path,
    *,
    source: str,
    today: dt.date,
    fetched_at: dt.datetime,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document | IngestError:
    """One file to a Document, or to an IngestError saying why not."""
    uri = Path(os.path.abspath(path)).as_uri()

    def error(reason: str, detail: str | None = None, size: int | None = None) -> IngestError:
        return IngestError(
            source=source, source_uri=uri, error=reason, detail=detail, size_bytes=size
        )

    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            return error("broken or looping link", str(exc))
        if not target.is_relative_to(root.resolve()):
            return error("link leads outside the inbox", f"points to {target}")
        if target.is_dir():
            return error("linked folder not followed", f"points to {target}")
    if not path.is_file():
        return error("not a regular file")
    if path.name.startswith("."):
        return error("hidden file ignored")
    suffix = path.suffix.lower()
    parser = PARSERS.get(suffix)
    if parser is None:
        return error(
            f"unsupported file type '{suffix or '(none)'}'",
            f"supported: {', '.join(sorted(PARSERS))}",
        )
    size = path.stat().st_size
    if size == 0:
        return error("empty file", size=0)
    if size > max_bytes:
        return error("file too large", f"{size:,} bytes > limit {max_bytes:,}", size)
    try:
        decoded = decode_bytes(path.read_bytes())
        parsed = parser(decoded.text)
    except (DecodeError, FormatError) as exc:
        return error(str(exc).split(":")[0], str(exc), size)
    text = normalize_text(parsed.text)
    if not text.strip():
        return error("no text after cleaning", None, size)
    published, how = _publication_date(parsed.metadata, text, path.name, today)
    meta_source = parsed.metadata.get("source")
    return Document(
        doc_id=content_id(text),
        source=str(meta_source) if meta_source else source,
        source_uri=uri,
        text=text,
        title=parsed.title or _first_line_title(text),
        published_at=published,
        published_at_source=how,
        language=_language(text),
        content_type=parsed.content_type,
        encoding=f"{decoded.encoding} ({decoded.method})",
        fetched_at=fetched_at,
        url=str(parsed.metadata["url"]) if parsed.metadata.get("url") else None,
    )


def _first_line_title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    return first[:200] if 0 < len(first) <= 200 and not first.endswith(".") else None


def _publication_date(meta: dict, text: str, name: str, today: dt.date) -> tuple[dt.date, str]:
    for key in ("date", "published", "published_at", "pubdate"):
        d = parse_date(meta.get(key))
        if d:
            return d, "metadata"
    d = dateline_date(text, today)
    if d:
        return d, "dateline"
    d = filename_date(name)
    if d:
        return d, "filename"
    return today, "ingested"


def read_inbox(
    roots: Iterable[Path | str],
    *,
    source: str = "inbox",
    today: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> InboxBatch:
    """Every file under the given folders (or single files), in a stable order."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    today = today or now.date()
    files, errors = list_inbox(roots, source=source)
    batch = read_listed(
        ((f, None) for f in files), source=source, today=today, fetched_at=now, max_bytes=max_bytes
    )
    batch.errors[:0] = errors
    return batch


def read_listed(
    files: Iterable[tuple[InboxFile, str | None]],
    *,
    source: str,
    today: dt.date,
    fetched_at: dt.datetime,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> InboxBatch:
    """Read listed files, each with the doc_id already loaded from it (or None). A file whose
    text is that one goes to `unchanged`; a second file with the same text as another is an
    error ("duplicate content")."""
    batch = InboxBatch()
    seen: dict[str, str] = {}
    for entry, loaded_doc_id in files:
        batch.files_seen += 1
        item = read_file(
            Path(entry.path),
            Path(entry.root),
            source=source,
            today=today,
            fetched_at=fetched_at,
            max_bytes=max_bytes,
        )
        if isinstance(item, IngestError):
            batch.errors.append(item)
        elif item.doc_id == loaded_doc_id:
            batch.unchanged.append(entry)
        elif item.doc_id in seen:
            batch.errors.append(
                IngestError(
                    source=source,
                    source_uri=item.source_uri,
                    error="duplicate content",
                    detail=f"same text as {seen[item.doc_id]}",
                )
            )
        else:
            seen[item.doc_id] = item.source_uri
            batch.documents.append(item)
    return batch
