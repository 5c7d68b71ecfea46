package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.ChunkDirPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sweep's side of the exclusion protocol, checked directly: at every unlink, the byte of the
 * entry's directory in {@code .jpbs-chunk-locks} is write-locked by another open file description
 * (asked with {@code F_OFD_GETLK}), whatever the lock span; a dry run holds no lock at all. The
 * race ITs show the end-to-end effect; this one also catches a lock over the wrong bytes, which
 * they can miss (a writer that blocks on the locked byte stops racing in the unlocked ones).
 */
class SweepLockCoverageIT {
  private static final int PREFIXES = 300;

  @TempDir Path dir;

  /** Hands the (closed) store's 65,536 directories on to the next test. */
  @AfterEach
  void recycleChunkDirs() {
    ChunkDirPool.recycle(dir.resolve("ds"));
  }

  /** Directory sizes from 0 to 70 chunks, so lock spans of 1 to 64 directories all occur. */
  private ChunkStore storeWithAgedChunks(long aged) throws Exception {
    Path base = dir.resolve("ds");
    ChunkStore store =
        ChunkDirPool.claim(base)
            ? ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()))
            : ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system()));
    Instant old = Instant.ofEpochSecond(aged);
    int n = 0;
    for (int p = 0; p < PREFIXES; p++) {
      int count = p < 100 ? p % 3 : p < 150 ? 70 : 1 + p % 11;
      for (int i = 0; i < count; i++) {
        ChunkDigest d = TestChunks.digestIn(p, n++);
        store.insert(d, TestChunks.encrypted(n, 48, true)); // encrypted: digest not verified
        TestChunks.setAtime(store.chunkPath(d), old);
      }
    }
    return store;
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @CsvSource({"1", "2"})
  void sweep_everyUnlink_happensWhileItsDirectoryIsWriteLocked(int threads) throws Exception {
    long now = Instant.now().getEpochSecond();
    try (ChunkStore store = storeWithAgedChunks(now - 2 * 86400);
        OfdProbe probe = new OfdProbe(store.base().resolve(StoreLayout.CHUNK_LOCKS))) {
      assertThat(store.usesNativeAccess()).isTrue();
      AtomicLong checked = new AtomicLong();
      List<Integer> unlocked = new CopyOnWriteArrayList<>();
      SweepProbe check =
          prefix -> {
            checked.incrementAndGet();
            if (!probe.writeLocked(prefix, 1)) {
              unlocked.add(prefix);
            }
          };
      SweepReport r =
          store.sweep(
              SweepRequest.of(now - 86400, now - 86400)
                  .withPrefixRange(0, PREFIXES - 1)
                  .withThreads(threads)
                  .withProbe(check));
      assertThat(r.removedChunks()).as("the sweep removed the aged chunks").isPositive();
      assertThat(checked.get()).isEqualTo(r.removedChunks());
      assertThat(unlocked).as("prefixes unlinked in without their lock byte held").isEmpty();
      assertThat(probe.writeLocked(0, PREFIXES)).as("all released after the sweep").isFalse();
    }
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @CsvSource({"1", "2"})
  void sweep_dryRun_takesNoLock(int threads) throws Exception {
    long now = Instant.now().getEpochSecond();
    try (ChunkStore store = storeWithAgedChunks(now - 2 * 86400);
        OfdProbe probe = new OfdProbe(store.base().resolve(StoreLayout.CHUNK_LOCKS))) {
      AtomicLong checks = new AtomicLong();
      AtomicLong locked = new AtomicLong();
      SweepReport r =
          store.sweep(
              SweepRequest.of(now - 86400, now - 86400)
                  .withPrefixRange(0, PREFIXES - 1)
                  .withThreads(threads)
                  .withDryRun(true)
                  .withAbortCheck(
                      () -> { // called per entry, inside the directory walk
                        checks.incrementAndGet();
                        if (probe.writeLocked(0, ChunkLocks.PREFIXES)) {
                          locked.incrementAndGet();
                        }
                        return false;
                      }));
      assertThat(r.removedChunks()).isPositive();
      assertThat(checks.get()).isGreaterThanOrEqualTo(r.chunkCount());
      assertThat(locked.get()).as("entries seen while some chunk lock was held").isZero();
      assertThat(Files.exists(store.chunksDir())).isTrue();
    }
  }
}
