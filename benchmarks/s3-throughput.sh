#!/usr/bin/env bash
# S3 backup and restore throughput through bin/jpbs (issue 16), against the S3 endpoint of the
# environment (scripts/ceph-rgw env DIR). Per run and per worker count W, on a fresh S3 datastore:
#   full-rand   N images of M MiB random data (incompressible, no duplicate chunk), groups vm/rI
#   full-dup    N images whose first half is one block common to all of them, groups vm/dI
#   incr        the N random images again with 1/8 of each overwritten: incremental backups
#               (the previous snapshot's chunks are known, only changed chunks are uploaded)
#   restore     the N incremental snapshots restored from the local cache (no chunk request)
#   restore-s3  the same from a second, empty cache (init --reuse-datastore): every chunk is a GET
# W = how many jpbs processes run at once (each an own image and group). jpbs backup and restore
# upload and download on one thread, one request at a time, so W is also the number of S3
# connections in use. Every restore is compared byte for byte with its source (outside the time).
#
# Printed per phase and W, medians over the runs: MiB/s and chunks/s (logical bytes and chunks
# of the phase over its wall time, the JVM starts of its processes included), and requests per GiB
# of logical data by type, from the datastore's persisted S3 request counters
# (jpbs gc status --json, "s3-requests"; LIST is part of GET, as in PBS's counters).
#
# The RGW's memstore OSD is small (scripts/ceph-rgw: 2 GiB): with --rgw-dir DIR (the directory
# given to scripts/ceph-rgw start) each run's bucket is purged afterwards with radosgw-admin;
# without it the buckets (jpbs-s3-bench-*) stay and a few runs of the default size fill the OSD.
#
# Usage: benchmarks/s3-throughput.sh [--dir DIR] [--images N] [--mib M] [--runs R]
#                                    [--workers "1 4"] [--rgw-dir DIR] [--keep-rows FILE]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jpbs="$root/bin/jpbs"
dir=/dev/shm/jpbs-s3-bench
images=4
mib=64
runs=3
workers="1 4"
rgw_dir=
rows_out=
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --mib) mib="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --rgw-dir) rgw_dir="$2"; shift 2 ;;
    --keep-rows) rows_out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "${JPBS_S3_ENDPOINT:-}" ]; then
  echo "s3-throughput: JPBS_S3_ENDPOINT is not set: eval \"\$(scripts/ceph-rgw env DIR)\" first" >&2
  exit 2
fi
if [ "$mib" -lt 8 ] || [ $((mib % 8)) != 0 ]; then
  echo "s3-throughput: --mib must be a multiple of 8 (whole 4 MiB chunks in each half)" >&2
  exit 2
fi
rm -rf "$dir"
mkdir -p "$dir/data"
trap 'rm -rf "$dir"' EXIT
export JPBS_NO_BUILD="${JPBS_NO_BUILD:-0}"
"$jpbs" --version >/dev/null # builds the jar first if needed, outside any timing

half=$((mib / 2))
head -c "${half}M" /dev/urandom >"$dir/data/common"
for i in $(seq 1 "$images"); do
  head -c "${mib}M" /dev/urandom >"$dir/data/rand$i"
  { cat "$dir/data/common"; head -c "${half}M" /dev/urandom; } >"$dir/data/dup$i"
  cp "$dir/data/rand$i" "$dir/data/inc$i"
  # overwrite every 8th 4 MiB chunk: 1/8 of the image changes, the rest is known
  for c in $(seq 0 8 $((mib / 4 - 1))); do
    dd if=/dev/urandom of="$dir/data/inc$i" bs=4M count=1 seek="$c" conv=notrunc status=none
  done
done
chunks_per_image=$((mib / 4))

requests() { # cache-dir -> "get list put head post delete"
  "$jpbs" gc status "$1" --json --limit 0 2>/dev/null \
    | jq -r '."s3-requests" | "\(.get) \(.list) \(.put) \(.head) \(.post) \(.delete)"'
}

