"""`ruralpulse extract --jsonl` on worker processes: same answers, same order, no stalls."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from orchestration.extract_stream import BATCH_LINES, _batches

RURALPULSE = [sys.executable, "-m", "orchestration.cli"]
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sorted((ROOT / "sources" / "sample_corpus").glob("*.txt"))


def _lines() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLE]
    sentences = [s for t in texts for s in t.split(". ") if any(c.isdigit() for c in s)]
    copies = 4 * BATCH_LINES // len(sentences) + 1  # several batches in flight
    return [json.dumps({"id": i, "text": s}) for i, s in enumerate(sentences * copies)]


def _run(workers: int, lines: list[str]) -> list[dict]:
    proc = subprocess.run(
        [*RURALPULSE, "extract", "--jsonl", "--workers", str(workers)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_workers_answer_like_one_process_in_input_order() -> None:
    lines = _lines()
    assert len(lines) > 3 * BATCH_LINES
    one, two = _run(1, lines), _run(2, lines)
    assert [a["id"] for a in two] == list(range(len(lines)))
    assert two == one
    assert sum(len(a["quantities"]) for a in two) > len(lines)


def test_a_line_is_answered_before_the_next_is_sent() -> None:
    """A client that waits for each answer (the benchmark's warm-up) must not stall."""
    proc = subprocess.Popen(
        [*RURALPULSE, "extract", "--jsonl", "--workers", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        for i in range(3):
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(json.dumps({"id": i, "text": f"It rose {i} percent."}).encode())
            proc.stdin.write(b"\n")
            proc.stdin.flush()
            t0 = time.perf_counter()
            answer = json.loads(proc.stdout.readline())
            assert answer["id"] == i and answer["quantities"][0]["unit"] == "percent"
            assert time.perf_counter() - t0 < 10
        proc.stdin.write(b'{"id": "last", "text": "no newline, 7 percent"}')
        proc.stdin.close()
        assert json.loads(proc.stdout.read())["id"] == "last"
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()


def test_batches_keep_order_and_limits() -> None:
    lines = [b"x" * 10] * (BATCH_LINES + 5) + [b"y" * 400_000, b"z"]
    batches = _batches(lines)
    assert [raw for b in batches for raw in b] == lines
    assert all(len(b) <= BATCH_LINES for b in batches)
    assert batches[-2:] == [[b"y" * 400_000], [b"z"]]  # a long line travels alone


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def test_a_killed_worker_costs_no_answer() -> None:
    """A worker killed mid-stream (the OOM killer): its lines are answered in process."""
    lines = _lines()
    proc = subprocess.Popen(
        [*RURALPULSE, "extract", "--jsonl", "--workers", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write((lines[0] + "\n").encode())
        proc.stdin.flush()
        assert json.loads(proc.stdout.readline())["id"] == 0
        workers = _children(proc.pid)
        assert workers, "no worker processes"
        os.kill(workers[0], signal.SIGKILL)
        proc.stdin.write(("\n".join(lines[1:]) + "\n").encode())
        proc.stdin.close()
        answers = [json.loads(line) for line in proc.stdout.read().splitlines()]
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    assert [a["id"] for a in answers] == list(range(1, len(lines)))
    assert all("error" not in a for a in answers)
