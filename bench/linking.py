"""Score region and indicator linking on tests/gold/linking.jsonl and list the errors.

Usage: .venv/bin/python bench/linking.py [--errors]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from tests.support.linking_gold import score_linking

    t0 = time.perf_counter()
    s = score_linking()
    elapsed = time.perf_counter() - t0
    print(f"linking gold: {s.lines} figures, {s.found} extracted with the gold surface")
    print(
        f"region accuracy   {s.region_accuracy:.3f}  (precision of non-null codes "
        f"{s.region_precision:.3f}, wrong codes {s.region_wrong_code})"
    )
    print(f"indicator accuracy {s.indicator_accuracy:.3f}")
    print(f"time {elapsed:.2f} s")
    if "--errors" in sys.argv:
        print("\n".join(sorted(s.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
