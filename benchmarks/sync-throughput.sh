#!/usr/bin/env bash
# Sync throughput through bin/jpbs (issue 19): a source of GROUPS groups, each one MIB MiB random
# image (4 MiB fixed chunks, incompressible), synced into a fresh filesystem datastore and, when
# JPBS_S3_ENDPOINT is set (scripts/ceph-rgw env DIR), into a fresh S3 datastore, with 1 and N
# workers. Prints MiB/s and chunks/s from the command's own --json summary (bytes-copied and
# chunks-copied over elapsed) and the process wall time (JVM start included).
#
# The S3 buckets it creates (jpbs-sync-bench-*) are left behind with their data: use a throwaway
# RGW (scripts/ceph-rgw start /tmp/rgw-bench; stop it afterwards), whose one OSD is small: a few
# runs of the default size fill it (RGW then times out).
#
# Usage: benchmarks/sync-throughput.sh [--dir DIR] [--groups G] [--mib M] [--workers "1 4"]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jpbs="$root/bin/jpbs"
dir=/dev/shm/jpbs-sync-bench
groups=4
mib=256
workers="1 4"
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --groups) groups="$2"; shift 2 ;;
    --mib) mib="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
rm -rf "$dir"
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT
"$jpbs" init "$dir/src" >/dev/null
for g in $(seq 1 "$groups"); do
  head -c "${mib}M" /dev/urandom >"$dir/data"
  "$jpbs" backup "$dir/src" "vm/$g" "disk.img:$dir/data" --no-progress >/dev/null
done
rm -f "$dir/data"
echo "source: $groups groups x $mib MiB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-8s %10s %10s %12s %10s\n' target workers MiB/s chunks/s elapsed-s wall-s

run() { # kind workers target-dir
  local start end json
  start=$(date +%s.%N)
  json=$("$jpbs" sync "$dir/src" "$3" --workers "$2" --json --no-progress)
  end=$(date +%s.%N)
  echo "$json" | jq -r --arg k "$1" --arg w "$2" --arg wall "$(echo "$end - $start" | bc)" \
    '[$k, $w, (.["bytes-copied"] / 1048576 / .elapsed * 10 | round / 10),
      (.["chunks-copied"] / .elapsed | round), .elapsed, ($wall | tonumber * 100 | round / 100)]
     | @tsv' | awk -F'\t' '{printf "%-10s %-8s %10s %10s %12s %10s\n", $1, $2, $3, $4, $5, $6}'
  [ "$(echo "$json" | jq '.failures | length')" = 0 ]
}

for w in $workers; do
  "$jpbs" init "$dir/fs$w" >/dev/null
  run local "$w" "$dir/fs$w"
done
if [ -n "${JPBS_S3_ENDPOINT:-}" ]; then
  for w in $workers; do
    "$jpbs" init "$dir/s3-$w" --s3-endpoint "$JPBS_S3_ENDPOINT" --s3-region "${JPBS_S3_REGION:-us-east-1}" \
      --s3-path-style --s3-bucket "jpbs-sync-bench-$$-$w" --s3-store store1 --s3-create-bucket >/dev/null
    run s3 "$w" "$dir/s3-$w"
  done
fi
