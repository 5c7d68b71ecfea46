package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** touch() on the real filesystem, through the JNA utimensat path and the NIO fallback. */
class TouchIT {
  // microseconds: NIO sets a symlink's own times with lutimes(2)
  private static final Instant OLD = Instant.parse("2020-02-02T02:02:02.123456Z");
  @TempDir static Path dir;
  private static ChunkStore jna;
  private static ChunkStore nio;
  private static int next;

  @BeforeAll
  static void createStore() throws IOException {
    jna = ChunkStore.create(dir.resolve("ds"), ChunkStoreOptions.defaults(InstantSource.system()));
    nio =
        ChunkStore.open(
            dir.resolve("ds"),
            ChunkStoreOptions.defaults(InstantSource.system()).withNativeAccess(false));
  }

  @AfterAll
  static void close() {
    jna.close();
    nio.close();
  }

  static Stream<String> impls() {
    return Stream.of("jna", "nio");
  }

  private static ChunkStore store(String impl) {
    return impl.equals("jna") ? jna : nio;
  }

  private static ChunkDigest freshChunk() throws IOException {
    int i = next++;
    ChunkDigest d = TestChunks.digestIn(0x7000 + i, i);
    jna.insert(d, TestChunks.encrypted(i, 64, true));
    TestChunks.setAtime(jna.chunkPath(d), OLD);
    return d;
  }

  @ParameterizedTest
  @MethodSource("impls")
  void touch_existingChunk_updatesAtimeKeepsMtime(String impl) throws IOException {
    assertThat(jna.usesNativeAccess()).isTrue();
    assertThat(nio.usesNativeAccess()).isFalse();
    ChunkDigest d = freshChunk();
    Path p = jna.chunkPath(d);
    FileTime mtimeBefore = TestChunks.mtime(p);
    assertThat(TestChunks.atime(p).toInstant()).isEqualTo(OLD);
    Instant start = Instant.now().minusSeconds(1);

    assertThat(store(impl).touch(d)).isTrue();

    assertThat(TestChunks.atime(p).toInstant()).isAfter(start);
    assertThat(TestChunks.mtime(p)).as("mtime to the nanosecond").isEqualTo(mtimeBefore);
    assertThat(TestChunks.mtime(p).toInstant().getNano())
        .isEqualTo(mtimeBefore.toInstant().getNano());
  }

  @ParameterizedTest
  @MethodSource("impls")
  void touchForMark_existingChunk_updatesAtime(String impl) throws IOException {
    ChunkDigest d = freshChunk();
    assertThat(store(impl).touchForMark(d)).isTrue();
    assertThat(TestChunks.atime(jna.chunkPath(d)).toInstant()).isAfter(OLD.plusSeconds(86400));
  }

