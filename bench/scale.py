"""Scale benchmark: the whole pipeline on generated corpora of 1,000 / 10,000 / 100,000 documents.

Usage: .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--repeats 3]
       [--workers N] [--workdir DIR] [--out bench/out/scale.md]

For each size it runs `ruralpulse run` (a real Dagster run into a fresh DuckDB file) as a
subprocess and prints: documents/s and MB/s end to end, wall time per stage (from Dagster's
step records) and CPU seconds per stage (summed over chunks), peak memory of the whole process
tree (sum of PSS, i.e. shared pages counted once), warehouse size, and precision/recall of the
loaded metrics against the generated gold. Then 100 new documents on top of the largest
warehouse (incremental), and a full refresh of it. The bare read of the same files (open and
read every byte) is timed as the floor. Figures are medians over --repeats runs (the largest
size runs once unless --repeats-largest says otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic_score import score  # noqa: E402
from sources.synthetic.generator import SHARD_SIZE, generate_corpus  # noqa: E402

RURALPULSE = str(Path(sys.executable).with_name("ruralpulse"))
STEP_GROUPS = {
    "reference": ("reference_tables",),
    "plan": ("plan_inbox",),
    "stage (read+extract+validate)": ("stage_shard",),
    "collect": ("collect_staged",),
    "load + checks": ("load_warehouse",),
    "gx check": ("gx_metric_suite",),
    "marts": ("marts",),
}


# -- memory ---------------------------------------------------------------------------------
class TreeMemory:
    """Samples the memory of a process and all its descendants (PSS summed, in MiB)."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid, self.interval = pid, interval
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mib = max(self.peak_mib, _tree_pss_mib(self.pid))
            self._stop.wait(self.interval)


def _tree_pss_mib(root: int) -> float:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total_kib, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kib += int(line.split()[1])
                    break
        except OSError:
            continue
    return total_kib / 1024


# -- one run --------------------------------------------------------------------------------
@dataclass
class RunFigures:
    documents: int
    seconds: float
    mib_read: float
    peak_mib: float
    warehouse_mib: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    run_id: str = ""
    output: str = ""


def run_pipeline(
    folders: list[Path], db: Path, home: Path, workers: int, *extra: str
) -> tuple[float, float, str]:
    """One `ruralpulse run`; returns (seconds, peak MiB, output)."""
    # workers 0: let `ruralpulse run` choose (in-process for small increments)
    args = [RURALPULSE, "run", "--db", str(db), *extra]
    if workers:
        args += ["--workers", str(workers)]
    for f in folders:
        args += ["--inbox", str(f)]
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    home.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )
    with TreeMemory(proc.pid) as mem:
        out, _ = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        print(out[-4000:], file=sys.stderr)
        raise SystemExit(f"ruralpulse run failed ({proc.returncode})")
    return seconds, mem.peak_mib, out


def run_stats(home: Path) -> tuple[str, dict[str, float], dict[str, float]]:
    """Wall seconds per step group of the latest run, and CPU seconds per stage."""
    os.environ["DAGSTER_HOME"] = str(home)
    from dagster import AssetKey, DagsterInstance

    with DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        spans: dict[str, tuple[float, float]] = {}
        for st in instance.get_run_step_stats(run.run_id):
            if st.start_time is None or st.end_time is None:
                continue
            group = next(
                (g for g, keys in STEP_GROUPS.items() if any(k in st.step_key for k in keys)),
                "other",
            )
            lo, hi = spans.get(group, (st.start_time, st.end_time))
            spans[group] = (min(lo, st.start_time), max(hi, st.end_time))
        # wall time of each group: shards run side by side
        steps = {g: hi - lo for g, (lo, hi) in spans.items()}
        cpu: dict[str, float] = {}
        event = instance.get_latest_materialization_event(AssetKey(["ingest", "documents"]))
        if event and event.run_id == run.run_id:
            meta = event.asset_materialization.metadata
            if "seconds_per_stage" in meta:
                cpu = dict(meta["seconds_per_stage"].value)
    return run.run_id, steps, cpu


def corpus_files(folders: list[Path]) -> list[Path]:
    return sorted(p for f in folders for p in f.iterdir() if p.is_file())


