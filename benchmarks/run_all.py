"""Run the benchmarks one after another (`make bench`); each writes benchmarks/results/*.json.

The 100k-profile search benchmark takes about an hour to load on two cores, so it runs only
with --search (reuse a loaded pool with --search-data-dir).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

QUICK = [
    ["benchmarks.bench_import", "--count", "1000"],
    ["benchmarks.bench_async", "--candidates", "2000"],
    ["benchmarks.bench_freshness", "--rounds", "20"],
    ["benchmarks.bench_sse"],
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--search", action="store_true", help="also the 100k search benchmark")
    parser.add_argument("--search-data-dir", default=None)
    args = parser.parse_args()
    runs = list(QUICK)
    if args.search:
        extra = ["--data-dir", args.search_data_dir] if args.search_data_dir else []
        runs.append(["benchmarks.bench_search", *extra])
    failed = 0
    for module, *rest in runs:
        print(f"== {module} {' '.join(rest)}", flush=True)
        failed += subprocess.run([sys.executable, "-m", module, *rest]).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
