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
  // not final only so that the with* methods can set them on their private copy; never changed
  // after a with* method returns
  private int threads = 1;
  private boolean dryRun;
  private int firstPrefix;
  private int lastPrefix = DIRECTORIES - 1;
  private SweepListener listener = SweepListener.NONE;
  private BooleanSupplier abortCheck = () -> false;
  private ReferencedChunks referenced;
  private SweepProbe probe = SweepProbe.NONE;
  private boolean statMembers = true;

  private SweepRequest(long minAtime, long oldestWriter) {
    this.minAtime = minAtime;
    this.oldestWriter = oldestWriter;
  }

  /**
   * A sweep of all directories, one thread, not dry-run.
   *
   * @param minAtime files with {@code atime < minAtime} (seconds) are unlinked
   * @param oldestWriter files with {@code minAtime <= atime < oldestWriter} are "pending"
   */
  public static SweepRequest of(long minAtime, long oldestWriter) {
    return new SweepRequest(minAtime, oldestWriter);
  }

  private SweepRequest copy() {
    SweepRequest r = new SweepRequest(minAtime, oldestWriter);
    r.threads = threads;
    r.dryRun = dryRun;
    r.firstPrefix = firstPrefix;
    r.lastPrefix = lastPrefix;
    r.listener = listener;
    r.abortCheck = abortCheck;
    r.referenced = referenced;
    r.probe = probe;
    r.statMembers = statMembers;
    return r;
  }

  /** Number of sweep threads (each takes batches of contiguous directories), 1..256. */
  public SweepRequest withThreads(int threads) {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be 1..256, got " + threads);
    }
    SweepRequest r = copy();
    r.threads = threads;
    return r;
  }

  /** Classify and count only; unlink nothing. */
  public SweepRequest withDryRun(boolean dryRun) {
    SweepRequest r = copy();
    r.dryRun = dryRun;
    return r;
  }

  /** Restricts the sweep to directories {@code first..last} (inclusive, 0..65535). */
  public SweepRequest withPrefixRange(int first, int last) {
    if (first < 0 || last >= DIRECTORIES || first > last) {
      throw new IllegalArgumentException("bad prefix range " + first + ".." + last);
    }
    SweepRequest r = copy();
    r.firstPrefix = first;
    r.lastPrefix = last;
    return r;
  }

  /** Progress receiver. */
  public SweepRequest withListener(SweepListener listener) {
    SweepRequest r = copy();
    r.listener = Objects.requireNonNull(listener);
    return r;
  }

  /**
   * Cooperative cancellation: checked before every entry; when it returns true the sweep stops with
   * a {@link SweepException} whose {@code aborted()} is true.
   */
  public SweepRequest withAbortCheck(BooleanSupplier abortCheck) {
    SweepRequest r = copy();
    r.abortCheck = Objects.requireNonNull(abortCheck);
    return r;
  }

  /**
   * Classifies the given chunks as touched now, as a touching mark phase would have left them: for
   * a dry run (which touched nothing) or a real run whose GC marked in a mark set; every other
   * chunk is classified by its atime.
   */
  public SweepRequest withReferenced(ReferencedChunks referenced) {
    SweepRequest r = copy();
    r.referenced = Objects.requireNonNull(referenced, "referenced");
    return r;
  }

  /**
   * With {@link #withReferenced referenced chunks}: false lets the sweep keep a referenced chunk
   * whose directory entry says "regular file" without a stat (default true: every file is stat-ed).
   * Such chunks count in {@code diskChunks} but not in {@code diskBytes} ({@link
   * SweepReport#unsizedChunks}). Every other file is still stat-ed and classified by its atime
   * under the directory lock; a sweeper that cannot tell the file type from the listing (the NIO
   * one, {@code DT_UNKNOWN} entries) stats anyway.
   */
  public SweepRequest withMemberStat(boolean statMembers) {
    SweepRequest r = copy();
    r.statMembers = statMembers;
    return r;
  }

  /** See {@link #withMemberStat}. */
  public boolean statMembers() {
    return statMembers;
  }

  /** Observes each unlink of this sweep (tests only; production sweeps use the no-op). */
  SweepRequest withProbe(SweepProbe probe) {
    SweepRequest r = copy();
    r.probe = Objects.requireNonNull(probe, "probe");
    return r;
  }

  SweepProbe probe() {
    return probe;
  }

  /** The chunks the sweep treats as marked (touched now), or null. */
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
        + ", statMembers="
        + statMembers
        + ", prefixes="
        + firstPrefix
        + ".."
        + lastPrefix
        + "]";
  }
}
