package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFiles;
import org.jpbs.format.GcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** GC end to end on a real store: counters, dry run, threads, errors. */
class GarbageCollectorIT {
  @TempDir Path tmp;
  GcTestStore t;

  @BeforeEach
  void open() throws IOException {
    t = GcTestStore.create(tmp);
  }

  @AfterEach
  void close() throws IOException {
    t.assertEveryReferencedChunkExists();
    t.close();
  }

  /** Builds the classes of spec §4.6 and returns the expected counters (cutoff 1 h). */
  private Map<String, Long> buildEveryClass() throws IOException {
    return EveryClass.build(t);
  }

  private static Map<String, Long> counters(GcStatus s) {
    return EveryClass.counters(s);
  }

  static Stream<Arguments> modesAndOrders() {
    return Stream.of(GcOptions.MarkMode.values())
        .flatMap(m -> Stream.of(GcOptions.MarkOrder.values()).map(o -> Arguments.of(m, o)));
  }

  @ParameterizedTest
  @MethodSource("modesAndOrders")
  void run_everyClass_countersEqualHandComputedAndStatusWritten(
      GcOptions.MarkMode mode, GcOptions.MarkOrder order) throws Exception {
    Map<String, Long> expected = buildEveryClass();
    Set<ChunkDigest> before = t.chunksOnDisk();

    GcReport r =
        t.gc(
            GcTestStore.testOptions()
                .withMarkMode(mode)
                .withCutoff(Duration.ofHours(1))
                .withMarkOrder(order));

    assertThat(counters(r.status())).isEqualTo(expected);
    assertThat(r.mark().missingChunks()).isEqualTo(1);
    GcStatus written = GcStatus.load(t.base.resolve(GcStatus.FILE_NAME));
    assertThat(written).isEqualTo(r.status());
    assertThat(written.upid()).startsWith("UPID:").contains(":garbage_collection:store:");
    assertThat(before).hasSizeGreaterThan(t.chunksOnDisk().size());
    try (Stream<Path> s = Files.walk(t.base.resolve(".chunks"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".tmp_abcdef")).count())
          .as("temp files are never swept")
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void dryRun_touchesAndUnlinksNothing_andEqualsRealRun(GcOptions.MarkMode mode) throws Exception {
    Map<String, Long> expected = buildEveryClass();
    Map<Path, Long> atimes = new HashMap<>();
    try (Stream<Path> s = Files.walk(t.base.resolve(".chunks"))) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        atimes.put(p, GcTestStore.atime(p));
      }
    }

    GcReport dry =
        t.gc(
            GcTestStore.testOptions()
                .withMarkMode(mode)
                .withCutoff(Duration.ofHours(1))
                .withDryRun(true));

