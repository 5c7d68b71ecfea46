package org.jpbs.gc.markset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds a {@link MarkSet} during the mark phase: every digest referenced by an index file is
 * added, by any number of marking threads, in any order, duplicates included.
 *
 * <p>Memory: at most {@link #memoryBudget()} bytes of digest buffers, split evenly over the 256
 * partition groups (32 bytes per buffered digest); beyond that, full groups spill sorted runs to a
 * file in the spill directory. The buffers are off the Java heap.
 *
 * <p>Ownership: {@link #open} deletes every spill file a killed run left in the directory, so the
 * directory must be owned by one writer at a time (the GC lock's holder). {@link #finish} hands the
 * spill file to the returned set; {@link #close} before that deletes it. Thread-safe.
 */
public final class MarkSetWriter implements AutoCloseable {
  /**
   * Default {@code --mark-memory}: 64 MiB, 2M digests in memory. With the marking buffers and the
   * JVM this keeps a 4M-chunk GC under 256 MiB resident (docs/performance.md, "Session 9").
   */
  public static final long DEFAULT_MEMORY_BUDGET = 64L << 20;

  /** Largest budget: 256 MiB per group buffer. */
  public static final long MAX_MEMORY_BUDGET = 64L << 30;

  /** Smallest budget: 16 digests per group. */
  public static final long MIN_MEMORY_BUDGET = 16L * SpillFile.RECORD_SIZE * SpillFile.PARTITIONS;

  static final int GROUPS = 256;

  private final Path spillDir;
  private final long memoryBudget;
  private final MarkGroup[] groups = new MarkGroup[GROUPS];
  private final int[] spillStarts = new int[SpillFile.PARTITIONS + 1];
  private final Object spillLock = new Object(); // taken inside a group's monitor, never around one
  private SpillFile spillFile;
  private boolean finished;
  private boolean closed;

  private MarkSetWriter(Path spillDir, long memoryBudget) {
    this.spillDir = spillDir;
    this.memoryBudget = memoryBudget;
    int maxRecords = (int) (memoryBudget / SpillFile.RECORD_SIZE / GROUPS);
    for (int g = 0; g < GROUPS; g++) {
      groups[g] = new MarkGroup(g, maxRecords, this::spill);
    }
  }

  /**
   * Opens a writer spilling to {@code spillDir} (created if missing), after deleting the spill
   * files a killed run left there.
   *
   * @throws IllegalArgumentException if the budget is outside [{@link #MIN_MEMORY_BUDGET}, {@link
   *     #MAX_MEMORY_BUDGET}]
   */
  public static MarkSetWriter open(Path spillDir, long memoryBudget) throws IOException {
    Objects.requireNonNull(spillDir, "spillDir");
    if (memoryBudget < MIN_MEMORY_BUDGET || memoryBudget > MAX_MEMORY_BUDGET) {
      throw new IllegalArgumentException(
          "mark memory budget "
              + memoryBudget
              + " bytes out of range ["
              + MIN_MEMORY_BUDGET
              + ", "
              + MAX_MEMORY_BUDGET
              + "]");
    }
    Files.createDirectories(spillDir);
    SpillFile.deleteStale(spillDir);
    return new MarkSetWriter(spillDir, memoryBudget);
  }

  /** Adds a digest given as its four big-endian words ({@code ChunkDigest.word(i)}). */
  public void add(long w0, long w1, long w2, long w3) throws IOException {
    groups[(int) (w0 >>> 56)].add(w0, w1, w2, w3);
  }

  /** Adds the 32-byte digest at {@code digests[off..off+32)}. */
  public void add(byte[] digests, int off) throws IOException {
    Objects.checkFromIndexSize(off, SpillFile.RECORD_SIZE, digests.length);
    ByteBuffer b = ByteBuffer.wrap(digests).order(ByteOrder.BIG_ENDIAN);
    add(b.getLong(off), b.getLong(off + 8), b.getLong(off + 16), b.getLong(off + 24));
  }

  /**
   * Ends marking and returns the set for the sweep; the caller closes it. All {@link #add} calls
   * must have returned (a later one throws {@link IllegalStateException}).
   */
  public MarkSet finish() throws IOException {
    return finish(1);
  }

  /**
   * As {@link #finish()}, sorting the groups on {@code threads} threads (the caller's included):
   * the sort is the mark phase's last step, and the groups are independent.
   */
  public synchronized MarkSet finish(int threads) throws IOException {
    if (finished || closed) {
      throw new IllegalStateException("mark set writer already finished or closed");
    }
    finishGroups(Math.max(1, Math.min(threads, GROUPS)));
    finished = true;
    synchronized (spillLock) {
      return new MarkSet(groups, spillFile);
    }
  }

  private void finishGroups(int threads) throws IOException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work =
        () -> {
          for (int g = next.getAndIncrement(); g < GROUPS; g = next.getAndIncrement()) {
            if (failure.get() != null) {
              return;
            }
            try {
              groups[g].finish();
            } catch (IOException | RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            }
          }
        };
    Thread[] helpers = new Thread[threads - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = new Thread(work, "jpbs-markset-finish-" + t);
      helpers[t].start();
    }
    work.run();
    boolean interrupted = false;
    for (Thread t : helpers) {
      while (true) {
        try {
          t.join(); // a helper only sorts in memory or appends a run: it always ends
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f instanceof IOException e) {
      throw e;
    } else if (f != null) { // never hand the sweep a set with an unsorted group
      throw new IllegalStateException("sorting the mark set failed: " + f, f);
    }
  }

  private SpilledRun spill(int group, LongBuffer records, int count) throws IOException {
    synchronized (spillLock) {
      if (spillFile == null) {
        spillFile = SpillFile.create(spillDir);
      }
      return spillFile.append(group, records, count, spillStarts);
    }
  }

  /** The memory budget in bytes. */
  public long memoryBudget() {
    return memoryBudget;
  }

  /** Bytes currently held by the groups' buffers ({@code <=} {@link #memoryBudget()}). */
  public long bytesInMemory() {
    long n = 0;
    for (MarkGroup g : groups) {
      n += g.bytesInMemory();
    }
    return n;
  }

  /** Bytes written to the spill file so far. */
  public long spilledBytes() {
    synchronized (spillLock) {
      return spillFile == null ? 0 : spillFile.size();
    }
  }

  /** Deletes the spill file unless {@link #finish} handed it over; idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (spillLock) {
      if (!finished && spillFile != null) {
        spillFile.close();
      }
    }
  }
}
