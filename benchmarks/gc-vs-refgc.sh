#!/usr/bin/env bash
# gc-vs-refgc.sh - jpbs GC side by side with the native PBS reference GC (refgc) on one store.
#
#   benchmarks/gc-vs-refgc.sh [--chunks N] [--pairs P] [--threads "1 2"] [--dir DIR]
#                             [--keep] [--no-build] [--floor] [--mark-mode set|atime]
#                             [--via cli|harness] [--variant LABEL=ARGS ...]
#
# Builds mkstore/refgc/floor from $JPBS_PERF_SRC (default <repo>/../shared/perf) into
# benchmarks/target/native, builds benchmarks/target/benchmarks.jar and cli/target/jpbs.jar
# (unless --no-build), generates
# a PBS-layout store with N chunks (default 1,000,000; ~2x logical references, 10% orphans, atimes
# 2 days old) under DIR (default /dev/shm/jpbs-bench if it has room, else /tmp/jpbs-bench), then for
# each pair and each thread count: reset the store (mkstore --refresh), run refgc; reset, run jpbs
# (--via cli, the default: `bin/jpbs gc STORE --json`, the real command line with the launcher's
# JVM flags; --via harness: org.jpbs.bench.GcHarnessRun in its own JVM, which also reports per-phase
# CPU and touches/s); the order inside a pair alternates. Both use the same
# cutoff (86,700 s = PBS default), and neither runs the 1 s atime safety check (refgc omits it).
# jpbs uses the default GC options (mark mode 'set') unless --mark-mode is given.
# jpbs runs with the JVM flags of bin/jpbs (serial GC, class-data sharing: one uncounted jpbs run
# first records the archive, as the launcher's first run does; JPBS_BENCH_NO_CDS=1 skips it).
# --threads lists explicit thread counts (bin/jpbs gc defaults to the processors, at most 8).
# Prints per thread count the medians of each phase, the jpbs/refgc ratios (total = process wall
# time, JVM start included), the removed counts of both (they must agree) and the peak RSS of
# both (/usr/bin/time %M). Raw lines go to benchmarks/target/gc-vs-refgc/<store>.log. The store
# is deleted at the end unless --keep.
# --variant LABEL=ARGS (repeatable): A/B in one run: each pair runs refgc and every variant (impl
# jpbs-LABEL, jpbs gc with the extra ARGS, e.g. --variant atime="--mark-mode atime" --variant
# skip="--member-stat skip"); the order inside a pair is reversed every other pair. ARGS are split
# on spaces; --mark-mode is then ignored.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SRC=${JPBS_PERF_SRC:-$REPO/../shared/perf}
N=1000000; PAIRS=5; THREADS="1 2"; DIR=""; KEEP=0; BUILD=1; FLOOR=0; MODE=(); VIA=cli; VARIANTS=()
XMX=${JPBS_BENCH_XMX:-256m}
while [ $# -gt 0 ]; do
    case $1 in
        --chunks) N=$2; shift 2 ;;
        --pairs) PAIRS=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --dir) DIR=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --floor) FLOOR=1; shift ;;
        --mark-mode) MODE=(--mark-mode "$2"); shift 2 ;;
        --via) VIA=$2; shift 2 ;;
        --variant) VARIANTS+=("$2"); shift 2 ;;
        -h|--help) sed -n 2,30p "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -f "$SRC/mkstore.c" ] || { echo "no mkstore.c in $SRC (set JPBS_PERF_SRC)" >&2; exit 1; }
NATIVE=$HERE/target/native; OUT=$HERE/target/gc-vs-refgc
mkdir -p "$NATIVE" "$OUT"
for f in mkstore.c refgc.c floor.c Makefile; do cp "$SRC/$f" "$NATIVE/"; done
make -s -C "$NATIVE" >/dev/null
JAR=$HERE/target/benchmarks.jar
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ]; then
    (cd "$REPO" && mvn -B -q -o package -pl benchmarks,cli -am -DskipTests)
fi
case $VIA in cli|harness) ;; *) echo "--via must be cli or harness" >&2; exit 2 ;; esac

