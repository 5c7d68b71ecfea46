package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.GcStatus;
import org.jpbs.gc.markset.MarkSetWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Set mode with members kept without a stat ({@code --member-stat skip}): every counter it can
 * compute equals the full mode's on a copy of the same store, disk bytes are unknown (null in the
 * status JSON), {@code .gc-status} is never written with them, and the same chunks are kept.
 */
class MemberStatIT {
  @TempDir Path tmp;
  GcTestStore t;

  @BeforeEach
  void open() throws Exception {
    t = GcTestStore.create(tmp.resolve("store"));
  }

  @AfterEach
  void close() throws Exception {
    t.assertEveryReferencedChunkExists();
    t.close();
  }

  static Stream<Arguments> threadsAndBudget() {
    // spilled partitions and two threads; the in-memory path is GarbageCollectorIT's (same sweep)
    return Stream.of(Arguments.of(2, MarkSetWriter.MIN_MEMORY_BUDGET, 6_000));
  }

  /**
   * On one store: the full mode's dry run (the reference: hand-computed counters), the skip mode's
   * dry run and real run (same classification; dry equals real), then a full run writes {@code
   * .gc-status} and a second skip run leaves it as it was.
   */
  @ParameterizedTest(name = "{0} threads, budget {1}, {2} extra chunks")
  @MethodSource("threadsAndBudget")
  void skip_everyComputableCounterEqualsFullMode_diskBytesUnknown(
      int threads, long budget, int extra) throws Exception {
    Map<String, Long> expected = EveryClass.build(t);
    if (extra > 0) {
      BackupGroup big = t.group("big");
      List<ChunkDigest> many = t.chunks(300_000, extra);
      t.snapshot(big, 1_700_000_000L, true, List.of(many));
      expected.merge("disk-chunks", (long) extra, Long::sum);
      expected.merge("index-file-count", 1L, Long::sum);
      expected.remove("disk-bytes");
      expected.remove("index-data-bytes");
    }
    GcOptions full =
        GcTestStore.testOptions()
            .withMarkMode(GcOptions.MarkMode.SET)
            .withCutoff(Duration.ofHours(1))
            .withThreads(threads)
            .withMarkMemory(budget);
    GcOptions skip = full.withMemberStat(false);
    Set<ChunkDigest> before = t.chunksOnDisk();
    GcReport f = t.gc(full.withDryRun(true));
    GcReport dry = t.gc(skip.withDryRun(true));
    assertThat(t.chunksOnDisk()).isEqualTo(before);
    GcReport r = t.gc(skip);

    assertThat(f.diskBytesKnown()).isTrue();
    assertThat(r.diskBytesKnown()).isFalse();
    Map<String, Long> fullCounters = EveryClass.counters(f.status());
    Map<String, Long> skipCounters = EveryClass.counters(r.status());
    assertThat(fullCounters).containsAllEntriesOf(expected);
    fullCounters.remove("disk-bytes");
    skipCounters.remove("disk-bytes");
    assertThat(skipCounters).isEqualTo(fullCounters);
    SweepReport s = r.sweep();
    SweepReport fs = f.sweep();
    assertThat(List.of(s.removedChunks(), s.removedBytes(), s.removedBad(), s.pendingChunks()))
        .isEqualTo(
            List.of(fs.removedChunks(), fs.removedBytes(), fs.removedBad(), fs.pendingChunks()));
    assertThat(List.of(s.pendingBytes(), s.stillBad(), s.diskChunks(), s.chunkCount()))
        .isEqualTo(List.of(fs.pendingBytes(), fs.stillBad(), fs.diskChunks(), fs.chunkCount()));
    assertThat(s.unsizedChunks()).as("every member skipped its stat").isEqualTo(s.diskChunks());
    assertThat(fs.unsizedChunks()).isZero();
    assertThat(r.mark().missingChunks()).isEqualTo(f.mark().missingChunks()).isEqualTo(1);
    assertThat(dry.sweep()).as("dry run reports what the real run did").isEqualTo(s);

    JsonNode json = new ObjectMapper().readTree(r.statusJson());
    assertThat(json.get("disk-bytes").isNull()).isTrue();
    assertThat(json.get("disk-chunks").asLong()).isEqualTo(fs.diskChunks());
    assertThat(json.get("removed-bytes").asLong()).isEqualTo(fs.removedBytes());
    Path status = t.base.resolve(GcStatus.FILE_NAME);
    assertThat(Files.exists(status)).as(".gc-status is not written without disk bytes").isFalse();
    assertThat(t.state.history(1).get(0).status()).contains("\"disk-bytes\":null");

    // a full run writes .gc-status; a later skip run leaves it as it was
    GcReport written = t.gc(full);
    assertThat(written.sweep().removedChunks()).isZero();
    assertThat(written.status().diskBytes()).isEqualTo(f.status().diskBytes());
    byte[] file = Files.readAllBytes(status);
    assertThat(GcStatus.load(status)).isEqualTo(written.status());
    GcReport again = t.gc(skip);
    assertThat(again.diskBytesKnown()).isFalse();
    assertThat(again.status().diskChunks()).isEqualTo(f.status().diskChunks());
    assertThat(Files.readAllBytes(status)).isEqualTo(file);
  }

  /** The option is ignored in atime mode: its dry run stats every chunk. */
  @org.junit.jupiter.api.Test
  void atimeMode_ignoresMemberStatSkip() throws Exception {
    Map<String, Long> expected = EveryClass.build(t);
    GcReport atime =
        t.gc(
            GcTestStore.testOptions()
                .withMarkMode(GcOptions.MarkMode.ATIME)
                .withCutoff(Duration.ofHours(1))
                .withMemberStat(false)
                .withDryRun(true));
    assertThat(atime.diskBytesKnown()).isTrue();
    assertThat(EveryClass.counters(atime.status())).isEqualTo(expected);
  }
}
