package org.jpbs.chunkstore;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What a sweep should do: the two cutoffs (epoch seconds, compared with whole-second atimes, spec
 * §3.4), the directory range, threads, dry-run, progress listener and abort check.
 *
 * <p>Immutable; build with {@link #of(long, long)} and the {@code with*} methods.
 */
public final class SweepRequest {
  /** Number of chunk directories ({@code 0000..ffff}). */
  public static final int DIRECTORIES = 65536;

  private final long minAtime;
  private final long oldestWriter;
  private final int threads;
  private final boolean dryRun;
  private final int firstPrefix;
  private final int lastPrefix;
  private final SweepListener listener;
  private final BooleanSupplier abortCheck;
  private final ReferencedChunks referenced;
  private final SweepProbe probe;

  private SweepRequest(
      long minAtime,
      long oldestWriter,
      int threads,
      boolean dryRun,
      int firstPrefix,
      int lastPrefix,
      SweepListener listener,
      BooleanSupplier abortCheck,
      ReferencedChunks referenced,
      SweepProbe probe) {
    this.minAtime = minAtime;
    this.oldestWriter = oldestWriter;
    this.threads = threads;
    this.dryRun = dryRun;
    this.firstPrefix = firstPrefix;
    this.lastPrefix = lastPrefix;
    this.listener = listener;
    this.abortCheck = abortCheck;
    this.referenced = referenced;
    this.probe = probe;
  }

  /**
   * A sweep of all directories, one thread, not dry-run.
   *
   * @param minAtime files with {@code atime < minAtime} (seconds) are unlinked
   * @param oldestWriter files with {@code minAtime <= atime < oldestWriter} are "pending"
   */
  public static SweepRequest of(long minAtime, long oldestWriter) {
    return new SweepRequest(
        minAtime,
        oldestWriter,
        1,
        false,
        0,
        DIRECTORIES - 1,
        SweepListener.NONE,
        () -> false,
        null,
        SweepProbe.NONE);
  }

  /** Number of sweep threads (each takes batches of contiguous directories), 1..256. */
  public SweepRequest withThreads(int threads) {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be 1..256, got " + threads);
    }
    return new SweepRequest(
        minAtime,
        oldestWriter,
        threads,
        dryRun,
        firstPrefix,
        lastPrefix,
        listener,
        abortCheck,
        referenced,
        probe);
  }

  /** Classify and count only; unlink nothing. */
  public SweepRequest withDryRun(boolean dryRun) {
    return new SweepRequest(
        minAtime,
        oldestWriter,
        threads,
        dryRun,
        firstPrefix,
        lastPrefix,
        listener,
        abortCheck,
        referenced,
        probe);
  }

  /** Restricts the sweep to directories {@code first..last} (inclusive, 0..65535). */
  public SweepRequest withPrefixRange(int first, int last) {
    if (first < 0 || last >= DIRECTORIES || first > last) {
      throw new IllegalArgumentException("bad prefix range " + first + ".." + last);
    }
    return new SweepRequest(
        minAtime,
        oldestWriter,
        threads,
        dryRun,
        first,
        last,
        listener,
        abortCheck,
        referenced,
        probe);
  }

  /** Progress receiver. */
  public SweepRequest withListener(SweepListener listener) {
    return new SweepRequest(
        minAtime,
        oldestWriter,
        threads,
        dryRun,
        firstPrefix,
        lastPrefix,
        Objects.requireNonNull(listener),
        abortCheck,
        referenced,
        probe);
  }

  /**
   * Cooperative cancellation: checked before every entry; when it returns true the sweep stops with
   * a {@link SweepException} whose {@code aborted()} is true.
   */
  public SweepRequest withAbortCheck(BooleanSupplier abortCheck) {
    return new SweepRequest(
        minAtime,
        oldestWriter,
        threads,
        dryRun,
        firstPrefix,
        lastPrefix,
        listener,
        Objects.requireNonNull(abortCheck),
        referenced,
        probe);
  }

  /**
   * A dry run that classifies the given chunks as touched, as a real GC's mark phase would have
   * left them (only valid together with {@link #withDryRun(boolean) dry run}).
   */
  public SweepRequest withReferenced(ReferencedChunks referenced) {
    return new SweepRequest(
        minAtime,
        oldestWriter,
        threads,
        dryRun,
        firstPrefix,
        lastPrefix,
        listener,
        abortCheck,
        Objects.requireNonNull(referenced, "referenced"),
        probe);
  }

  /** Observes each unlink of this sweep (tests only; production sweeps use the no-op). */
  SweepRequest withProbe(SweepProbe probe) {
    return new SweepRequest(
        minAtime,
        oldestWriter,
        threads,
        dryRun,
        firstPrefix,
        lastPrefix,
        listener,
        abortCheck,
        referenced,
        Objects.requireNonNull(probe, "probe"));
  }

  SweepProbe probe() {
    return probe;
  }

  /** The chunks a dry run treats as marked, or null. */
  public ReferencedChunks referenced() {
    return referenced;
  }

  public long minAtime() {
    return minAtime;
  }

  public long oldestWriter() {
    return oldestWriter;
  }

  public int threads() {
    return threads;
  }

  public boolean dryRun() {
    return dryRun;
  }

  public int firstPrefix() {
    return firstPrefix;
  }

  public int lastPrefix() {
    return lastPrefix;
  }

  public SweepListener listener() {
    return listener;
  }

  public BooleanSupplier abortCheck() {
    return abortCheck;
  }

  @Override
  public String toString() {
    return "SweepRequest[minAtime="
        + minAtime
        + ", oldestWriter="
        + oldestWriter
        + ", threads="
        + threads
        + ", dryRun="
        + dryRun
        + ", prefixes="
        + firstPrefix
        + ".."
        + lastPrefix
        + "]";
  }
}
