package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** sweep() against hand-built stores: PBS counters, dry run, progress, abort, errors. */
class SweepIT {
  @TempDir static Path dir;
  private static ChunkStore jna;
  private static ChunkStore nio;
  private static final AtomicInteger NEXT_BLOCK = new AtomicInteger(1);

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

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("jna", 1),
        Arguments.of("jna", 2),
        Arguments.of("nio", 1),
        Arguments.of("nio", 2));
  }

  private static ChunkStore store(String impl) {
    return impl.equals("jna") ? jna : nio;
  }

  /** A fresh block of 256 directories for one test. */
  private static int block() {
    return NEXT_BLOCK.getAndIncrement() * 256;
  }

  private static SweepRequest request(int base, int threads) {
    return SweepRequest.of(SweepFixture.MIN_ATIME, SweepFixture.OLDEST_WRITER)
        .withPrefixRange(base, base + 255)
        .withThreads(threads);
  }

  @ParameterizedTest(name = "{0}, {1} threads")
  @MethodSource("cases")
  void sweep_everyClass_countsLikePbsAndRemovesOnlyOldChunks(String impl, int threads)
      throws Exception {
    int base = block();
    SweepFixture f = new SweepFixture(jna, base, dir);

    SweepReport dry = store(impl).sweep(request(base, threads).withDryRun(true));
    assertThat(dry).isEqualTo(SweepFixture.EXPECTED);
    f.checkNothingRemoved();

    SweepReport real = store(impl).sweep(request(base, threads));
    assertThat(real).isEqualTo(SweepFixture.EXPECTED);
    f.checkAfterSweep();

    SweepReport again = store(impl).sweep(request(base, threads));
    assertThat(again).isEqualTo(new SweepReport(0, 0, 0, 2, 760, 1, 2, 1170, 6));
    f.checkAfterSweep();
  }

  @ParameterizedTest(name = "{0}, {1} threads")
  @MethodSource("cases")
  void sweep_progress_isMonotonicAndEndsWithTotals(String impl, int threads) throws Exception {
    int base = block();
    new SweepFixture(jna, base, dir);
    List<long[]> calls = new ArrayList<>();
    store(impl)
        .sweep(
            request(base, threads)
                .withDryRun(true)
                .withListener(
                    (done, total, entries) -> calls.add(new long[] {done, total, entries})));
    assertThat(calls).isNotEmpty();
    long[] last = calls.get(calls.size() - 1);
    assertThat(last).containsExactly(256, 256, 11);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
    }
  }

  @ParameterizedTest(name = "{0}, {1} threads")
  @MethodSource("cases")
  void sweep_abortCheck_stopsWithPartialReport(String impl, int threads) throws Exception {
    int base = block();
    SweepFixture f = new SweepFixture(jna, base, dir);
    AtomicInteger checks = new AtomicInteger();
    SweepRequest r = request(base, threads).withAbortCheck(() -> checks.incrementAndGet() > 3);
    assertThatThrownBy(() -> store(impl).sweep(r))
        .isInstanceOfSatisfying(
            SweepException.class,
            e -> {
              assertThat(e.aborted()).isTrue();
              assertThat(e.partialReport().chunkCount())
                  .isLessThan(SweepFixture.EXPECTED.chunkCount());
            });
    for (java.nio.file.Path p : f.mustSurvive) {
      assertThat(Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sweep_directoryReplacedByFile_failsNamingPath(String impl, int threads) throws Exception {
    int base = block();
    new SweepFixture(jna, base, dir);
    Path broken = jna.chunksDir().resolve(ChunkPath.prefixName(base + 100));
    Files.delete(broken);
    Files.createFile(broken);
    try {
      assertThatThrownBy(() -> store(impl).sweep(request(base, threads)))
          .isInstanceOf(SweepException.class)
          .hasMessageContaining(broken.toString())
          .satisfies(e -> assertThat(((SweepException) e).aborted()).isFalse());
    } finally {
      Files.delete(broken);
      Files.createDirectory(broken);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sweep_missingDirectory_isSkipped(String impl, int threads) throws Exception {
    int base = block();
    SweepFixture f = new SweepFixture(jna, base, dir);
    Path missing = jna.chunksDir().resolve(ChunkPath.prefixName(base + 200));
    Files.delete(missing);
    try {
      assertThat(store(impl).sweep(request(base, threads))).isEqualTo(SweepFixture.EXPECTED);
      f.checkAfterSweep();
    } finally {
      Files.createDirectory(missing);
    }
  }

  @Test
  void sweep_manyParallelSweeps_leaveNoLockDescriptorsOpen() throws Exception {
    int base = block();
    new SweepFixture(jna, base, dir);
    long before = openLockFileDescriptors(); // e.g. this test thread's own, from earlier tests
    for (int i = 0; i < 5; i++) {
      jna.sweep(request(base, 2));
    }
    assertThat(openLockFileDescriptors() - before)
        .as("descriptors of .jpbs-chunk-locks left by ended sweep threads")
        .isZero();
  }

  static long openLockFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().endsWith(".jpbs-chunk-locks");
                } catch (IOException e) {
                  return false; // closed meanwhile
                }
              })
          .count();
    }
  }

  @Test
  void sweep_wholeStore_visitsFirstAndLastDirectoryOnly(@TempDir Path fresh) throws Exception {
    try (ChunkStore s =
            ChunkStore.create(
                fresh.resolve("ds"), ChunkStoreOptions.defaults(InstantSource.system()));
        ChunkStore sNio =
            ChunkStore.open(
                fresh.resolve("ds"),
                ChunkStoreOptions.defaults(InstantSource.system()).withNativeAccess(false))) {
      SweepFixture low = new SweepFixture(s, 0x0000, fresh);
      SweepFixture high = new SweepFixture(s, 0xfffc, fresh);
      // an upper-case directory is never visited (PBS formats "%04x")
      Path upper = Files.createDirectory(s.chunksDir().resolve("ABCD"));
      Path hidden = Files.write(upper.resolve(SweepFixture.hex(0xabcd, 1)), new byte[3]);
      TestChunks.setAtime(hidden, java.time.Instant.ofEpochSecond(0));
      SweepRequest all = SweepRequest.of(SweepFixture.MIN_ATIME, SweepFixture.OLDEST_WRITER);
      SweepReport twice = new SweepReport(8, 1040, 2, 4, 1520, 2, 4, 2340, 22);

      assertThat(sNio.sweep(all.withDryRun(true))).isEqualTo(twice);
      low.checkNothingRemoved();
      assertThat(s.sweep(all.withThreads(2))).isEqualTo(twice);
      low.checkAfterSweep();
      high.checkAfterSweep();
      assertThat(Files.exists(hidden)).isTrue();
    }
  }

  /**
   * On tmpfs the JNA sweeper skips a directory whose size says it is empty (after an empty one);
   * chunks right after runs of empty directories, in a directory emptied again (size back to 40),
   * after a directory holding only a subdirectory, and in the block's last directory are all still
   * classified, exactly as the NIO sweeper (which lists every directory) classifies them.
   */
  @ParameterizedTest(name = "{0} threads")
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
  void sweep_sparseDirectories_skipsOnlyEmptyOnes_sameAsListingEach(int threads) throws Exception {
    int base = block();
    Path chunks = jna.chunksDir();
    List<Path> old = new ArrayList<>();
    List<Path> young = new ArrayList<>();
    int[] withOld = {0, 2, 3, 100, 101, 200, 255};
    for (int off : withOld) {
      Path p =
          Files.write(
              chunks
                  .resolve(ChunkPath.prefixName(base + off))
                  .resolve(SweepFixture.hex(base + off, 1)),
              new byte[10 + off]);
      TestChunks.setAtime(p, java.time.Instant.ofEpochSecond(SweepFixture.MIN_ATIME - 1));
      old.add(p);
    }
    Path y =
        Files.write(
            chunks
                .resolve(ChunkPath.prefixName(base + 150))
                .resolve(SweepFixture.hex(base + 150, 2)),
            new byte[7]);
    TestChunks.setAtime(y, java.time.Instant.ofEpochSecond(SweepFixture.OLDEST_WRITER));
    young.add(y);
    // emptied again: size 40 as if never used
    Path gone =
        chunks.resolve(ChunkPath.prefixName(base + 50)).resolve(SweepFixture.hex(base + 50, 3));
    Files.write(gone, new byte[1]);
    Files.delete(gone);
    // a directory holding only a subdirectory (not a chunk), before a directory with an old chunk
    Files.createDirectory(chunks.resolve(ChunkPath.prefixName(base + 199)).resolve("sub"));
    SweepReport expected =
        new SweepReport(7, 7 * 10 + 0 + 2 + 3 + 100 + 101 + 200 + 255, 0, 0, 0, 0, 1, 7, 8);

    assertThat(nio.sweep(request(base, threads).withDryRun(true))).isEqualTo(expected);
    assertThat(jna.sweep(request(base, threads).withDryRun(true))).isEqualTo(expected);
    assertThat(jna.sweep(request(base, threads))).isEqualTo(expected);
    for (Path p : old) {
      assertThat(p).as("old chunk removed").doesNotExist();
    }
    assertThat(y).as("young chunk kept").exists();
  }
}