if [ -z "$DIR" ]; then   # tmpfs if it holds N chunk inodes + 65,536 dirs with 20% slack
    need_inodes=$(( N + 65536 + N / 5 ))
    free_inodes=$(df --output=iavail /dev/shm 2>/dev/null | tail -1 | tr -d ' ' || echo 0)
    free_kb=$(df --output=avail -k /dev/shm 2>/dev/null | tail -1 | tr -d ' ' || echo 0)
    if [ "${free_inodes:-0}" -gt "$need_inodes" ] && [ "${free_kb:-0}" -gt $(( N / 1000 * 1024 + 1048576 )) ]; then
        DIR=/dev/shm/jpbs-bench
    else
        DIR=/tmp/jpbs-bench
    fi
fi
mkdir -p "$DIR"
STORE=$DIR/s$N
GEN="-n $N -g 50 -s 4 -r 0.67 -x 0.10 -N 2 --sparse -j 2"
FS=$(stat -f -c %T "$DIR" | tr "/ " "__")
LOG=$OUT/$(basename "$STORE")-$FS.log
HZ=$(getconf CLK_TCK)
TMP=$(mktemp -d)
cleanup() {
    rm -rf "$TMP"
    if [ "$KEEP" = 0 ]; then rm -rf "$STORE" "$STORE.truth"; fi
}
trap cleanup EXIT

if [ ! -d "$STORE/.chunks" ]; then
    echo "generating $STORE ($N chunks, $FS)..." >&2
    "$NATIVE/mkstore" -o "$STORE" $GEN >&2
fi
echo "# $(date -u +%FT%TZ) fs=$FS n=$N pairs=$PAIRS threads=\"$THREADS\" mark_mode=${MODE[1]:-default} variants=\"${VARIANTS[*]:-}\" via=$VIA xmx=$XMX cds=$([ "${JPBS_BENCH_NO_CDS:-0}" = 1 ] && echo off || echo on) $(nproc) cpus, $(java -version 2>&1 | head -1)" | tee -a "$LOG"

busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
run() {   # impl threads cmd...
    local impl=$1 t=$2; shift 2
    "$NATIVE/mkstore" -o "$STORE" $GEN --refresh > /dev/null
    sync; sleep 1
    local b0 l0; b0=$(busy); l0=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "wall=%e user=%U sys=%S maxrss_kb=%M" -o "$TMP/t" "$@" > "$TMP/o" 2> "$TMP/e" \
        || { cat "$TMP/e" >&2; exit 1; }
    local b1; b1=$(busy)
    local tm; tm=$(cat "$TMP/t")
    local foreign; foreign=$(echo "$tm" | awk -v b="$(( b1 - b0 ))" -v hz="$HZ" \
        '{for(i=1;i<=NF;i++){split($i,a,"=");v[a[1]]=a[2]} printf "%.2f", b/hz - v["user"] - v["sys"]}')
    local result; result=$(grep -h '^RESULT' "$TMP/o" | cut -d' ' -f2- | sed 's/\(^\| \)impl=[^ ]*//' || true)
    if [ -z "$result" ]; then result=$(python3 "$HERE/gc-json-result.py" < "$TMP/o"); fi
    echo "RUN impl=$impl t=$t fs=$FS n=$N load=$l0 $result $tm foreign_cpu_s=$foreign" \
        | tee -a "$LOG"
}
refgc() { run refgc "$1" "$NATIVE/refgc" --quiet --cutoff-seconds 86700 --threads "$1" "$STORE"; }
# The JVM flags of bin/jpbs (serial GC, class-data sharing with an archive recorded by a first
# run) plus a heap bound; JPBS_BENCH_NO_CDS=1 measures without the archive.
JSA=$OUT/gcrun.jsa
JFLAGS=(-Xmx"$XMX" -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off)
harness_cmd() {   # threads: the GcHarnessRun command line
    HCMD=(java "${JFLAGS[@]}" -cp "$JAR" org.jpbs.bench.GcHarnessRun --cutoff-seconds 86700
          --threads "$1" ${MODE[@]+"${MODE[@]}"} "$STORE")
}
# --via cli (default): the real command line, bin/jpbs gc --json, as an operator runs it (the
# launcher's own JVM flags and class-data-sharing archive, its default heap); the same cutoff
# (1445 min = 86,700 s) and no atime safety check. --via harness: GcHarnessRun in a JVM with the
# launcher's flags plus -Xmx (JPBS_BENCH_XMX), which also reports per-phase CPU and touches/s.
cli_cmd() {   # threads: the bin/jpbs command line
    CCMD=(env JPBS_NO_BUILD=1 "$REPO/bin/jpbs" gc "$STORE" --cutoff 1445 --threads "$1"
          --no-atime-check --json ${MODE[@]+"${MODE[@]}"})
}
jpbs() {   # threads [label]: with a label, the variant's extra arguments replace --mark-mode
    local impl=jpbs extra=()
    if [ $# -gt 1 ]; then
        impl=jpbs-$2
        for v in "${VARIANTS[@]}"; do
            if [ "${v%%=*}" = "$2" ]; then read -r -a extra <<< "${v#*=}"; fi
        done
        local saved=("${MODE[@]+"${MODE[@]}"}"); MODE=("${extra[@]+"${extra[@]}"}")
    fi
    if [ "$VIA" = cli ]; then cli_cmd "$1"; run "$impl" "$1" "${CCMD[@]}"
    else harness_cmd "$1"; run "$impl" "$1" "${HCMD[@]}"; fi
    if [ $# -gt 1 ]; then MODE=("${saved[@]+"${saved[@]}"}"); fi
}
impls() {   # threads pair: refgc and every jpbs run of one pair, in this pair's order
    local list=(refgc)
    if [ ${#VARIANTS[@]} -eq 0 ]; then list+=(jpbs); else
        for v in "${VARIANTS[@]}"; do list+=("jpbs:${v%%=*}"); done
    fi
    if [ $(( $2 % 2 )) = 0 ]; then
        local rev=(); for (( i=${#list[@]}-1; i>=0; i-- )); do rev+=("${list[i]}"); done; list=("${rev[@]}")
    fi
    for x in "${list[@]}"; do
        case $x in refgc) refgc "$1" ;; jpbs) jpbs "$1" ;; jpbs:*) jpbs "$1" "${x#jpbs:}" ;; esac
    done
}
echo "one uncounted jpbs run first (records the class-data-sharing archive, as a first run does)..." >&2
"$NATIVE/mkstore" -o "$STORE" $GEN --refresh > /dev/null
if [ "$VIA" = cli ]; then
    rm -f "$REPO/cli/target/jpbs.jsa"
    [ "${JPBS_BENCH_NO_CDS:-0}" = 1 ] && export JPBS_NO_CDS=1
    cli_cmd 1; "${CCMD[@]}" > /dev/null
elif [ "${JPBS_BENCH_NO_CDS:-0}" != 1 ]; then
    rm -f "$JSA"
    harness_cmd 1; "${HCMD[0]}" -XX:ArchiveClassesAtExit="$JSA" "${HCMD[@]:1}" > /dev/null
    JFLAGS+=(-XX:SharedArchiveFile="$JSA" -Xshare:auto)
fi

START=$(wc -l < "$LOG")
for p in $(seq "$PAIRS"); do
    for t in $THREADS; do
        impls "$t" "$p"
    done
done
if [ "$FLOOR" = 1 ]; then
    "$NATIVE/mkstore" -o "$STORE" $GEN --refresh > /dev/null; sync
    echo "FLOOR fs=$FS n=$N $("$NATIVE/floor" "$STORE" | grep '^FLOOR' | cut -d' ' -f2-)" | tee -a "$LOG"
fi

tail -n +"$((START + 1))" "$LOG" | python3 "$HERE/gc-vs-refgc-summary.py" "$(cat "$STORE.truth" 2>/dev/null | tr '\n' ' ')"
