#!/usr/bin/env python3
"""Median table of gc-vs-refgc.sh RUN lines (stdin); argv[1] = the store's .truth as 'k=v k=v'."""
import statistics
import sys


def kv(line):
    out = {}
    for tok in line.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
    return out


truth = kv(sys.argv[1]) if len(sys.argv) > 1 else {}
runs, floor = [], None
for line in sys.stdin:
    if line.startswith("RUN "):
        runs.append(kv(line))
    elif line.startswith("FLOOR "):
        floor = kv(line)

if not runs:
    sys.exit("no RUN lines")

fs, n = runs[0]["fs"], int(runs[0]["n"])


def med(rs, key, scale=1.0):
    """Median; nan when a run lacks the value (bin/jpbs gc --json has no per-phase CPU)."""
    vals = [float(r.get(key, "nan")) * scale for r in rs]
    return float("nan") if any(v != v for v in vals) else statistics.median(vals)


impls = ["refgc"] + sorted({r["impl"] for r in runs if r["impl"] != "refgc"},
                           key=lambda i: next(k for k, r in enumerate(runs) if r["impl"] == i))
pairs = len([r for r in runs if r["impl"] == "refgc"]) // max(1, len({r['t'] for r in runs}))
print(f"\n## {fs}, {n:,} chunks: medians of {pairs} pairs\n")
print("| impl | threads | phase 1 s (cpu) | phase 2 s (cpu) | GC total s | process wall s | process cpu s | touches/s"
      " | p2 entries/s | removed | disk chunks | peak RSS MiB | foreign cpu s | load |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
bad = []
rows = {}
for t in sorted({r["t"] for r in runs}, key=int):
    for impl in impls:
        rs = [r for r in runs if r["t"] == t and r["impl"] == impl]
        if not rs:
            continue
        removed = sorted({r["removed_chunks"] for r in rs})
        disk = sorted({r["disk_chunks"] for r in rs})
        for r in rs:
            if truth and (r["removed_chunks"] != truth.get("chunks_orphan")
                          or r["disk_chunks"] != truth.get("chunks_referenced")):
                bad.append(f"{impl} t={t}: removed={r['removed_chunks']} disk={r['disk_chunks']} vs truth")
        row = dict(
            p1=med(rs, "p1_s"), p2=med(rs, "p2_s"), gc=med(rs, "total_s"), tot=med(rs, "wall"),
            p1c=med(rs, "p1_cpu_s"), p2c=med(rs, "p2_cpu_s"),
            cpu=statistics.median(float(r["user"]) + float(r["sys"]) for r in rs),
            tps=med(rs, "touches_per_s"), eps=med(rs, "p2_entries_per_s"),
            rss=med(rs, "maxrss_kb", 1 / 1024), foreign=med(rs, "foreign_cpu_s"), load=med(rs, "load"))
        rows[(t, impl)] = row
        print(f"| {impl} | {t} | {row['p1']:.2f} ({row['p1c']:.2f}) | {row['p2']:.2f} ({row['p2c']:.2f})"
              f" | {row['gc']:.2f} | {row['tot']:.2f} | {row['cpu']:.2f} | {row['tps']:,.0f} | {row['eps']:,.0f}"
              f" | {'/'.join(removed)} | {'/'.join(disk)} | {row['rss']:.0f} | {row['foreign']:.1f} | {row['load']:.1f} |")

print("\nRatios (total = process wall time, JVM start included):\n")
print("| impl | threads | jpbs/refgc phase 1 | phase 2 | total | phase 1 cpu | phase 2 cpu | jpbs total / refgc t=1 |")
print("|---|---|---|---|---|---|---|---|")
base = rows.get(("1", "refgc"))
for impl in impls[1:]:
    for t in sorted({k[0] for k in rows}, key=int):
        j, r = rows.get((t, impl)), rows.get((t, "refgc"))
        if not j or not r:
            continue
        vs1 = f"{j['tot'] / base['tot']:.2f}" if base else "-"
        print(f"| {impl} | {t} | {j['p1'] / r['p1']:.2f} | {j['p2'] / r['p2']:.2f} | {j['tot'] / r['tot']:.2f}"
              f" | {j['p1c'] / r['p1c']:.2f} | {j['p2c'] / r['p2c']:.2f} | {vs1} |")
if floor:
    print(f"\nfloor: utimensat {float(floor['utimensat_per_s']):,.0f}/s, readdir {float(floor['readdir_per_s']):,.0f}/s,"
          f" fstatat {float(floor['fstatat_per_s']):,.0f}/s")
    j = rows.get(("1", impls[1])) if len(impls) > 1 else None
    if j:
        print(f"jpbs t=1 touches/s vs floor utimensat/s: {j['tps'] / float(floor['utimensat_per_s']):.2f}")
print("\nremoved/disk counts agree with the truth file in every run" if not bad else "\nMISMATCH:\n" + "\n".join(bad))
sys.exit(1 if bad else 0)
