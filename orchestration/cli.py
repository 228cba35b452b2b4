"""The `ruralpulse` command line.

Heavy imports (Dagster, Great Expectations) happen inside the subcommands that
need them, so `extract`, `query` and `tables` start fast.
"""

from __future__ import annotations

import argparse
import json
import sys

from orchestration import settings

PIPELINE_JOB = "ruralpulse_pipeline"


def cmd_extract(args: argparse.Namespace) -> int:
    # bytes in, decoded per line: one bad byte spoils one line, never the stream
    stream = open(args.file, "rb") if args.file else sys.stdin.buffer  # noqa: SIM115
    try:
        if args.jsonl:
            from orchestration.extract_stream import default_workers, serve

            workers = args.workers if args.workers is not None else default_workers()
            serve(stream, sys.stdout.buffer, workers)
        else:
            from transforms.extract import extract_metrics
            from transforms.models import Document
            from transforms.serialize import metric_to_json

            text = stream.read().decode("utf-8", errors="replace")
            for m in extract_metrics(Document.from_text(text, source="extract")):
                sys.stdout.write(json.dumps(metric_to_json(m), ensure_ascii=False) + "\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from orchestration.runner import run_pipeline

    db = settings.db_path(args.db)
    return run_pipeline(
        db,
        inbox=args.inbox,
        full_refresh=args.full_refresh,
        purge_missing=args.purge_missing,
        workers=args.workers,
    )


def cmd_query(args: argparse.Namespace) -> int:
    from warehouse.db import WarehouseLockedError
    from warehouse.queries import QueryError, run_query_with_source

    db = settings.db_path(args.db)
    try:
        frame, freshness = run_query_with_source(db, args.sql)
    except (QueryError, FileNotFoundError, WarehouseLockedError) as exc:
        print(f"ruralpulse query: {exc}", file=sys.stderr)
        return 1
    print(f"-- {freshness}", file=sys.stderr)
    if args.format == "json":
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    else:
        print(frame.to_string(index=False, max_colwidth=60) if len(frame) else "(no rows)")
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from warehouse.db import WarehouseLockedError, connect_reader
    from warehouse.queries import table_inventory

    db = settings.db_path(args.db)
    try:
        with connect_reader(db) as (con, source):
            inv = table_inventory(con)
    except (FileNotFoundError, WarehouseLockedError) as exc:
        print(f"ruralpulse tables: {exc}", file=sys.stderr)
        return 1
    print(f"warehouse: {source.describe()}")
    print(inv.to_string(index=False, max_colwidth=90))
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    from orchestration.ui import serve

    return serve(settings.db_path(args.db), host=args.host, port=args.port)


def cmd_lineage(args: argparse.Namespace) -> int:
    from orchestration.runner import print_lineage

    return print_lineage(settings.db_path(args.db))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ruralpulse", description="RuralPulse: policy news to a warehouse of metrics."
    )
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize every asset (ingest, extract, validate, load)")
    run.add_argument(
        "--inbox",
        action="append",
        metavar="DIR",
        help="inbox folder (repeatable; default: RURALPULSE_INBOX or the sample corpus)",
    )
    run.add_argument(
        "--db", help=f"warehouse file (default: RURALPULSE_DB or {settings.DEFAULT_DB})"
    )
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="also re-extract every document already in the warehouse",
    )
    run.add_argument(
        "--purge-missing",
        action="store_true",
        help="delete the rows of documents whose files have left the inbox (kept by default)",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parallel extraction processes (default: one per CPU when the inbox holds about "
        "2,000 new files or more, else 1)",
    )
    run.set_defaults(func=cmd_run)

    ex = sub.add_parser("extract", help="extract metrics from text (or JSON lines with --jsonl)")
    ex.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"id", "text"} lines, write {"id", "quantities"} lines',
    )
    ex.add_argument(
        "--workers",
        type=int,
        default=None,
        help="with --jsonl: worker processes (default: one per CPU, at most 4; 1 = in process)",
    )
    ex.add_argument("file", nargs="?", help="input file (default: standard input)")
    ex.set_defaults(func=cmd_extract)

    q = sub.add_parser("query", help="run read-only SQL against the warehouse")
    q.add_argument("--db", help="warehouse file")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.add_argument("sql")
    q.set_defaults(func=cmd_query)

    t = sub.add_parser("tables", help="list warehouse tables with row counts and descriptions")
    t.add_argument("--db", help="warehouse file")
    t.set_defaults(func=cmd_tables)

    ui = sub.add_parser("ui", help="start Dagster's webserver and daemon on loopback")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--db", help="warehouse file")
    ui.set_defaults(func=cmd_ui)

    li = sub.add_parser("lineage", help="print the asset graph and last materializations")
    li.add_argument("--db", help="warehouse file")
    li.set_defaults(func=cmd_lineage)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
