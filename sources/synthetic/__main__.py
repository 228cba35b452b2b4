"""python -m sources.synthetic --out DIR --count N [--seed S] [--start K]"""

from __future__ import annotations

import argparse
from pathlib import Path

from sources.synthetic.generator import generate_corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sources.synthetic",
        description="Write a seeded synthetic news corpus and its gold metrics (gold.jsonl).",
    )
    parser.add_argument("--out", type=Path, required=True, help="corpus folder")
    parser.add_argument("--count", type=int, required=True, help="number of documents")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--start", type=int, default=0, help="number of the first document")
    args = parser.parse_args(argv)
    print(generate_corpus(args.out, args.count, seed=args.seed, start=args.start))


if __name__ == "__main__":
    main()
