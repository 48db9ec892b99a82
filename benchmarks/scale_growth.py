"""How search and storage cost grow with the pool: one row per `bench_scale` result.

    python -m benchmarks.scale_growth scale_2k scale_10k scale_100k_quiet scale_1m

Reads `benchmarks/results/<name>.json` (each written by `benchmarks.bench_scale`), prints
N -> p50/p95 of each leg, recall, disk and index sizes, and the load's time when the run
loaded the pool (else from `<name>_load.json`, the `scout synth-load` report, if present),
and writes `results/scale_growth.json`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from benchmarks.common import RESULTS, write_result


def _ms(block: dict[str, Any] | None) -> str:
    if not block:
        return "-"
    return f"{block['p50_ms']:.0f} / {block['p95_ms']:.0f}"


def row(name: str) -> dict[str, Any]:
    data = json.loads((RESULTS / f"{name}.json").read_text())
    vector = data.get("vector_leg", {}).get("ef_search_40", {})
    tables = data["disk"]["tables"]
    load = data.get("load", {})
    side = RESULTS / f"{name}_load.json"
    if not load.get("profiles_loaded"):  # a pool loaded before: its load report, if kept
        load = json.loads(side.read_text()) if side.exists() else {}
    return {
        "name": name,
        "profiles": data["profiles"],
        "natural_language_hybrid": data["natural_language_hybrid"]["latency"],
        "natural_lexical_leg": data["lexical"]["natural_lexical_new"],
        "boolean_leg": data["boolean_leg"],
        "vector_leg_ef40": vector.get("latency"),
        "vector_recall_at_10": vector.get("recall_at_10_vs_exact"),
        "database_mb": data["disk"]["database_mb"],
        "indexes_mb": tables.get("indexes", {}),
        "postgres_private_mb": data["memory"]["postgres_private_mb"],
        "load_seconds": load.get("load_seconds"),
        "index_build_seconds": load.get("index_build_seconds"),
        "profiles_per_second": load.get("profiles_per_second"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="+", help="result names, smallest pool first")
    args = parser.parse_args()
    rows = [row(name) for name in args.names]
    print(
        "| N | NL hybrid p50/p95 ms | NL lexical leg | Boolean leg | vector ef40 | recall@10 "
        "| DB MB | HNSW MB | GIN search MB | load s (profiles/s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ix = r["indexes_mb"]
        print(
            f"| {r['profiles']:,} | {_ms(r['natural_language_hybrid'])} "
            f"| {_ms(r['natural_lexical_leg'])} | {_ms(r['boolean_leg'])} "
            f"| {_ms(r['vector_leg_ef40'])} | {r['vector_recall_at_10']} | {r['database_mb']:.0f} "
            f"| {ix.get('ix_embeddings_vector_hnsw', '-')} "
            f"| {ix.get('ix_candidates_search_tsv', '-')} "
            f"| {r['load_seconds'] or '-'} ({r['profiles_per_second'] or '-'}) |"
        )
    write_result("scale_growth", {"rows": rows})


if __name__ == "__main__":
    main()