  @ParameterizedTest
  @MethodSource("impls")
  void touch_absentChunk_reportsAbsent(String impl) throws IOException {
    ChunkDigest d = TestChunks.digestIn(0x6fff, 424242);
    assertThat(store(impl).touch(d)).isFalse();
    assertThat(store(impl).touchForMark(d)).isFalse();
    assertThat(Files.exists(jna.chunkPath(d))).isFalse();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void touch_symlinkedChunk_touchesLinkNotTarget(String impl) throws IOException {
    ChunkDigest target = freshChunk();
    ChunkDigest link = TestChunks.digestIn(0x6ffe, next++);
    Path linkPath = jna.chunkPath(link);
    Files.createSymbolicLink(linkPath, jna.chunkPath(target));
    TestChunks.setAtime(linkPath, OLD);
    assertThat(TestChunks.atime(linkPath).toInstant()).isEqualTo(OLD);

    assertThat(store(impl).touch(link)).isTrue();

    assertThat(TestChunks.atime(linkPath).toInstant()).isAfter(OLD.plusSeconds(86400));
    assertThat(TestChunks.atime(jna.chunkPath(target)).toInstant()).isEqualTo(OLD);
  }

  @Test
  void touch_inaccessibleDirectory_throwsWithPathAndErrno() throws IOException {
    // ENOTDIR: the chunk's directory is a regular file.
    ChunkDigest d = TestChunks.digestIn(0x6ffd, 1);
    Path dirPath = jna.chunkPath(d).getParent();
    Files.delete(dirPath);
    Files.createFile(dirPath);
    try {
      assertThatThrownBy(() -> jna.touch(d))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(jna.chunkPath(d).toString())
          .hasMessageContaining("errno 20")
          .hasMessageContaining("Not a directory");
    } finally {
      Files.delete(dirPath);
      Files.createDirectory(dirPath);
    }
  }

  @Test
  void touch_manyCalls_allocatesNothingOnJnaPath() throws IOException {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counter");
    com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) mx;
    ChunkDigest d = freshChunk();
    ChunkDigest absent = TestChunks.digestIn(0x6ffc, 1);
    for (int i = 0; i < 20_000; i++) { // warm up (JIT, thread-locals, lock fd)
      jna.touch(d);
      jna.touch(absent);
    }
    long tid = Thread.currentThread().getId();
    long before = hs.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 10_000; i++) {
      jna.touch(d);
      jna.touch(absent);
    }
    long allocated = hs.getThreadAllocatedBytes(tid) - before;
    assertThat(allocated).as("bytes allocated by 20,000 touches").isLessThan(20_000);
  }

  @ParameterizedTest
  @MethodSource("impls")
  void touchForMarkWords_existingAndAbsentChunk_touchesExactlyThatChunk(String impl)
      throws IOException {
    ChunkDigest d = freshChunk();
    ChunkDigest neighbour = freshChunk();
    Instant start = Instant.now().minusSeconds(1);

    assertThat(store(impl).touchForMark(d.word(0), d.word(1), d.word(2), d.word(3))).isTrue();

    assertThat(TestChunks.atime(jna.chunkPath(d)).toInstant()).isAfter(start);
    assertThat(TestChunks.atime(jna.chunkPath(neighbour)).toInstant()).isEqualTo(OLD);
    ChunkDigest absent = TestChunks.digestIn(0x6ffd, 7);
    assertThat(
            store(impl)
                .touchForMark(absent.word(0), absent.word(1), absent.word(2), absent.word(3)))
        .isFalse();
  }

  @Test
  void touchForMarkWords_manyCalls_allocatesNothingOnJnaPath() throws IOException {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counter");
    com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) mx;
    ChunkDigest d = freshChunk();
    ChunkDigest absent = TestChunks.digestIn(0x6ffe, 1);
    long[] w = {d.word(0), d.word(1), d.word(2), d.word(3)};
    long[] a = {absent.word(0), absent.word(1), absent.word(2), absent.word(3)};
    for (int i = 0; i < 20_000; i++) { // warm up (JIT, thread-locals)
      jna.touchForMark(w[0], w[1], w[2], w[3]);
      jna.touchForMark(a[0], a[1], a[2], a[3]);
    }
    long tid = Thread.currentThread().getId();
    long before = hs.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 10_000; i++) {
      jna.touchForMark(w[0], w[1], w[2], w[3]);
      jna.touchForMark(a[0], a[1], a[2], a[3]);
    }
    long allocated = hs.getThreadAllocatedBytes(tid) - before;
    assertThat(allocated).as("bytes allocated by 20,000 word touches").isLessThan(20_000);
  }

  @org.junit.jupiter.api.RepeatedTest(5)
  void pathBuffer_randomDigests_writesPrefixSlashHexNul(org.junit.jupiter.api.RepetitionInfo rep) {
    long seed = 0x5eedL * rep.getCurrentRepetition();
    java.util.Random rnd = new java.util.Random(seed);
    ChunkPath.Buffer buf = ChunkPath.Buffer.forThisThread();
    for (int i = 0; i < 1000; i++) {
      byte[] raw = new byte[32];
      rnd.nextBytes(raw);
      ChunkDigest d = ChunkDigest.of(raw);
      String hex = d.toHex();
      com.sun.jna.Pointer p =
          new com.sun.jna.Pointer(buf.chunkPath(d.word(0), d.word(1), d.word(2), d.word(3)));
      assertThat(p.getString(0, "US-ASCII"))
          .as("seed %d digest %s", seed, hex)
          .isEqualTo(hex.substring(0, 4) + "/" + hex);
      p = new com.sun.jna.Pointer(buf.badCopyPath(d, i % 10));
      assertThat(p.getString(0, "US-ASCII"))
          .as("seed %d digest %s", seed, hex)
          .isEqualTo(hex.substring(0, 4) + "/" + hex + "." + (i % 10) + ".bad");
    }
  }
}
