package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jpbs.format.BlobFormat;
import org.jpbs.format.BlobKind;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store layout, open errors, insert/load and the PBS duplicate rules, on the real filesystem. */
class ChunkStoreIT {
  @TempDir static Path shared;
  private static ChunkStore store;

  @BeforeAll
  static void createStore() throws IOException {
    store =
        ChunkStore.create(shared.resolve("ds"), ChunkStoreOptions.defaults(InstantSource.system()));
  }

  @AfterAll
  static void noTempFilesLeftAndClose() throws IOException {
    try (Stream<Path> s = Files.walk(store.chunksDir())) {
      assertThat(
              s.filter(p -> p.getFileName().toString().contains(".tmp_"))
                  .collect(Collectors.toList()))
          .isEmpty();
    } finally {
      store.close();
    }
  }

  @Test
  void create_layout_hasAllDirectoriesAndPbsModes() throws IOException {
    assertThat(store.usesNativeAccess()).as("JNA must work on the test machine").isTrue();
    Path chunks = store.chunksDir();
    try (Stream<Path> s = Files.list(chunks)) {
      List<String> names =
          s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertThat(names).hasSize(65536);
      assertThat(names.get(0)).isEqualTo("0000");
      assertThat(names.get(0xbb9f)).isEqualTo("bb9f");
      assertThat(names.get(65535)).isEqualTo("ffff");
    }
    assertThat(mode(chunks)).isEqualTo("rwxr-x---");
    assertThat(mode(chunks.resolve("abcd"))).isEqualTo("rwxr-x---");
    assertThat(mode(store.base().resolve(".lock"))).isEqualTo("rw-r--r--");
    assertThat(Files.size(store.base().resolve(".lock"))).isZero();
    assertThat(mode(store.base().resolve(".jpbs-chunk-locks"))).isEqualTo("rw-r--r--");
    assertThat(mode(store.base())).doesNotEndWith("w-").doesNotEndWith("wx");
  }

  @Test
  void create_existingStore_refuses() {
    assertThatThrownBy(
            () ->
                ChunkStore.create(store.base(), ChunkStoreOptions.defaults(InstantSource.system())))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(".chunks");
  }