    Map<Path, Long> after = new HashMap<>();
    try (Stream<Path> s = Files.walk(t.base.resolve(".chunks"))) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        after.put(p, GcTestStore.atime(p));
      }
    }
    assertThat(after).as("dry run changes no file and no atime").isEqualTo(atimes);
    assertThat(Files.exists(t.base.resolve(GcStatus.FILE_NAME))).isFalse();
    assertThat(counters(dry.status())).isEqualTo(expected);

    GcReport real =
        t.gc(GcTestStore.testOptions().withMarkMode(mode).withCutoff(Duration.ofHours(1)));
    assertThat(real.sweep()).isEqualTo(dry.sweep());
  }

  @ParameterizedTest
  @MethodSource("modesAndOrders")
  void threads_resultIdenticalToOneThread(GcOptions.MarkMode mode, GcOptions.MarkOrder order)
      throws Exception {
    Map<String, Long> expected = buildEveryClass();
    // more entries than the parallel threshold, spread over many directories
    BackupGroup big = t.group("big");
    List<ChunkDigest> many = t.chunks(100_000, IndexMarker.PARALLEL_THRESHOLD + 500);
    t.snapshot(big, 1_700_000_000L, true, List.of(many));
    expected.merge("disk-chunks", (long) many.size(), Long::sum);
    expected.merge("index-file-count", 1L, Long::sum);
    long bytes = 0;
    for (ChunkDigest d : many) {
      bytes += Files.size(t.store.chunkPath(d));
    }
    expected.merge("disk-bytes", bytes, Long::sum);
    expected.merge("index-data-bytes", 100L * many.size(), Long::sum);

    GcReport r =
        t.gc(
            GcTestStore.testOptions()
                .withMarkMode(mode)
                .withCutoff(Duration.ofHours(1))
                .withThreads(2)
                .withMarkOrder(order));

    assertThat(counters(r.status())).isEqualTo(expected);
    assertThat(r.status().cacheStats().misses()).isEqualTo(expected.get("disk-chunks") + 1);
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void corruptIndex_failsNamingIt_andUnlinksNothing(GcOptions.MarkMode mode) throws Exception {
    buildEveryClass();
    BackupGroup g = t.group("corrupt");
    BackupDir s = t.snapshot(g, 1_700_000_000L, true, List.of(t.chunks(6000, 3)));
    Path index = s.fullPath().resolve("archive0.didx");
    CorruptFiles.truncate(index, 4096 + 39);
    Set<ChunkDigest> before = t.chunksOnDisk();

    assertThatThrownBy(
            () ->
                t.gc(GcTestStore.testOptions().withMarkMode(mode).withCutoff(Duration.ofHours(1))))
        .isInstanceOf(GcAbortedException.class)
        .hasMessageContaining(index.toString());

    assertThat(t.chunksOnDisk()).isEqualTo(before);
    assertThat(Files.exists(t.base.resolve(GcStatus.FILE_NAME))).isFalse();
    Files.delete(index); // so the closing invariant check can read every index
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void secondRun_removesNothingMore_andCacheStatsPresent(GcOptions.MarkMode mode) throws Exception {
    buildEveryClass();
    GcReport first =
        t.gc(GcTestStore.testOptions().withMarkMode(mode).withCutoff(Duration.ofHours(1)));
    GcReport second =
        t.gc(GcTestStore.testOptions().withMarkMode(mode).withCutoff(Duration.ofHours(1)));
    SweepReport s = second.sweep();
    assertThat(s.removedChunks()).isZero();
    assertThat(s.diskChunks()).isEqualTo(first.sweep().diskChunks());
    assertThat(second.status().cacheStats()).isNotNull();
    assertThat(t.state.history(10)).hasSizeGreaterThanOrEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("modesAndOrders")
  void cacheDisabled_resultUnchanged_andStatsZeroAsPbs(
      GcOptions.MarkMode mode, GcOptions.MarkOrder order) throws Exception {
    Map<String, Long> expected = buildEveryClass();
    GcReport r =
        t.gc(
            GcTestStore.testOptions()
                .withMarkMode(mode)
                .withCutoff(Duration.ofHours(1))
                .withCacheCapacity(0)
                .withMarkOrder(order));
    assertThat(counters(r.status())).isEqualTo(expected);
    assertThat(r.status().cacheStats()).isEqualTo(new GcStatus.CacheStats(0, 0));
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void cancelDuringMark_abortsBeforeSweep_andReportsProgress(GcOptions.MarkMode mode)
      throws Exception {
    buildEveryClass();
    Set<ChunkDigest> before = t.chunksOnDisk();
    java.util.concurrent.atomic.AtomicInteger markProgress =
        new java.util.concurrent.atomic.AtomicInteger();
    GcListener cancelAfterFirstIndex =
        new GcListener() {
          @Override
          public void progress(Phase phase, long done, long total) {
            if (phase == Phase.MARK) {
              markProgress.incrementAndGet();
            }
          }

          @Override
          public boolean cancelRequested() {
            return markProgress.get() >= 1;
          }
        };

    assertThatThrownBy(
            () ->
                GarbageCollector.run(
                    t.env(),
                    // a batch per index: progress (and so the cancel request) after the first one
                    GcTestStore.testOptions()
                        .withMarkMode(mode)
                        .withCutoff(Duration.ofHours(1))
                        .withMarkBatchEntries(1),
                    cancelAfterFirstIndex,
                    MarkPhaseHooks.NONE,
                    d -> {}))
        .isInstanceOf(GcAbortedException.class)
        .hasMessageContaining("aborted");

    assertThat(markProgress.get()).isEqualTo(1);
    assertThat(t.chunksOnDisk()).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void progress_sweepReachesAllDirectories(GcOptions.MarkMode mode) throws Exception {
    buildEveryClass();
    java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong();
    GcListener l =
        new GcListener() {
          @Override
          public void progress(Phase phase, long done, long total) {
            if (phase == Phase.SWEEP) {
              lastSweep.set(done);
              assertThat(total).isEqualTo(65536);
            }
          }
        };
    GarbageCollector.run(
        t.env(),
        GcTestStore.testOptions().withMarkMode(mode).withThreads(2),
        l,
        MarkPhaseHooks.NONE,
        d -> {});
    assertThat(lastSweep.get()).isEqualTo(65536);
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkOrder.class)
  void bothModes_onCopiesOfOneStore_writeIdenticalStatus(GcOptions.MarkOrder order)
      throws Exception {
    Map<String, Long> expected = buildEveryClass();
    GcOptions options =
        GcTestStore.testOptions().withCutoff(Duration.ofHours(1)).withMarkOrder(order);
    GcReport set;
    Set<ChunkDigest> keptBySet;
    try (GcTestStore copy = t.copyTo(tmp.resolve("copy"))) {
      set = copy.gc(options.withMarkMode(GcOptions.MarkMode.SET).withThreads(2));
      keptBySet = copy.chunksOnDisk();
      copy.assertEveryReferencedChunkExists();
      try (Stream<Path> spill =
          Files.list(
              org.jpbs.gc.state.GcStateStore.defaultDir(copy.base).resolve(SetMarking.SPILL_DIR))) {
        assertThat(spill).as("no spill file left").isEmpty();
      }
    }
    GcReport atime = t.gc(options.withMarkMode(GcOptions.MarkMode.ATIME));

    assertThat(counters(set.status())).isEqualTo(expected);
    assertThat(counters(set.status())).isEqualTo(counters(atime.status()));
    assertThat(set.sweep()).isEqualTo(atime.sweep());
    assertThat(set.mark().missingChunks()).isEqualTo(atime.mark().missingChunks()).isEqualTo(1);
    assertThat(keptBySet).isEqualTo(t.chunksOnDisk());
  }

  @org.junit.jupiter.api.Test
  void setMode_spillingToDisk_keepsEveryReferencedChunk() throws Exception {
    Map<String, Long> expected = buildEveryClass();
    BackupGroup big = t.group("spill");
    // 30,000 distinct digests: far more than 16 per group at the smallest budget
    List<ChunkDigest> many = t.chunks(200_000, 30_000);
    t.snapshot(big, 1_700_000_000L, true, List.of(many));
    GcReport r =
        t.gc(
            GcTestStore.testOptions()
                .withCutoff(Duration.ofHours(1))
                .withMarkMode(GcOptions.MarkMode.SET)
                .withMarkMemory(org.jpbs.gc.markset.MarkSetWriter.MIN_MEMORY_BUDGET)
                .withThreads(2));
    assertThat(r.sweep().removedChunks()).isEqualTo(expected.get("removed-chunks"));
    assertThat(r.sweep().diskChunks()).isEqualTo(expected.get("disk-chunks") + many.size());
    assertThat(t.chunksOnDisk()).containsAll(many);
    assertThat(GcTestStore.atime(t.store.chunkPath(many.get(0))))
        .as("set mode touches no chunk")
        .isLessThan(t.clock.instant().minus(GcTestStore.AGED).getEpochSecond() + 60);
  }
}
