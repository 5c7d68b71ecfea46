package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcStateException;
import org.jpbs.gc.state.GcStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GC with its state opened read-only (issue 13 item 2: a read-only datastore): a dry run needs no
 * lock file, no run record and no LMDB write, and reports what a real run would remove; a real run
 * refuses with an I/O error; and the state directory of a read-write store keeps a space reserve.
 */
class ReadOnlyStateIT {
  @TempDir Path tmp;

  private static Set<String> files(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p) + ":" + p.toFile().length()).collect(Collectors.toSet());
    }
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void dryRunOnReadOnlyState_createsNothing_reportsLikeARealRun_realRunRefused(
      GcOptions.MarkMode mode) throws Exception {
    try (GcTestStore t = GcTestStore.create(tmp)) {
      t.snapshot(t.group("ro"), 1_700_000_000L, true, List.of(t.chunks(1, 5)));
      List<ChunkDigest> garbage = t.chunks(100, 3);
      // one recorded real run first, so the read-only state has history to keep unchanged
      t.gc(GcTestStore.testOptions().withMarkMode(mode).withCutoff(Duration.ofHours(1)));
      List<ChunkDigest> garbage2 = t.chunks(200, 4);
      Path dir = t.state.dir();
      t.state.close();
      Set<String> before = files(dir);
      Set<ChunkDigest> chunks = t.chunksOnDisk();

      try (GcStateStore ro = GcStateStore.openReadOnly(dir, t.clock)) {
        assertThat(ro.readOnly()).isTrue();
        GcEnvironment env = new GcEnvironment(t.datastore, t.store, ro, t.clock);
        GcReport dry =
            GarbageCollector.run(
                env,
                GcTestStore.testOptions()
                    .withMarkMode(mode)
                    .withCutoff(Duration.ofHours(1))
                    .withDryRun(true),
                GcListener.NONE,
                MarkPhaseHooks.NONE,
                d -> {});
        assertThat(dry.sweep().removedChunks()).isEqualTo(garbage2.size());
        assertThat(dry.runId()).as("recorded nowhere").isZero();
        assertThat(ro.history(10)).hasSize(1);

        assertThatThrownBy(
                () ->
                    GarbageCollector.run(
                        env,
                        GcTestStore.testOptions().withMarkMode(mode),
                        GcListener.NONE,
                        MarkPhaseHooks.NONE,
                        d -> {}))
            .isInstanceOf(GcStateException.class)
            .hasMessageContaining("read-only");
      }
      assertThat(files(dir))
          .as("no file created or changed in the state directory")
          .isEqualTo(before);
      assertThat(t.chunksOnDisk()).isEqualTo(chunks).doesNotContainAnyElementsOf(garbage);
      t.assertEveryReferencedChunkExists();
    }
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void readOnlyOpenOfAbsentState_isEmpty_andCreatesNoDirectory(GcOptions.MarkMode mode)
      throws Exception {
    try (GcTestStore t = GcTestStore.create(tmp)) {
      t.snapshot(t.group("ro"), 1_700_000_000L, true, List.of(t.chunks(1, 5)));
      t.chunks(100, 2);
      Path absent = tmp.resolve("no-state-here");
      try (GcStateStore ro = GcStateStore.openReadOnly(absent, t.clock)) {
        assertThat(ro.history(10)).isEmpty();
        assertThat(ro.activeWriters()).isEmpty();
        assertThat(ro.unfinishedRun()).isEmpty();
        GcReport dry =
            GarbageCollector.run(
                new GcEnvironment(t.datastore, t.store, ro, t.clock),
                GcTestStore.testOptions().withMarkMode(mode).withDryRun(true),
                GcListener.NONE,
                MarkPhaseHooks.NONE,
                d -> {});
        assertThat(dry.sweep().removedChunks()).isEqualTo(2);
      }
      assertThat(absent).doesNotExist();
      t.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void readWriteState_keepsAReserve_thatARunFreesAndRestores() throws Exception {
    try (GcTestStore t = GcTestStore.create(tmp)) {
      t.snapshot(t.group("r"), 1_700_000_000L, true, List.of(t.chunks(1, 5)));
      Path reserve = t.state.dir().resolve("gc.reserve");
      assertThat(Files.size(reserve)).isEqualTo(1 << 20);
      assertThat(t.state.releaseReserve()).isTrue();
      assertThat(reserve).doesNotExist();

      t.gc(GcTestStore.testOptions());

      assertThat(Files.size(reserve)).as("re-created after the run").isEqualTo(1 << 20);
      t.assertEveryReferencedChunkExists();
    }
  }
}
