package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jpbs.testkit.LockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store-level .lock: refcounted shared guards, holder discovery, and a foreign exclusive
 * holder.
 */
class StoreLockIT {
  private static final long PID = ProcessHandle.current().pid();
  @TempDir Path base;

  private Path lockFile() throws IOException {
    Path f = base.resolve(".lock");
    if (!Files.exists(f)) {
      Files.createFile(f);
    }
    return f;
  }

  @Test
  void acquireShared_refcounted_tracksOldestGuardAndReleasesLast() throws IOException {
    Path lock = lockFile();
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    InstantSource clock = now::get;
    SharedStoreGuard g1 = StoreLock.acquireShared(base, clock);
    now.set(Instant.parse("2026-01-01T01:00:00Z"));
    SharedStoreGuard g2 = StoreLock.acquireShared(base, clock);
    assertThat(StoreLock.sharedGuardCount(base)).isEqualTo(2);
    assertThat(StoreLock.oldestSharedGuard(base)).contains(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(ours(LockHolders.of(lock)))
        .containsExactly(
            new LockHolders.Holder(
                PID, LockHolders.Kind.POSIX, LockHolders.Mode.READ, false, 0, -1));

    g1.close();
    g1.close(); // idempotent: must not release g2's hold
    assertThat(StoreLock.oldestSharedGuard(base)).contains(Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(ours(LockHolders.of(lock))).hasSize(1);

    g2.close();
    assertThat(StoreLock.sharedGuardCount(base)).isZero();
    assertThat(StoreLock.oldestSharedGuard(base)).isEmpty();
    assertThat(ours(LockHolders.of(lock))).isEmpty();
  }

  @Test
  void acquireShared_whileOtherProcessHoldsExclusive_refuses() throws Exception {
    Path lock = lockFile();
    try (LockHolder child = LockHolder.fcntl(lock, false)) {
      assertThat(child.line()).isEqualTo("LOCKED");
      assertThatThrownBy(() -> StoreLock.acquireShared(base, InstantSource.system()))
          .isInstanceOf(StoreLock.LockUnavailableException.class)
          .hasMessageContaining(lock.toString());
      assertThat(LockHolders.of(lock))
          .contains(
              new LockHolders.Holder(
                  child.pid(), LockHolders.Kind.POSIX, LockHolders.Mode.WRITE, false, 0, -1));
      assertThat(StoreLock.sharedGuardCount(base)).isZero();
      child.release();
    }
  }

  @Test
  void acquireShared_blocksForeignExclusive_allowsForeignShared() throws Exception {
    Path lock = lockFile();
    try (SharedStoreGuard g = StoreLock.acquireShared(base, InstantSource.system())) {
      assertThat(StoreLock.oldestSharedGuard(base)).contains(g.acquiredAt());
      try (LockHolder gc = LockHolder.fcntl(lock, false)) {
        assertThat(gc.line()).as("a PBS GC must not get the exclusive lock").isEqualTo("BUSY");
        gc.release();
      }
      try (LockHolder backup = LockHolder.fcntl(lock, true)) {
        assertThat(backup.line()).isEqualTo("LOCKED");
        assertThat(LockHolders.of(lock))
            .extracting(LockHolders.Holder::pid)
            .contains(PID, backup.pid());
        backup.release();
      }
      assertThat(StoreLock.sharedGuardCount(base)).isEqualTo(1);
    }
  }

  @Test
  void chunkStoreAcquireShared_usesStoreClock(@TempDir Path dir) throws IOException {
    Instant t = Instant.parse("2025-05-05T05:05:05Z");
    try (ChunkStore store =
            ChunkStore.create(
                dir.resolve("ds"),
                ChunkStoreOptions.defaults(InstantSource.system()).withClock(() -> t));
        SharedStoreGuard g = store.acquireShared()) {
      assertThat(g.acquiredAt()).isEqualTo(t);
      assertThat(store.oldestSharedGuard()).contains(t);
    }
  }

  private static List<LockHolders.Holder> ours(List<LockHolders.Holder> all) {
    return all.stream().filter(h -> h.pid() == PID).collect(java.util.stream.Collectors.toList());
  }
}
