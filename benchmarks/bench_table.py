#!/usr/bin/env python3
"""Formats `spikegen bench` records (JSON Lines) as Markdown: per machine, a line saying what it
is and a table with one row per record, each ending with the command that produced it.
Standard library only: the GPU machines have python3 and nothing else.

Usage: benchmarks/bench_table.py RECORDS.jsonl [MORE.jsonl ...] > table.md
"""
import json
import sys


def device_name(record):
    """The device in a few words; the full descriptions are listed above the table."""
    if record["backend"] == "cpu":
        return "OpenMP C++"
    return record["device"].split(" (")[0]


def rates(record):
    return ", ".join(f"{name} {hz:.1f}" for name, hz in record.get("rates_hz", {}).items())


def mib(value):
    return f"{value / 2**20:.0f}" if value >= 2**20 else f"{value / 2**20:.2f}"


def row(r):
    threads = r["threads"] if r.get("threads") is not None else "—"
    cold = f"{r['build_cold_s']:.2f}" + (" (cache hit)" if r.get("build_cold_cache_hit") else "")
    return [
        r["network_name"] + ("" if r.get("scale", 1) == 1 else f" ×{r['scale']:g}"),
        f"{r['neurons']:,}",
        f"{r['synapses']:,}",
        r["backend"],
        device_name(r),
        str(threads),
        f"{cold} / {r['build_cached_s']:.4f}",
        f"{r['init_s']:.3f}",
        f"**{r['realtime_factor']:.3f}**",
        f"{r['us_per_step']:.1f}",
        f"{r['synaptic_events_per_s']:.2e}",
        rates(r),
        f"{mib(r['peak_host_memory_bytes'])} / {mib(r['device_memory_bytes'])}",
        f"`{r['command']}`",
    ]


HEADER = ["network", "neurons", "synapses", "backend", "device", "threads", "build cold / cached (s)",
          "init (s)", "real-time factor (wall s per biological s)", "µs per step", "synaptic events/s", "rates (Hz)",
          "memory: host peak / backend (MiB)", "command"]


def machine_line(records):
    m = records[0]["machine"]
    loads = [r["machine"].get("load_average_1min", -1) for r in records]
    revisions = sorted({r["git_revision"] for r in records})
    dates = sorted(r["date"] for r in records)
    settings = sorted({f"{r['duration_ms'] / 1000:g} s of biological time, dt {r['dt_ms']:g} ms, seed {r['seed']}, "
                       f"fastest of {r['repeats']} run{'s' if r['repeats'] > 1 else ''}" for r in records})
    devices = sorted({r["device"] for r in records if r["backend"] != "cpu"})
    lines = [f"Machine `{m['host']}`: {m['cpu']}, {m['cores']} cores (load average {min(loads):.1f}–{max(loads):.1f} "
             f"when the runs started); spikegen {', '.join(revisions)}; {dates[0][:10]}. " + "; ".join(settings) + "."]
    if devices:
        lines.append("Devices: " + "; ".join(devices) + ".")
    return "\n\n".join(lines)


def main(paths):
    records = []
    for path in paths:
        with open(path) as f:
            records += [json.loads(line) for line in f if line.strip()]
    if not records:
        sys.exit("bench_table.py: no records in " + ", ".join(paths))
    machines = {}
    for r in records:
        machines.setdefault((r["machine"]["host"], r["machine"]["cpu"]), []).append(r)
    out = []
    for group in machines.values():
        out += [machine_line(group), "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        out += ["| " + " | ".join(row(r)) + " |" for r in group]
        out.append("")
    print("\n".join(out), end="")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
