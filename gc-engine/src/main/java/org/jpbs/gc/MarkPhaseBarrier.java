package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.SnapshotRemovalListener;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.gc.cache.DigestCache;
import org.jpbs.gc.state.GcStateStore;

/**
 * Closes the chunk-reuse window PBS leaves open (spec §8.3): while any jpbs GC on this store is in
 * its mark phase, a snapshot about to be removed first has every chunk of its index files touched,
 * in the removing process, before a single file is deleted.
 *
 * <p>Register it on every {@code Datastore} a pruning or forgetting process opens. A touched chunk
 * has {@code atime = now >= phase1_start > min_atime}, so the running GC cannot sweep it, whether
 * or not it ever reads the vanished index. If the mark phase begins only after the check, the GC
 * lists the group later than the removal began, and then sees the newer snapshot that made this one
 * prunable (a backup holds its base snapshot's shared lock until it finished). If touching fails,
 * the removal is vetoed and nothing is deleted.
 */
public final class MarkPhaseBarrier implements SnapshotRemovalListener {
  private static final int DEDUP_CAPACITY = 65_536;

  private final GcStateStore state;
  private final ChunkStore store;
  private final boolean markMissing;

  public MarkPhaseBarrier(GcStateStore state, ChunkStore store) {
    this(state, store, false);
  }

  /**
   * @param markMissing for a store that is a cache of chunks kept elsewhere (S3): a chunk without a
   *     local file gets a 0-byte marker with a fresh atime, which that store's sweep honours
   */
  public MarkPhaseBarrier(GcStateStore state, ChunkStore store, boolean markMissing) {
    this.state = Objects.requireNonNull(state, "state");
    this.store = Objects.requireNonNull(store, "store");
    this.markMissing = markMissing;
  }

  @Override
  public void beforeRemove(BackupDir snapshot, List<Path> indexFiles) throws IOException {
    if (state.activeMarkPhase().isEmpty()) {
      return;
    }
    DigestCache seen = DigestCache.create(DEDUP_CAPACITY);
    for (Path path : indexFiles) {
      IndexFile index;
      try {
        index = IndexFiles.open(path);
      } catch (NoSuchFileException vanished) {
        continue;
      }
      try (IndexFile open = index) {
        for (int i = 0; i < open.count(); i++) {
          long w0 = open.digestWord(i, 0);
          long w1 = open.digestWord(i, 1);
          long w2 = open.digestWord(i, 2);
          long w3 = open.digestWord(i, 3);
          if (!seen.insert(w0, w1, w2, w3)) {
            ChunkDigest d = ChunkDigest.ofWords(w0, w1, w2, w3);
            if (markMissing) {
              store.withSharedChunkLock(
                  d,
                  c -> {
                    c.touchOrMark();
                    return null;
                  });
            } else {
              store.touch(d);
            }
          }
        }
      }
    }
  }
}