def bare_read(files: list[Path]) -> float:
    """Seconds to open and read every file: the floor under any pipeline."""
    t0 = time.perf_counter()
    for p in files:
        with open(p, "rb") as handle:
            handle.read()
    return time.perf_counter() - t0


def precision_recall(db: Path, corpus: Path, folders: list[Path]) -> dict:
    """Loaded metrics against the generated gold, one folder of documents at a time."""
    import duckdb

    wanted = tuple(f'{{"document": "{f.name}/' for f in folders)
    gold_by_doc = {}
    with open(corpus / "gold.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(wanted):  # parse only the documents of this corpus
                row = json.loads(line)
                gold_by_doc[row["document"]] = row
    con = duckdb.connect(str(db), read_only=True)
    totals = {"gold": 0, "predicted": 0, "matched": 0}
    agreement: dict[str, list[float]] = {}
    try:
        for folder in folders:
            prefix = folder.absolute().as_uri() + "/"
            docs = con.execute(
                "SELECT source_uri, text FROM raw.documents WHERE starts_with(source_uri, ?)",
                [prefix],
            ).fetchall()
            rel = {uri: uri[len(corpus.absolute().as_uri()) + 1 :] for uri, _ in docs}
            texts = {rel[uri]: text for uri, text in docs}
            predicted: dict[str, list[dict]] = {name: [] for name in texts}
            rows = con.execute(
                """SELECT d.source_uri, m.start, m."end", m.value, m.unit, m.bound, m.is_target
                   FROM core.fct_metric AS m JOIN raw.documents AS d USING (doc_id)
                   WHERE starts_with(d.source_uri, ?)""",
                [prefix],
            ).fetchall()
            for uri, start, end, value, unit, bound, is_target in rows:
                predicted[rel[uri]].append(
                    {
                        "start": start,
                        "end": end,
                        "value": value,
                        "unit": unit,
                        "bound": bound,
                        "is_target": is_target,
                    }
                )
            lines = [gold_by_doc[name] for name in sorted(texts) if name in gold_by_doc]
            result = score(lines, predicted, texts, examples=0)
            for k in totals:
                totals[k] += result[k]
            for k, v in result["agreement"].items():
                if v is not None:
                    agreement.setdefault(k, []).append(v * result["matched"])
    finally:
        con.close()
    p = totals["matched"] / totals["predicted"] if totals["predicted"] else 0.0
    r = totals["matched"] / totals["gold"] if totals["gold"] else 0.0
    agree = {k: sum(v) / totals["matched"] for k, v in agreement.items() if totals["matched"]}
    return {**totals, "precision": p, "recall": r, "agreement": agree}


def measure(
    label: str,
    folders: list[Path],
    db: Path,
    home: Path,
    workers: int,
    *extra: str,
    new_documents: int | None = None,
) -> RunFigures:
    files = corpus_files(folders)
    seconds, peak, out = run_pipeline(folders, db, home, workers, *extra)
    run_id, steps, cpu = run_stats(home)
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())
    figures = RunFigures(
        documents=new_documents if new_documents is not None else len(files),
        seconds=seconds,
        mib_read=sum(p.stat().st_size for p in files) / 2**20,
        peak_mib=peak,
        warehouse_mib=size / 2**20,
        step_seconds=steps,
        cpu_seconds=cpu,
        run_id=run_id,
        output=out,
    )
    print(
        f"  {label}: {seconds:7.1f} s  {len(files) / seconds:8.0f} docs/s  "
        f"peak {peak:6.0f} MiB  steps {json.dumps({k: round(v, 1) for k, v in steps.items()})}",
        flush=True,
    )
    return figures


