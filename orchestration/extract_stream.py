"""`ruralpulse extract --jsonl`: one answer line per input line, in input order.

With several workers, lines are answered by a pool of forked processes in small batches.
Input is read as it arrives and a batch goes out as soon as no more input is waiting, so a
client that sends one line and waits for its answer (the benchmark's warm-up line, an
interactive session) is answered at once, and a client that streams a file keeps every
worker busy. Answers are written in input order and flushed after each write.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import multiprocessing
import os
import select
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from typing import BinaryIO

import orjson

from transforms.extract import extract_metrics
from transforms.models import Document
from transforms.serialize import metric_to_json

BATCH_LINES = 64  # lines per task: big enough to amortise the hand-over, small for latency
BATCH_BYTES = 1 << 18  # and at most this much text per task, so long lines spread out
READ_BYTES = 1 << 16
IN_FLIGHT_PER_WORKER = 4  # batches queued per worker before reading more input
POLL_S = 0.002  # how long to wait for a batch before looking at the input again
# One encoder for every answer: json.dumps with options builds a new one per call. An answer
# is plain data built here (no cycles), so the circular-reference bookkeeping is skipped.
_ENCODER = json.JSONEncoder(ensure_ascii=True, default=str, check_circular=False)


def answer_line(raw: bytes) -> str:
    """One JSON line in, one JSON answer line out; a broken line gets an error answer."""
    return answer_bytes(raw).decode("utf-8")


def answer_bytes(raw: bytes) -> bytes:
    """answer_line as UTF-8 bytes, as written: no decoding and encoding again on the way out."""
    line = raw.decode("utf-8", errors="replace")
    try:
        rec = _loads(line)
        if not isinstance(rec, dict):
            raise ValueError("each line must be a JSON object")
    except (ValueError, RecursionError) as exc:
        answer = {"id": None, "quantities": [], "error": f"invalid JSON line: {type(exc).__name__}"}
        return json.dumps(answer).encode() + b"\n"
    rec_id = _safe_id(rec.get("id"))
    try:
        published = rec.get("published_at")
        doc = Document.from_text(
            str(rec.get("text") or ""),
            source="extract",
            published_at=dt.date.fromisoformat(published) if published else None,
        )
        answer = {"id": rec_id, "quantities": [metric_to_json(m) for m in extract_metrics(doc)]}
    except Exception as exc:  # one bad line never ends the stream
        answer = {"id": rec_id, "quantities": [], "error": f"{type(exc).__name__}: {exc}"}
    return _dumps(answer) + b"\n"


def _loads(line: str) -> object:
    """orjson where it can; the standard library for what only it accepts (NaN, a lone
    surrogate escape, integers past 64 bits), so no line is answered differently."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def _dumps(answer: dict) -> bytes:
    """orjson (UTF-8, no blanks); the standard library for what orjson refuses (a lone
    surrogate or a 65-bit integer echoed in an id)."""
    try:
        return orjson.dumps(answer)
    except TypeError:
        return _ENCODER.encode(answer).encode("utf-8")


def answer_batch(lines: list[bytes]) -> bytes:
    """The answers to a batch of lines, as one string (one pickle back to the parent)."""
    return b"".join(answer_bytes(raw) for raw in lines)


def _safe_id(value: object) -> object:
    """Echo the id back as valid JSON: NaN and infinity become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def default_workers() -> int:
    """One process per CPU, at most four; one where fork or select on pipes is missing."""
    if os.name != "posix" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, cpus or 1))


def serve(stream: BinaryIO, out: BinaryIO, workers: int) -> None:
    """Answer every non-blank line of stream on out, in order."""
    if workers <= 1:
        for raw in stream:
            if raw.strip():
                out.write(answer_bytes(raw))
                out.flush()
        return
    _warm_up()  # forked workers inherit the loaded grammar, lexicon and region index
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        _serve_pool(stream, out, pool, workers)


def _batches(lines: list[bytes]) -> list[list[bytes]]:
    """Consecutive runs of at most BATCH_LINES lines and about BATCH_BYTES bytes."""
    out: list[list[bytes]] = []
    size = 0
    for raw in lines:
        if not out or len(out[-1]) >= BATCH_LINES or size + len(raw) > BATCH_BYTES:
            out.append([])
            size = 0
        out[-1].append(raw)
        size += len(raw)
    return out


def _warm_up() -> None:
    answer_line(b'{"id": 0, "text": "Income rose 5 percent to 8,000 yuan in Hunan."}')


def _serve_pool(stream: BinaryIO, out: BinaryIO, pool: ProcessPoolExecutor, workers: int) -> None:
    fd = stream.fileno()
    pending: deque[tuple[Future[bytes] | None, list[bytes]]] = deque()
    parts: list[bytes] = []  # the line being read, in chunks (a line may be megabytes long)
    eof = False
    while not eof or pending:
        if not eof and len(pending) < workers * IN_FLIGHT_PER_WORKER:
            ready, _, _ = select.select([fd], [], [], POLL_S if pending else None)
            if ready:
                chunk = os.read(fd, READ_BYTES)
                eof = not chunk
                if not eof and b"\n" not in chunk:
                    parts.append(chunk)
                    continue
                lines = (b"".join(parts) + chunk).split(b"\n")
                parts = [] if eof else [lines.pop()]
                for batch in _batches([raw for raw in lines if raw.strip()]):
                    pending.append((_submit(pool, batch), batch))
        elif pending and pending[0][0] is not None:
            wait_futures([pending[0][0]], timeout=None if eof else POLL_S)
        while pending and (pending[0][0] is None or pending[0][0].done()):
            future, batch = pending.popleft()
            out.write(_result(future, batch))
            out.flush()


def _submit(pool: ProcessPoolExecutor, batch: list[bytes]) -> Future[bytes] | None:
    """The batch sent to a worker; None when the pool is broken (a worker was killed)."""
    try:
        return pool.submit(answer_batch, batch)
    except BrokenProcessPool:
        return None


def _result(future: Future[bytes] | None, batch: list[bytes]) -> bytes:
    """A worker's answers; the batch answered here if its worker died (OOM killer, signal)."""
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool:
            pass
    return answer_batch(batch)
