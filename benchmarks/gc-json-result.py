#!/usr/bin/env python3
"""stdin: the JSON of `jpbs gc --json`; stdout: the RESULT key=value fields gc-vs-refgc.sh logs.

Per-phase CPU time and touches/s are not in the command's output: they are printed as nan
(the summary shows n/a); use --via harness for them."""
import json
import sys

j = json.load(sys.stdin)
p1, p2 = float(j["mark-duration"]), float(j["sweep-duration"])
entries = j["disk-chunks"] + j["removed-chunks"] + j["pending-chunks"]
fields = {
    "index_files": j["index-file-count"],
    "removed_chunks": j["removed-chunks"], "disk_chunks": j["disk-chunks"],
    "pending_chunks": j["pending-chunks"], "missing": j["missing-chunks"],
    "p1_s": f"{p1:.3f}", "p2_s": f"{p2:.3f}", "total_s": f"{p1 + p2:.3f}",
    "touches_per_s": "nan", "p2_entries_per_s": f"{entries / p2:.0f}" if p2 > 0 else "nan",
    "p1_cpu_s": "nan", "p2_cpu_s": "nan",
}
print(" ".join(f"{k}={v}" for k, v in fields.items()))
