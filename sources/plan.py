"""Which inbox files a run must read, and how the work splits into shards.

A file is skipped without being read when the warehouse already holds it with the same
size, modification time and extractor version. A file whose stat changed is read; if its
text (content hash) and extractor version are still the ones loaded, it is not extracted
again either (see `WorkItem.loaded_doc_id`). Shards are stable: a file always lands in the
same shard, so a shard's output can be compared across runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sources.inbox import InboxFile


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """What the warehouse holds for one source URI."""

    doc_id: str
    extractor_version: str
    size: int | None
    mtime_ns: int | None


@dataclass(frozen=True, slots=True)
class WorkItem:
    """A file to read; `loaded_doc_id` is set when the current extractor already loaded
    some text from this URI, so an unchanged text can be recognised after reading."""

    file: InboxFile
    loaded_doc_id: str | None = None


@dataclass
class WorkPlan:
    todo: list[WorkItem] = field(default_factory=list)
    unchanged: int = 0  # skipped on stat alone
    files_seen: int = 0


def plan_work(
    files: list[InboxFile],
    loaded: dict[str, LoadedFile],
    extractor_version: str,
    *,
    full_refresh: bool = False,
) -> WorkPlan:
    """Split the inbox into files to read and files already loaded as they are."""
    plan = WorkPlan(files_seen=len(files))
    for f in files:
        known = loaded.get(f.uri)
        current = known is not None and known.extractor_version == extractor_version
        if current and not full_refresh and (known.size, known.mtime_ns) == (f.size, f.mtime_ns):
            plan.unchanged += 1
            continue
        plan.todo.append(WorkItem(f, known.doc_id if current and not full_refresh else None))
    return plan


def shard_of(key: str, shards: int) -> int:
    """A stable shard number for a key (a file URI or a doc_id)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


def split_shards(items: list[WorkItem], shards: int) -> list[list[WorkItem]]:
    """Items by shard, each shard in inbox order."""
    out: list[list[WorkItem]] = [[] for _ in range(max(1, shards))]
    for item in items:
        out[shard_of(item.file.uri, len(out))].append(item)
    return out


def chunks(items: list, size: int) -> list[list]:
    """Consecutive chunks of at most `size` items: the unit of bounded memory."""
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]
