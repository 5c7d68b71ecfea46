package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.Listed;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.format.UnsupportedFormatException;
import org.jpbs.gc.state.IndexIdentity;

/**
 * Phase 1 of PBS ≥ 3.4.1 (spec §4.3): walk-list every index file, then mark them through the
 * hierarchy — namespaces depth-first to depth 7, groups, snapshots newest first — re-listing a
 * group when an index of its newest listed snapshot vanished (10 times unlocked, the 11th under the
 * group lock), and finally mark the index files the hierarchy did not reach.
 *
 * <p>Any unreadable or invalid index aborts the run (before any sweep). A vanished index is
 * skipped.
 */
final class MarkWalk {
  static final int MAX_UNLOCKED_RETRIES = 10;

  private final Datastore datastore;
  private final IndexMarking.Factory markers;
  private IndexMarking marker;
  private final MarkCheckpointer checkpoint;
  private final GcListener listener;
  private final MarkPhaseHooks hooks;
  private final boolean seedRaceRetry;

  private Set<Path> unprocessed;
  private long indexCount;
  private long processed;
  private long lastPercent = -1;
  private long lastReported;
  private long indexFileCount;
  private long indexDataBytes;
  private long unexpected;
  private long skipped;
  private long retries;

  MarkWalk(
      Datastore datastore,
      IndexMarking.Factory markers,
      MarkCheckpointer checkpoint,
      GcListener listener,
      MarkPhaseHooks hooks,
      boolean seedRaceRetry) {
    this.datastore = datastore;
    this.markers = markers;
    this.checkpoint = checkpoint;
    this.listener = listener;
    this.hooks = hooks;
    this.seedRaceRetry = seedRaceRetry;
  }

  MarkResult run(ChunkMarker chunkMarker) throws IOException, InterruptedException {
    IndexMarking.Done done =
        new IndexMarking.Done() {
          @Override
          public void indexMarked(Path path) {
            MarkWalk.this.indexMarked();
          }

          @Override
          public void batchProgress(int files, long handled, long total) {
            MarkWalk.this.batchProgress(files, handled, total);
          }
        };
    try (IndexMarking m = markers.create(checkpoint, done)) {
      marker = m;
      return markAll(chunkMarker);
    } finally {
      marker = null;
    }
  }

  private MarkResult markAll(ChunkMarker chunkMarker) throws IOException, InterruptedException {
    unprocessed = IndexFileWalk.list(datastore.base());
    indexCount = unprocessed.size();
    listener.phaseStarted(GcListener.Phase.MARK, indexCount);

    Iterator<Listed<BackupNamespace>> namespaces =
        datastore.iterateNamespaces(BackupNamespace.root(), BackupNamespace.MAX_DEPTH);
    while (namespaces.hasNext()) {
      BackupNamespace ns = unwrap(namespaces.next(), "iterating namespaces failed");
      Iterator<Listed<BackupGroup>> groups;
      try {
        groups = datastore.iterateGroups(ns);
      } catch (NoSuchFileException vanished) {
        continue; // namespace removed meanwhile: nothing left to mark there
      } catch (IOException e) {
        throw new GcAbortedException(
            "iterating backup groups of namespace '" + ns + "' failed: " + e.getMessage(), e);
      }
      while (groups.hasNext()) {
        markGroup(unwrap(groups.next(), "iterating backup groups failed"));
      }
    }
    markLeftovers();
    marker.finish();
    checkpoint.flush();
    return new MarkResult(
        indexFileCount,
        indexDataBytes,
        marker.cacheHits(),
        marker.cacheMisses(),
        chunkMarker.missingChunks(),
        unexpected,
        skipped,
        retries);
  }

