"""quantulum3 speaking the benchmark protocol (JSON lines in, quantities out), for comparison."""

from __future__ import annotations

import json
import sys
import warnings


def main() -> int:
    warnings.filterwarnings("ignore")
    from quantulum3 import parser

    for line in sys.stdin:
        if not line.strip():
            continue
        rec = json.loads(line)
        out = []
        try:
            for q in parser.parse(rec.get("text") or ""):
                unit = q.unit.name if q.unit and q.unit.name != "dimensionless" else ""
                out.append(
                    {
                        "value": q.value,
                        "unit": unit,
                        "surface": q.surface,
                        "start": q.span[0],
                        "end": q.span[1],
                    }
                )
        except Exception as exc:  # quantulum3 raises on some inputs; count it as no answer
            print(f"quantulum3 failed on {rec.get('id')}: {exc}", file=sys.stderr)
        sys.stdout.write(json.dumps({"id": rec.get("id"), "quantities": out}) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
