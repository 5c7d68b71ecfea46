package org.jpbs.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.datastore.Datastore;
import org.jpbs.gc.GarbageCollector;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcListener;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.GcReport;
import org.jpbs.gc.MarkResult;
import org.jpbs.gc.state.GcStateStore;

/**
 * One {@code jpbs gc} run as the CLI does it, for the side-by-side harness ({@code
 * benchmarks/gc-vs-refgc.sh}): opens the chunk store, the datastore and the GC state (default
 * {@code <store>/.jpbs/gc-state}), runs {@link GarbageCollector#run} and prints one
 * machine-readable {@code RESULT key=value ...} line with the same key names as {@code refgc}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.jpbs.bench.GcHarnessRun [--threads N]
 * [--cutoff-seconds S] [--cache-capacity N] [--dry-run] [--atime-check] [--mark-order
 * directory|index] [--mark-batch N] [--mark-mode set|atime] [--member-stat full|skip] [--trace]
 * STORE} (mark mode: the {@code GcOptions} default unless given); {@code --trace} prints the wall
 * and process CPU time of every log line to stderr. The atime safety check (a 1 s sleep) is off
 * unless {@code --atime-check} is given, because {@code refgc} omits it.
 */
public final class GcHarnessRun {
  private GcHarnessRun() {}

  public static void main(String[] args) throws Exception {
    int threads = 1;
    long cutoffSeconds = 86_700;
    int cache = GcOptions.DEFAULT_CACHE_CAPACITY;
    boolean dryRun = false;
    boolean atimeCheck = false;
    boolean trace = false;
    GcOptions.MarkOrder order = GcOptions.MarkOrder.DIRECTORY;
    long batch = GcOptions.DEFAULT_MARK_BATCH_ENTRIES;
    GcOptions.MarkMode mode = GcOptions.defaults().markMode();
    boolean statMembers = true;
    Path store = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--cutoff-seconds" -> cutoffSeconds = Long.parseLong(args[++i]);
        case "--cache-capacity" -> cache = Integer.parseInt(args[++i]);
        case "--dry-run" -> dryRun = true;
        case "--atime-check" -> atimeCheck = true;
        case "--trace" -> trace = true;
        case "--mark-order" ->
            order = GcOptions.MarkOrder.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--mark-batch" -> batch = Long.parseLong(args[++i]);
        case "--mark-mode" -> mode = GcOptions.MarkMode.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--member-stat" -> statMembers = !args[++i].equals("skip");
        default -> {
          if (args[i].startsWith("-") || store != null) {
            System.err.println(
                "usage: GcHarnessRun [--threads N] [--cutoff-seconds S] [--cache-capacity N]"
                    + " [--dry-run] [--atime-check] [--mark-order directory|index] [--mark-batch N]"
                    + " [--mark-mode set|atime] [--member-stat full|skip] STORE");
            System.exit(2);
          }
          store = Path.of(args[i]);
        }
      }
    }
    if (store == null) {
      System.err.println("GcHarnessRun: STORE missing");
      System.exit(2);
    }
    GcOptions options =
        GcOptions.defaults()
            .withThreads(threads)
            .withCutoff(Duration.ofSeconds(cutoffSeconds))
            .withCacheCapacity(cache)
            .withDryRun(dryRun)
            .withAtimeSafetyCheck(atimeCheck)
            .withMarkOrder(order)
            .withMarkBatchEntries(batch)
            .withMarkMode(mode)
            .withMemberStat(statMembers);
    PhaseClock clock = new PhaseClock(trace);
    long t0 = System.nanoTime();
    long c0 = processCpuNanos();
    GcReport report;
    try (ChunkStore chunks =
            ChunkStore.open(store, ChunkStoreOptions.defaults(InstantSource.system()));
        GcStateStore state =
            GcStateStore.open(GcStateStore.defaultDir(chunks.base()), InstantSource.system())) {
      Datastore datastore = Datastore.open(store);
      report =
          GarbageCollector.run(
              new GcEnvironment(datastore, chunks, state, InstantSource.system()), options, clock);
    }
    long total = System.nanoTime() - t0;
    long cpuEnd = processCpuNanos();
    MarkResult m = report.mark();
    SweepReport s = report.sweep();
    double p1 = report.markMillis() / 1e3;
    double p2 = report.sweepMillis() / 1e3;
    System.out.println(
        String.format(
            Locale.ROOT,
            "RESULT impl=jpbs threads=%d dry_run=%d index_files=%d index_data_bytes=%d missing=%d"
                + " cache_hits=%d cache_misses=%d chunk_files=%d disk_chunks=%d disk_bytes=%s"
                + " removed_chunks=%d removed_bytes=%d pending_chunks=%d pending_bytes=%d"
                + " removed_bad=%d still_bad=%d p1_s=%.3f p2_s=%.3f total_s=%.3f touches_per_s=%.0f"
                + " p2_entries_per_s=%.0f p1_cpu_s=%.3f p2_cpu_s=%.3f gc_cpu_s=%.3f",
            threads,
            dryRun ? 1 : 0,
            m.indexFileCount(),
            m.indexDataBytes(),
            m.missingChunks(),
            m.cacheHits(),
            m.cacheMisses(),
            s.chunkCount(),
            s.diskChunks(),
            report.diskBytesKnown() ? Long.toString(s.diskBytes()) : "n/a",
            s.removedChunks(),
            s.removedBytes(),
            s.pendingChunks(),
            s.pendingBytes(),
            s.removedBad(),
            s.stillBad(),
            p1,
            p2,
            total / 1e9,
            p1 > 0 ? m.cacheMisses() / p1 : 0,
            p2 > 0 ? s.chunkCount() / p2 : 0,
            (clock.cpuAt(GcListener.Phase.SWEEP, c0) - clock.cpuAt(GcListener.Phase.PREPARE, c0))
                / 1e9,
            (cpuEnd - clock.cpuAt(GcListener.Phase.SWEEP, cpuEnd)) / 1e9,
            (cpuEnd - c0) / 1e9));
  }

  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean();

  /** Records the process CPU time when each phase starts. */
  private static final class PhaseClock implements GcListener {
    private final long[] cpu = new long[GcListener.Phase.values().length];
    private final boolean trace;
    private final long start = System.nanoTime();

    PhaseClock(boolean trace) {
      this.trace = trace;
      java.util.Arrays.fill(cpu, -1);
    }

    @Override
    public void phaseStarted(Phase phase, long total) {
      if (cpu[phase.ordinal()] < 0) {
        cpu[phase.ordinal()] = processCpuNanos();
      }
      info("phase " + phase);
    }

    @Override
    public void info(String message) {
      if (trace) {
        System.err.printf(
            Locale.ROOT,
            "%8.3f s wall %8.3f s cpu (main thread: %.3f s user, %.3f s sys)  %s%n",
            (System.nanoTime() - start) / 1e9,
            processCpuNanos() / 1e9,
            THREADS.getCurrentThreadUserTime() / 1e9,
            (THREADS.getCurrentThreadCpuTime() - THREADS.getCurrentThreadUserTime()) / 1e9,
            message);
      }
    }

    @Override
    public void warning(String message) {
      System.err.println(message);
    }

    long cpuAt(Phase phase, long fallback) {
      long v = cpu[phase.ordinal()];
      return v < 0 ? fallback : v;
    }
  }
}
