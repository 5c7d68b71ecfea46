package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.Mount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk store reached through a read-only bind mount (the read-only mount of an offsite copy): it
 * opens without creating anything, loads, dry-run sweeps and takes the {@code .lock} read lock, and
 * refuses every write before changing anything. Needs root for {@code mount}; skipped otherwise.
 */
class ReadOnlyChunkStoreIT {
  private static final long PID = ProcessHandle.current().pid();
  private static final byte[] DATA = TestChunks.data(1, 5000);
  private static final ChunkDigest DIGEST = ChunkDigest.sha256(DATA);

  @TempDir static Path tmp;
  static Path src;
  static Path ro;
  static Mount mount;

  @BeforeAll
  static void storeOnReadOnlyMount() throws Exception {
    src = tmp.resolve("ds");
    try (ChunkStore s =
        ChunkStore.create(src, ChunkStoreOptions.defaults(InstantSource.system()))) {
      s.insert(DIGEST, TestChunks.plain(DATA));
    }
    TestChunks.setAtime(
        ChunkPath.of(src.resolve(".chunks"), DIGEST), Instant.parse("2024-01-01T00:00:00Z"));
    Files.delete(src.resolve(StoreLayout.CHUNK_LOCKS)); // as in a store PBS created
    ro = tmp.resolve("ro");
    mount = Mount.readOnlyBind(src, ro);
  }

  @AfterAll
  static void unmount() throws Exception {
    if (mount != null) {
      mount.close();
    }
  }

  @Test
  void open_readOnlyMount_createsNothing_loadsAndDryRunSweeps() throws Exception {
    try (ChunkStore s = ChunkStore.open(ro, ChunkStoreOptions.defaults(InstantSource.system()))) {
      assertThat(s.isReadOnly()).isTrue();
      assertThat(s.load(DIGEST).decode("test")).isEqualTo(DATA);
      SweepReport r =
          s.sweep(
              SweepRequest.of(Instant.now().getEpochSecond(), Instant.now().getEpochSecond())
                  .withDryRun(true));
      assertThat(r.chunkCount()).isEqualTo(1);
      assertThat(r.removedChunks()).as("would remove (dry run)").isEqualTo(1);
    }
    assertThat(src.resolve(StoreLayout.CHUNK_LOCKS)).doesNotExist();
    assertThat(
            src.resolve(".chunks").resolve(DIGEST.toHex().substring(0, 4)).resolve(DIGEST.toHex()))
        .isRegularFile();
  }

  @Test
  void open_writableMountOfSameStore_notReadOnly() throws Exception {
    try (ChunkStore s = ChunkStore.open(src, ChunkStoreOptions.defaults(InstantSource.system()))) {
      assertThat(s.isReadOnly()).isFalse();
    } finally {
      Files.deleteIfExists(
          src.resolve(StoreLayout.CHUNK_LOCKS)); // open created it; keep the PBS-like layout
    }
  }

  @Test
  void acquireShared_readOnly_takesReadLockThroughReadOnlyDescriptor() throws Exception {
    try (ChunkStore s = ChunkStore.open(ro, ChunkStoreOptions.defaults(InstantSource.system()));
        SharedStoreGuard g = s.acquireShared()) {
      assertThat(ours(LockHolders.of(src.resolve(StoreLock.FILE_NAME))))
          .extracting(LockHolders.Holder::mode)
          .containsExactly(LockHolders.Mode.READ);
    }
    assertThat(ours(LockHolders.of(src.resolve(StoreLock.FILE_NAME)))).isEmpty();
  }

  @Test
  void openAndAcquireShared_readOnlyWithoutLockFile_guardWithoutLock_createsNothing()
      throws Exception {
    Files.delete(src.resolve(StoreLock.FILE_NAME));
    try {
      try (ChunkStore s = ChunkStore.open(ro, ChunkStoreOptions.defaults(InstantSource.system()));
          SharedStoreGuard g = s.acquireShared()) {
        assertThat(StoreLock.sharedGuardCount(ro)).isEqualTo(1);
        assertThat(src.resolve(StoreLock.FILE_NAME)).doesNotExist();
      }
      assertThat(StoreLock.sharedGuardCount(ro)).isZero();
      assertThat(src.resolve(StoreLock.FILE_NAME)).doesNotExist();
    } finally {
      Files.createFile(src.resolve(StoreLock.FILE_NAME));
    }
  }

  @Test
  void writes_readOnly_throwReadOnlyStoreException_changeNothing() throws Exception {
    Path chunk =
        src.resolve(".chunks").resolve(DIGEST.toHex().substring(0, 4)).resolve(DIGEST.toHex());
    FileTime atime = TestChunks.atime(chunk);
    byte[] other = TestChunks.data(2, 300);
    try (ChunkStore s = ChunkStore.open(ro, ChunkStoreOptions.defaults(InstantSource.system()))) {
      List<ThrowingCall> writes =
          List.of(
              () -> s.insert(ChunkDigest.sha256(other), TestChunks.plain(other)),
              () -> s.touch(DIGEST),
              () -> s.renameCorrupt(DIGEST),
              () ->
                  s.sweep(
                      SweepRequest.of(
                          Instant.now().getEpochSecond(), Instant.now().getEpochSecond())));
      for (ThrowingCall w : writes) {
        assertThatThrownBy(w::call)
            .isInstanceOf(ReadOnlyStoreException.class)
            .hasMessageContaining("datastore " + ro)
            .hasMessageContaining("read-only filesystem")
            .hasMessageContaining("nothing was changed");
      }
    }
    assertThat(chunk).isRegularFile();
    assertThat(TestChunks.atime(chunk)).isEqualTo(atime);
    try (var s = Files.list(chunk.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(DIGEST.toHex());
    }
    assertThat(ChunkPath.of(src.resolve(".chunks"), ChunkDigest.sha256(other))).doesNotExist();
  }

  @Test
  void create_onReadOnlyMount_throwsReadOnlyStoreException() {
    assertThatThrownBy(
            () ->
                ChunkStore.create(
                    ro.resolve("new"), ChunkStoreOptions.defaults(InstantSource.system())))
        .isInstanceOf(ReadOnlyStoreException.class)
        .hasMessageContaining(ro.resolve("new").toString());
    assertThat(src.resolve("new")).doesNotExist();
  }

  private static List<LockHolders.Holder> ours(List<LockHolders.Holder> all) {
    return all.stream().filter(h -> h.pid() == PID).toList();
  }

  @FunctionalInterface
  private interface ThrowingCall {
    Object call() throws Exception;
  }
}
