#!/usr/bin/env python3
"""Prints a markdown table of a JMH JSON result file (-rf json): score, counters, allocation per op.

usage: bench/scripts/jmh-table.py bench/target/results/jmh.json
"""
import json
import sys


def number(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "—"
    if value != value:  # NaN: JMH's "no error estimate" (a single iteration)
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def main(path):
    with open(path) as f:
        runs = json.load(f)
    print("| benchmark | params | score | error (99.9%) | unit | counters | alloc B/op |")
    print("|---|---|---:|---:|---|---|---:|")
    for run in runs:
        name = run["benchmark"].removeprefix("io.salvo.bench.")
        params = ", ".join(f"{k}={v}" for k, v in (run.get("params") or {}).items()) or "—"
        primary = run["primaryMetric"]
        secondary = run.get("secondaryMetrics") or {}
        counters = "; ".join(f"{k} {number(m['score'])} {m['scoreUnit']}"
                             for k, m in secondary.items() if not k.startswith("gc.") and not k.startswith("·"))
        alloc = secondary.get("gc.alloc.rate.norm") or secondary.get("·gc.alloc.rate.norm")
        print(f"| {name} | {params} | {number(primary['score'])} | {number(primary.get('scoreError'))}"
              f" | {primary['scoreUnit']} | {counters or '—'} | {number(alloc['score']) if alloc else 'not measured'} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
