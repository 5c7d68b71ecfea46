package org.jpbs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jpbs.gc.markset.MarkPartition;
import org.jpbs.gc.markset.MarkSet;
import org.jpbs.gc.markset.MarkSetWriter;

/**
 * How fast is the mark set, and does it stay within its memory budget at 100M referenced digests
 * (issue 15)? One run in its own JVM, so that the peak RSS ({@code VmHWM}) is the set's:
 *
 * <ol>
 *   <li><b>insert</b>: {@code --threads} marking threads add {@code N} distinct synthetic digests
 *       (digest {@code i} has directory prefix {@code i mod 65536} and SplitMix64 words from {@code
 *       i}: uniform over directories like SHA-256, and reproducible without storing them), in
 *       {@code i} order, each thread a contiguous slice;
 *   <li><b>finish</b>: sorting the groups and the last spills, on {@code --threads} threads;
 *   <li><b>sweep</b>: one thread loads directories 0..65535 in the sweep's order and looks up every
 *       member ({@code i < N}) and as many non-members ({@code N <= i < 2N}, same directories): the
 *       load time (reading, verifying and sorting the spilled runs) is included.
 * </ol>
 *
 * Generating a digest (4 SplitMix64 steps) is included in both rates; it is a few ns. With {@code
 * --hex} the sweep looks names up as {@code getdents64} would give them (hex encoding per lookup
 * included, an upper bound of the parse cost).
 *
 * <p>Usage: {@code java -Xmx64m -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar
 * org.jpbs.bench.MarkSetRun [--digests N] [--memory BYTES] [--threads T] [--hex] SPILL_DIR}. Prints
 * {@code RESULT key=value ...}.
 */
public final class MarkSetRun {
  private static final int PREFIXES = 1 << 16;

  private MarkSetRun() {}

  public static void main(String[] args) throws Exception {
    long n = 100_000_000L;
    long memory = MarkSetWriter.DEFAULT_MEMORY_BUDGET;
    int threads = 2;
    boolean hex = false;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--digests" -> n = Long.parseLong(args[++i]);
        case "--memory" -> memory = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--hex" -> hex = true;
        default -> {
          if (args[i].startsWith("-") || dir != null) {
            System.err.println(
                "usage: MarkSetRun [--digests N] [--memory BYTES] [--threads T] [--hex] SPILL_DIR");
            System.exit(2);
          }
          dir = Path.of(args[i]);
        }
      }
    }
    if (dir == null) {
      System.err.println("MarkSetRun: SPILL_DIR missing");
      System.exit(2);
    }
    Files.createDirectories(dir);
    long baseRss = status("VmRSS");
    long t0 = System.nanoTime();
    MarkSetWriter writer = MarkSetWriter.open(dir, memory);
    insert(writer, n, threads);
    long t1 = System.nanoTime();
    long peakBuffers = writer.bytesInMemory();
    try (MarkSet set = writer.finish(threads)) {
      long t2 = System.nanoTime();
      long[] found = sweep(set, n, hex);
      long t3 = System.nanoTime();
      if (found[0] != n || found[1] != 0) {
        throw new IllegalStateException(
            "wrong answers: " + found[0] + " of " + n + " members, " + found[1] + " false members");
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT digests=%d threads=%d memory_budget=%d insert_s=%.2f insert_per_s=%.0f"
              + " finish_s=%.2f sweep_s=%.2f lookups_per_s=%.0f hex=%b spill_bytes=%d"
              + " spill_bytes_per_digest=%.1f buffers_at_end_of_insert=%d base_rss=%d"
              + " peak_rss=%d%n",
          n,
          threads,
          memory,
          (t1 - t0) / 1e9,
          n / ((t1 - t0) / 1e9),
          (t2 - t1) / 1e9,
          (t3 - t2) / 1e9,
          2 * n / ((t3 - t2) / 1e9),
          hex,
          set.spilledBytes(),
          set.spilledBytes() / (double) n,
          peakBuffers,
          baseRss,
          status("VmHWM"));
    }
    writer.close();
  }

  private static void insert(MarkSetWriter writer, long n, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long from = n * t / threads;
        long to = n * (t + 1) / threads;
        parts.add(
            pool.submit(
                () -> {
                  for (long i = from; i < to; i++) {
                    writer.add(word0(i), mix(i * 4 + 1), mix(i * 4 + 2), mix(i * 4 + 3));
                  }
                  return null;
                }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** {members found, non-members reported as members}. */
  private static long[] sweep(MarkSet set, long n, boolean hex) throws IOException {
    MarkPartition part = set.newPartition();
    ByteBuffer name = ByteBuffer.allocate(64);
    long members = 0;
    long falseMembers = 0;
    for (int prefix = 0; prefix < PREFIXES; prefix++) {
      part.load(prefix);
      for (long i = prefix; i < 2 * n; i += PREFIXES) {
        boolean in =
            hex
                ? part.containsHexName(hexName(name, i), 0)
                : part.contains(word0(i), mix(i * 4 + 1), mix(i * 4 + 2), mix(i * 4 + 3));
        if (i < n) {
          members += in ? 1 : 0;
        } else {
          falseMembers += in ? 1 : 0;
        }
      }
    }
    return new long[] {members, falseMembers};
  }

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static ByteBuffer hexName(ByteBuffer b, long i) {
    long[] w = {word0(i), mix(i * 4 + 1), mix(i * 4 + 2), mix(i * 4 + 3)};
    for (int k = 0; k < 4; k++) {
      for (int d = 0; d < 16; d++) {
        b.put(k * 16 + d, DIGITS[(int) (w[k] >>> (60 - 4 * d)) & 0xF]);
      }
    }
    return b;
  }

  /** Word 0 of digest {@code i}: directory prefix {@code i mod 65536}, then random bits. */
  private static long word0(long i) {
    return (i & 0xFFFF) << 48 | mix(i * 4) >>> 16;
  }

  /** SplitMix64's finaliser: a bijection, so distinct inputs give distinct words. */
  private static long mix(long z) {
    z = (z + 0x9E37_79B9_7F4A_7C15L) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /** A {@code /proc/self/status} field in bytes (Linux; -1 elsewhere). */
  private static long status(String field) throws IOException {
    Path p = Path.of("/proc/self/status");
    if (!Files.exists(p)) {
      return -1;
    }
    for (String line : Files.readAllLines(p, StandardCharsets.US_ASCII)) {
      if (line.startsWith(field + ":")) {
        return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