def folders_for(corpus: Path, n: int) -> list[Path]:
    return [corpus / f"{i:04d}" for i in range((n + SHARD_SIZE - 1) // SHARD_SIZE)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--repeats-largest", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--workdir", default="/tmp/ruralpulse-scale")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "scale.md"))
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = Path(args.workdir)
    corpus = work / "corpus"
    largest = sizes[-1]

    have = 0
    if (corpus / "gold.jsonl").exists():
        with open(corpus / "gold.jsonl", encoding="utf-8") as handle:
            have = sum(1 for _ in handle)
    if have < largest:
        summary = generate_corpus(corpus, largest, seed=7)
        print(f"generated: {summary}", flush=True)

    rows = []
    for n in sizes:
        folders = folders_for(corpus, n)
        files = corpus_files(folders)
        floor = statistics.median(bare_read(files) for _ in range(3))
        repeats = args.repeats_largest if n == largest else args.repeats
        print(f"{n} documents ({repeats} runs), bare read {floor:.2f} s", flush=True)
        runs = []
        for r in range(repeats):
            run_dir = work / "runs" / f"{n}-{r}"
            subprocess.run(["rm", "-rf", str(run_dir)], check=True)
            runs.append(
                measure(
                    f"run {r + 1}",
                    folders,
                    run_dir / "warehouse.duckdb",
                    run_dir / "dagster_home",
                    args.workers,
                )
            )
        last_dir = work / "runs" / f"{n}-{repeats - 1}"
        quality = precision_recall(last_dir / "warehouse.duckdb", corpus, folders)
        rows.append((f"{n:,} documents", runs, floor, quality))

    big_dir = work / "runs" / f"{largest}-{args.repeats_largest - 1}"
    db, home = big_dir / "warehouse.duckdb", big_dir / "dagster_home"
    folders = folders_for(corpus, largest)
    incremental = []
    for r in range(args.repeats):
        generate_corpus(corpus, 100, seed=7, start=largest + 100 * r)
        extra = folders_for(corpus, largest + 100 * (r + 1))[len(folders) :]
        incremental.append(
            measure(f"+100 documents ({r + 1})", folders + extra, db, home, 0, new_documents=100)
        )
    all_folders = folders + extra
    floor = bare_read(corpus_files(extra))
    rows.append(("+100 new documents (incremental)", incremental, floor, None))
    refresh = measure("full refresh", all_folders, db, home, args.workers, "--full-refresh")
    rows.append(("full refresh", [refresh], bare_read(corpus_files(all_folders)), None))

    table = render(rows, args.workers)
    print(table)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(table, encoding="utf-8")
    return 0


def render(rows: list, workers: int) -> str:
    lines = [
        f"Scale benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"{workers} workers; medians of the runs shown",
        "",
        "| corpus | runs | seconds | docs/s | MB/s | × bare read | peak MiB | warehouse MiB "
        "| precision | recall | value / unit / bound agree |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    stages = []
    for label, runs, floor, quality in rows:
        sec = statistics.median(r.seconds for r in runs)
        docs = runs[0].documents
        mib = runs[0].mib_read
        peak = max(r.peak_mib for r in runs)
        q = (
            (
                f"{quality['precision']:.4f}",
                f"{quality['recall']:.4f}",
                " / ".join(
                    f"{quality['agreement'].get(k, 0):.3f}" for k in ("value", "unit", "bound")
                ),
            )
            if quality
            else ("", "", "")
        )
        lines.append(
            f"| {label} | {len(runs)} | {sec:.1f} | {docs / sec:,.0f} | {mib / sec:.2f} "
            f"| {sec / floor:,.0f} | {peak:,.0f} | {runs[-1].warehouse_mib:,.0f} | {q[0]} | {q[1]} "
            f"| {q[2]} |"
        )
        step = {
            k: statistics.median(r.step_seconds.get(k, 0.0) for r in runs)
            for k in runs[0].step_seconds
        }
        cpu = {
            k: statistics.median(r.cpu_seconds.get(k, 0.0) for r in runs)
            for k in runs[0].cpu_seconds
        }
        stages.append(
            f"| {label} | "
            + ", ".join(f"{k} {v:.1f}" for k, v in step.items())
            + " | "
            + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
            + " |"
        )
    lines += [
        "",
        "Where the time goes: wall seconds per Dagster step group (shards run side by side), "
        "and CPU seconds per stage inside the staging steps (summed over chunks).",
        "",
        "| corpus | wall s per step group | CPU s per stage |",
        "|---|---|---|",
        *stages,
        "",
        "Documents counted are the files in the inbox; the bare read is opening and reading every "
        "one of them once (warm page cache); `× bare read` is run time over that floor.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
