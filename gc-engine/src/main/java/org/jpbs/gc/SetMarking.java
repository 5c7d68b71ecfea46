package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ReferencedChunks;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.markset.MarkPartition;
import org.jpbs.gc.markset.MarkSet;
import org.jpbs.gc.markset.MarkSetWriter;

/**
 * The set mode (issue 15, {@link GcOptions.MarkMode#SET}): phase 1 adds every referenced digest to
 * an exact {@link MarkSetWriter} (no syscall per chunk); the sweep keeps the members, each thread
 * reading one chunk directory's partition at a time, and classifies every other chunk by its atime.
 *
 * <p>The marks live in this process, so they do not persist ({@link #marksPersist()} false) and the
 * checkpointer records nothing: a resumed run marks every index file again. The spill directory is
 * owned by the GC lock's holder: {@link MarkSetWriter#open} deletes what a killed run left there,
 * {@link #close()} deletes this run's spill file.
 *
 * <p>Missing referenced chunks: a {@code <hex>.N.bad} copy is kept when {@code <hex>} is a member
 * and the chunk file does not exist when the sweep, holding the directory's lock, reaches the copy.
 * That is PBS's rule ("touch the copies of a referenced chunk that is missing") evaluated at sweep
 * time instead of mark time; see the package documentation for the difference.
 */
final class SetMarking implements MarkStrategy, ChunkMarker {
  /** Directory of the spill file, under the GC state directory. */
  static final String SPILL_DIR = "markset";

  private final ChunkStore store;
  private final MarkSetWriter writer;
  private final Path tempDir; // a dry run on a read-only state spills to a temporary directory
  private final LongAdder members = new LongAdder(); // distinct members of swept directories
  private final LongAdder membersSeen = new LongAdder(); // of them, found as chunk files
  private final List<SetReferences> views = new ArrayList<>(); // per sweep thread, counts merged
  private MarkSet set;

  private final int threads; // the run's marking threads also sort the set at the end

  private SetMarking(ChunkStore store, MarkSetWriter writer, Path tempDir, int threads) {
    this.store = store;
    this.writer = writer;
    this.tempDir = tempDir;
    this.threads = threads;
  }

  /** A set-mode strategy spilling beyond {@code memoryBudget} bytes into the GC state directory. */
  static SetMarking create(GcEnvironment env, long memoryBudget, int threads) throws IOException {
    Path tempDir = null;
    Path dir;
    if (env.state().readOnly()) {
      tempDir = Files.createTempDirectory("jpbs-gc-markset-");
      dir = tempDir;
    } else {
      dir = env.state().dir().resolve(SPILL_DIR);
    }
    return new SetMarking(
        env.chunkStore(), MarkSetWriter.open(dir, memoryBudget), tempDir, threads);
  }

  @Override
  public void mark(long w0, long w1, long w2, long w3, Path requiredBy) throws IOException {
    writer.add(w0, w1, w2, w3);
  }

  /**
   * 0 while marking: the set mode does not stat referenced chunks then. The sweep counts them
   * instead ({@link #afterSweep}).
   */
  @Override
  public long missingChunks() {
    return 0;
  }

  /**
   * The mark totals with the missing referenced chunks the sweep found: members of the swept
   * directories' partitions that no chunk file of the listing matched. A run resumed in its sweep
   * counts only the directories it swept itself.
   */
  @Override
  public MarkResult afterSweep(MarkResult mark, GcListener listener) {
    synchronized (views) {
      for (SetReferences v : views) { // their threads have ended (joined by the sweep)
        members.add(v.members);
        membersSeen.add(v.membersSeen);
      }
      views.clear();
    }
    long missing = members.sum() - membersSeen.sum();
    if (missing > 0) {
      listener.warning(
          "unable to access "
              + missing
              + " non-existent referenced chunk(s) (mark mode 'set' does not name them; a gc"
              + " --mark-mode atime run lists each with the index that requires it)");
    }
    return new MarkResult(
        mark.indexFileCount(),
        mark.indexDataBytes(),
        mark.cacheHits(),
        mark.cacheMisses(),
        mark.missingChunks() + missing,
        mark.unexpectedIndexFiles(),
        mark.skippedByCheckpoint(),
        mark.retries());
  }

  @Override
  public ChunkMarker chunkMarker() {
    return this;
  }

  @Override
  public MarkCheckpointer checkpointer() {
    return MarkCheckpointer.NONE;
  }

  @Override
  public boolean marksPersist() {
    return false;
  }

  @Override
  public ReferencedChunks referencedForSweep() throws IOException {
    set = writer.finish(threads);
    return new SetReferences(null);
  }

  @Override
  public void close() throws IOException {
    try {
      writer.close();
      if (set != null) {
        set.close();
      }
    } finally {
      if (tempDir != null) {
        Files.deleteIfExists(tempDir);
      }
    }
  }

  /**
   * The finished set as the sweep asks it: the shared object only hands out per-thread views, each
   * holding one {@link MarkPartition}; they count the members of each span of directories and those
   * found, in plain fields of the view (read by {@link #afterSweep} once the sweep threads ended).
   */
  private final class SetReferences implements ReferencedChunks {
    private final MarkPartition partition;
    long members;
    long membersSeen;

    SetReferences(MarkPartition partition) {
      this.partition = partition;
    }

    @Override
    public ReferencedChunks forSweepThread() {
      SetReferences v = new SetReferences(set.newPartition());
      synchronized (views) {
        views.add(v);
      }
      return v;
    }

    @Override
    public void load(int first, int count) throws IOException {
      view().load(first, count);
      members += partition.size();
    }

    /** Called at most once per chunk file of the span: a hit is a member that exists. */
    @Override
    public boolean isMarked(long w0, long w1, long w2, long w3) {
      boolean member = view().contains(w0, w1, w2, w3);
      if (member) {
        membersSeen++;
      }
      return member;
    }

    /** Referenced and missing: the chunk file is absent now (the sweep holds the lock). */
    @Override
    public boolean isBadCopyMarked(long w0, long w1, long w2, long w3) {
      if (!view().contains(w0, w1, w2, w3)) {
        return false;
      }
      Path chunk = store.chunkPath(ChunkDigest.ofWords(w0, w1, w2, w3));
      return !Files.exists(chunk, LinkOption.NOFOLLOW_LINKS);
    }

    private MarkPartition view() {
      if (partition == null) {
        throw new IllegalStateException("ask the mark set through forSweepThread()");
      }
      return partition;
    }
  }
}