  @Test
  void open_notAStore_throwsNamingPath(@TempDir Path dir) throws IOException {
    assertThatThrownBy(
            () -> ChunkStore.open(dir, ChunkStoreOptions.defaults(InstantSource.system())))
        .isInstanceOf(ChunkStore.NotAChunkStoreException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining(".chunks");
    Path file = Files.createFile(dir.resolve("plain-file"));
    assertThatThrownBy(
            () -> ChunkStore.open(file, ChunkStoreOptions.defaults(InstantSource.system())))
        .isInstanceOf(ChunkStore.NotAChunkStoreException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void open_existingStore_seesChunksOfOtherHandle() throws IOException {
    DataBlob blob = TestChunks.plain(TestChunks.data(1, 1000));
    ChunkDigest d = ChunkDigest.sha256(TestChunks.data(1, 1000));
    store.insert(d, blob);
    try (ChunkStore other =
        ChunkStore.open(store.base(), ChunkStoreOptions.defaults(InstantSource.system()))) {
      assertThat(other.load(d).rawData()).isEqualTo(blob.rawData());
      assertThat(other.touch(d)).isTrue();
    }
  }

  @Test
  void open_storeWithoutJpbsLockFile_createsIt() throws IOException {
    Path locks = store.base().resolve(".jpbs-chunk-locks");
    Files.delete(locks); // a store created by PBS has none
    try (ChunkStore other =
        ChunkStore.open(store.base(), ChunkStoreOptions.defaults(InstantSource.system()))) {
      assertThat(Files.exists(locks)).isTrue();
      assertThat(other.touch(TestChunks.digestIn(0x4444, 1))).isFalse();
    }
  }

  @Test
  void insert_fresh_writesAtomicallyWithMode0644() throws IOException {
    byte[] data = TestChunks.data(2, 5000);
    ChunkDigest d = ChunkDigest.sha256(data);
    InsertResult r = store.insert(d, DataBlob.encode(data, true));
    assertThat(r.duplicate()).isFalse();
    Path p = store.chunkPath(d);
    assertThat(p.getParent().getFileName().toString()).isEqualTo(d.toHex().substring(0, 4));
    assertThat(r.storedSize()).isEqualTo(Files.size(p));
    assertThat(mode(p)).isEqualTo("rw-r--r--");
    assertThat(store.load(d).decode("t")).isEqualTo(data);
  }

  @Test
  void insert_sameSize_isDuplicateAndTouches() throws IOException {
    byte[] data = TestChunks.data(3, 3000);
    ChunkDigest d = ChunkDigest.sha256(data);
    store.insert(d, TestChunks.plain(data));
    Path p = store.chunkPath(d);
    Instant old = Instant.parse("2001-01-01T00:00:00Z");
    TestChunks.setAtime(p, old);
    InsertResult r = store.insert(d, TestChunks.plain(data));
    assertThat(r).isEqualTo(new InsertResult(true, Files.size(p)));
    assertThat(TestChunks.atime(p).toInstant()).isAfter(old.plusSeconds(86400 * 365));
  }

  @Test
  void insert_smallerExisting_keepsExistingAndTouches() throws IOException {
    byte[] data = new byte[100_000]; // compresses well
    data[5] = 1;
    ChunkDigest d = ChunkDigest.sha256(data);
    DataBlob small = DataBlob.encode(data, true);
    store.insert(d, small);
    InsertResult r = store.insert(d, TestChunks.plain(data));
    assertThat(r).isEqualTo(new InsertResult(true, small.rawSize()));
    assertThat(store.load(d).kind()).isEqualTo(BlobKind.COMPRESSED);
  }

  @Test
  void insert_largerExisting_isReplacedBySmallerCopy() throws IOException {
    byte[] data = new byte[100_000];
    data[7] = 1;
    ChunkDigest d = ChunkDigest.sha256(data);
    store.insert(d, TestChunks.plain(data));
    DataBlob small = DataBlob.encode(data, true);
    InsertResult r = store.insert(d, small);
    assertThat(r).isEqualTo(new InsertResult(false, small.rawSize()));
    assertThat(Files.size(store.chunkPath(d))).isEqualTo(small.rawSize());
  }

  @Test
  void insert_emptyExisting_isOverwritten() throws IOException {
    byte[] data = TestChunks.data(4, 2000);
    ChunkDigest d = ChunkDigest.sha256(data);
    Files.createFile(store.chunkPath(d));
    InsertResult r = store.insert(d, TestChunks.plain(data));
    assertThat(r.duplicate()).isFalse();
    assertThat(store.load(d).decode("t")).isEqualTo(data);
  }

  @Test
  void insert_encryptedOverUnencrypted_isRefused() throws IOException {
    byte[] data = TestChunks.data(5, 2000);
    ChunkDigest d = ChunkDigest.sha256(data);
    store.insert(d, TestChunks.plain(data));
    byte[] before = Files.readAllBytes(store.chunkPath(d));
    assertThatThrownBy(() -> store.insert(d, TestChunks.encrypted(1, 500, true)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unencrypted")
        .hasMessageContaining(d.toHex());
    assertThat(Files.readAllBytes(store.chunkPath(d))).isEqualTo(before);
  }

  @Test
  void insert_encryptedUncompressedOverEncryptedUncompressed_isRefused() throws IOException {
    ChunkDigest d = TestChunks.digestIn(0x1234, 1);
    store.insert(d, TestChunks.encrypted(1, 300, false));
    assertThatThrownBy(() -> store.insert(d, TestChunks.encrypted(2, 200, false)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void insert_encryptedDifferentSize_keepsFirstCopy() throws IOException {
    ChunkDigest d = TestChunks.digestIn(0x1234, 2);
    DataBlob first = TestChunks.encrypted(1, 300, true);
    store.insert(d, first);
    InsertResult r = store.insert(d, TestChunks.encrypted(2, 200, true));
    assertThat(r).isEqualTo(new InsertResult(true, first.rawSize()));
    assertThat(store.load(d).rawData()).isEqualTo(first.rawData());
  }

  @Test
  void insert_wrongDigest_isRefusedAndWritesNothing() {
    byte[] data = TestChunks.data(6, 100);
    ChunkDigest wrong = ChunkDigest.sha256(TestChunks.data(7, 100));
    assertThatThrownBy(() -> store.insert(wrong, TestChunks.plain(data)))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("digest mismatch")
        .hasMessageContaining(wrong.toHex());
    assertThat(Files.exists(store.chunkPath(wrong))).isFalse();
  }

  @Test
  void insert_sizeLimits_areEnforced() {
    byte[] empty = new byte[0];
    assertThatThrownBy(() -> store.insert(ChunkDigest.sha256(empty), TestChunks.plain(empty)))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("size out of range");
    byte[] big = new byte[BlobFormat.MAX_CHUNK_SIZE + 1];
    assertThatThrownBy(() -> store.insert(ChunkDigest.sha256(big), DataBlob.encode(big, true)))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("too large");
    DataBlob hugeEncrypted = TestChunks.encrypted(1, BlobFormat.MAX_CHUNK_SIZE + 1, false);
    assertThatThrownBy(() -> store.insert(TestChunks.digestIn(1, 1), hugeEncrypted))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("size out of range");
  }

  @Test
  void insert_directoryAtChunkPath_isRefused() throws IOException {
    ChunkDigest d = TestChunks.digestIn(0x2222, 1);
    Files.createDirectory(store.chunkPath(d));
    assertThatThrownBy(() -> store.insert(d, TestChunks.encrypted(1, 100, true)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected file type");
  }

  @Test
  void renameCorrupt_sequence_usesFirstFreeSlotThenNine() throws IOException {
    ChunkDigest d = TestChunks.digestIn(0x3333, 1);
    Path p = store.chunkPath(d);
    for (int n = 0; n <= 10; n++) {
      store.insert(d, TestChunks.encrypted(n, 100 + n, true));
      int expect = Math.min(n, 9);
      assertThat(store.renameCorrupt(d))
          .contains(p.resolveSibling(d.toHex() + "." + expect + ".bad"));
      assertThat(Files.exists(p)).isFalse();
    }
    // the last two renames overwrote .9.bad
    assertThat(Files.size(p.resolveSibling(d.toHex() + ".9.bad")))
        .isEqualTo(TestChunks.encrypted(10, 110, true).rawSize());
    assertThat(store.renameCorrupt(d)).isEmpty();
  }

  @Test
  void close_thenUse_throwsAlreadyClosed() throws IOException {
    ChunkStore s =
        ChunkStore.open(
            store.base(),
            ChunkStoreOptions.defaults(InstantSource.system()).withNativeAccess(false));
    s.close();
    s.close(); // idempotent
    assertThatThrownBy(() -> s.touch(TestChunks.digestIn(0, 0)))
        .isInstanceOf(ChunkStore.AlreadyClosedException.class);
  }

  private static String mode(Path p) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    return PosixFilePermissions.toString(perms);
  }
}