# phase name run workers cache-dir command ({} = image number; it writes its --json to
# "${out}{}.json"): runs the command for every image, W at a time, and appends one row to rows:
# name W run wall-s busy-s requests-before requests-after. busy-s is the length of the union of
# the commands' own intervals (their "duration", which ends when the process ends): the time
# data moved, without JVM start-up and exit.
rows="$dir/rows.tsv"
: >"$rows"
phase() {
  local name="$1" run="$2" w="$3" cache="$4" cmd="$5" before after start end busy
  export out="$dir/$name-$run-$w."
  : >"${out}ends"
  before=$(requests "$cache")
  start=$(date +%s.%N)
  seq 1 "$images" | xargs -P "$w" -I{} bash -c "$cmd"' && echo "$(date +%s.%N) {}" >>"${out}ends"'
  end=$(date +%s.%N)
  after=$(requests "$cache")
  busy=$(while read -r t i; do echo "$t $(jq .duration "${out}$i.json")"; done <"${out}ends" \
    | python3 -c '
import sys
iv = sorted((float(t) - float(d), float(t)) for t, d in (l.split() for l in sys.stdin))
total, cur = 0.0, None
for a, b in iv:
    if cur is None or a > cur[1]:
        total += 0 if cur is None else cur[1] - cur[0]
        cur = [a, b]
    else:
        cur[1] = max(cur[1], b)
print(total + (cur[1] - cur[0] if cur else 0))')
  echo "$name $w $run $(echo "$end - $start" | bc) $busy $before $after" >>"$rows"
}

echo "data: $images images x $mib MiB per phase ($((images * chunks_per_image)) chunks of 4 MiB)," \
  "$runs runs, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
export jpbs dir
for run in $(seq 1 "$runs"); do
  for w in $workers; do
    bucket="jpbs-s3-bench-$$-$run-$w"
    ds="$dir/s3-$run-$w"
    s3opts=(--s3-endpoint "$JPBS_S3_ENDPOINT" --s3-region "${JPBS_S3_REGION:-us-east-1}"
      --s3-path-style --s3-bucket "$bucket" --s3-store store1)
    "$jpbs" init "$ds" "${s3opts[@]}" --s3-create-bucket >/dev/null
    export ds run w
    phase full-rand "$run" "$w" "$ds" \
      '"$jpbs" backup "$ds" vm/r{} disk.img:"$dir/data/rand{}" --no-progress --json >"${out}{}.json"'
    phase full-dup "$run" "$w" "$ds" \
      '"$jpbs" backup "$ds" vm/d{} disk.img:"$dir/data/dup{}" --no-progress --json >"${out}{}.json"'
    sleep 1 # a snapshot time must be later than the group's last one (whole seconds)
    phase incr "$run" "$w" "$ds" \
      '"$jpbs" backup "$ds" vm/r{} disk.img:"$dir/data/inc{}" --no-progress --json >"${out}{}.json"'
    for i in $(seq 1 "$images"); do # known-chunk reuse: only the changed chunks were new
      new=$(jq '."new-chunks"' "$dir/incr-$run-$w.$i.json")
      [ "$new" -le $(((chunks_per_image + 7) / 8)) ] || { echo "incr $i: $new new chunks" >&2; exit 1; }
    done
    phase restore "$run" "$w" "$ds" \
      '"$jpbs" restore "$ds" "$(jq -r .snapshot "$dir/incr-$run-$w.{}.json")" disk.img "$ds.out{}" --no-progress --json >"${out}{}.json"'
    for i in $(seq 1 "$images"); do cmp "$ds.out$i" "$dir/data/inc$i"; rm -f "$ds.out$i"; done
    "$jpbs" init "$ds-cold" "${s3opts[@]}" --reuse-datastore >/dev/null
    export cold="$ds-cold"
    phase restore-s3 "$run" "$w" "$cold" \
      '"$jpbs" restore "$cold" "$(jq -r .snapshot "$dir/incr-$run-$w.{}.json")" disk.img "$cold.out{}" --no-progress --json >"${out}{}.json"'
    for i in $(seq 1 "$images"); do cmp "$cold.out$i" "$dir/data/inc$i"; rm -f "$cold.out$i"; done
    rm -rf "$ds" "$ds-cold"
    if [ -n "$rgw_dir" ]; then
      radosgw-admin -c "$rgw_dir/ceph.conf" -n client.rgw.a bucket rm --bucket="$bucket" \
        --purge-objects --bypass-gc >/dev/null 2>&1 || echo "could not purge bucket $bucket" >&2
    fi
  done
done
if [ -n "$rows_out" ]; then cp "$rows" "$rows_out"; fi

python3 - "$rows" "$images" "$mib" <<'EOF'
import statistics, sys
rows, images, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
gib = images * mib / 1024
chunks = images * mib // 4
data = {}
for line in open(rows):
    f = line.split()
    name, w, secs, busy = f[0], int(f[1]), float(f[3]), float(f[4])
    b, a = list(map(int, f[5:11])), list(map(int, f[11:17]))
    d = [x - y for x, y in zip(a, b)]
    data.setdefault((name, w), []).append([secs, busy] + d)
order = ["full-rand", "full-dup", "incr", "restore", "restore-s3"]
print("%-10s %3s %4s %7s %7s %7s %7s %8s %8s %8s %8s %8s %8s" % (
    "phase", "W", "runs", "wall-s", "MiB/s", "busy-s", "MiB/s", "chunks/s",
    "PUT/GiB", "GET/GiB", "HEAD/GiB", "LIST/GiB", "DEL/GiB"))
for (name, w) in sorted(data, key=lambda k: (order.index(k[0]), k[1])):
    v = data[(name, w)]
    med = lambda i: statistics.median(r[i] for r in v)
    secs, busy = med(0), med(1)
    get, lst, put, head, post, dele = (med(i) for i in range(2, 8))
    print("%-10s %3d %4d %7.2f %7.1f %7.2f %7.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f" % (
        name, w, len(v), secs, images * mib / secs, busy, images * mib / busy, chunks / busy,
        put / gib, get / gib, head / gib, lst / gib, (post + dele) / gib))
EOF