  private void markGroup(BackupGroup group) throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      if (attempt > MAX_UNLOCKED_RETRIES) {
        throw new GcAbortedException(
            "exhausted retries and unexpected counter overrun for group " + group);
      }
      LockGuard lock = null;
      if (attempt == MAX_UNLOCKED_RETRIES) {
        try {
          lock = group.lock();
        } catch (LockedException e) {
          throw new GcAbortedException(
              "exhausted retries and failed to lock group " + group + ": " + e.getMessage(), e);
        }
      }
      try {
        if (markGroupOnce(group, attempt)) {
          return;
        }
        retries++;
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }
  }

  /** One listing attempt; false if the group must be listed again. */
  private boolean markGroupOnce(BackupGroup group, int attempt)
      throws IOException, InterruptedException {
    List<SnapshotInfo> snapshots;
    try {
      snapshots = new ArrayList<>(group.listSnapshots());
    } catch (NoSuchFileException e) {
      if (!group.exists()) {
        return true; // the group vanished: nothing to mark
      }
      return false; // a snapshot vanished while listing (a prune ran): list again
    } catch (IOException e) {
      if (!group.exists()) {
        return true;
      }
      throw new GcAbortedException(
          "listing snapshots of " + group + " failed: " + e.getMessage(), e);
    }
    hooks.groupListed(group, List.copyOf(snapshots), attempt);
    snapshots.sort(Comparator.comparingLong((SnapshotInfo s) -> s.dir().backupTime()).reversed());

    for (int count = 0; count < snapshots.size(); count++) {
      SnapshotInfo snapshot = snapshots.get(count);
      for (String file : snapshot.files()) {
        if (!IndexFileWalk.isIndexName(file)) {
          continue;
        }
        Path path = snapshot.dir().fullPath().resolve(file);
        hooks.beforeIndexOpen(path);
        if (!markIndex(path)) {
          unprocessed.remove(path);
          if (count == 0 && seedRaceRetry) {
            return false; // the newest snapshot lost an index: a newer one was added, re-list
          }
          continue;
        }
        if (!unprocessed.remove(path)) {
          indexCount++; // created after the walk
        }
      }
    }
    return true;
  }

  private void markLeftovers() throws IOException, InterruptedException {
    List<Path> leftovers = new ArrayList<>(unprocessed);
    for (Path path : leftovers) {
      if (markIndex(path)) {
        unexpected++;
        listener.warning("Marked chunks for unexpected index file at '" + path + "'");
      }
    }
    if (unexpected > 0) {
      listener.warning("Found " + unexpected + " index files outside of expected directory scheme");
    }
  }

  /**
   * Opens one index and hands it to the marker (which marks, closes and checkpoints it, at the
   * latest when phase 1 finishes); false if it vanished. Any other failure aborts the run.
   */
  private boolean markIndex(Path path) throws IOException, InterruptedException {
    if (listener.cancelRequested()) {
      throw new GcAbortedException("garbage collection aborted on request");
    }
    IndexIdentity identity;
    try {
      identity = checkpoint.identify(path);
    } catch (NoSuchFileException vanished) {
      return false;
    }
    boolean already = identity != null && checkpoint.alreadyMarked(identity);
    IndexFile index;
    try {
      index = IndexFiles.open(path);
    } catch (NoSuchFileException vanished) {
      return false;
    } catch (CorruptFileException | UnsupportedFormatException e) {
      throw new CorruptIndexException(path, "corrupt index '" + path + "' - " + e.getMessage(), e);
    } catch (IOException e) {
      throw new GcAbortedException("can't read index '" + path + "' - " + e.getMessage(), e);
    }
    indexFileCount++;
    indexDataBytes += index.indexBytes();
    if (already) {
      index.close();
      skipped++;
      indexMarked();
      return true;
    }
    marker.submit(index, path, identity);
    return true;
  }

  /** The marker's report that every digest of one more index file is marked. */
  private synchronized void indexMarked() {
    processed++;
    long percent = indexCount == 0 ? 100 : processed * 100 / Math.max(indexCount, processed);
    if (percent > lastPercent) {
      lastPercent = percent;
      listener.info(
          "marked " + percent + "% (" + processed + " of " + indexCount + " index files)");
    }
    lastReported = Math.max(lastReported, processed);
    listener.progress(GcListener.Phase.MARK, processed, Math.max(indexCount, processed));
  }

  /**
   * Progress inside a batch of {@code files} index files still being marked, as the fraction of its
   * references handled: reported in index-file units, never backwards, never reaching the batch's
   * end (that is {@link #indexMarked}'s).
   */
  private synchronized void batchProgress(int files, long handled, long total) {
    if (total <= 0) {
      return;
    }
    long at = processed + Math.min(files - 1L, files * handled / total);
    if (at > lastReported) {
      lastReported = at;
      listener.progress(GcListener.Phase.MARK, at, Math.max(indexCount, processed + files));
    }
  }

  private static <T> T unwrap(Listed<T> item, String what) throws GcAbortedException {
    try {
      return item.get();
    } catch (IOException e) {
      throw new GcAbortedException(what + ": " + e.getMessage(), e);
    }
  }
}
