package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcLock;
import org.jpbs.testkit.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GC start conditions (spec §4.0, adapted to many processes). */
class GcPreconditionsIT {
  @TempDir Path tmp;
  GcTestStore t;
  List<ChunkDigest> orphans;

  @BeforeEach
  void open() throws IOException {
    t = GcTestStore.create(tmp);
    t.snapshot(t.group("a"), 1_700_000_000L, true, List.of(t.chunks(1, 5)));
    orphans = t.chunks(100, 3);
  }

  @AfterEach
  void close() throws IOException {
    t.assertEveryReferencedChunkExists();
    t.close();
  }

  private Process holder(boolean registered) throws IOException {
    Process p =
        new ProcessBuilder(
                ChildJvm.command(
                    LockHolderChild.class, t.base.toString(), Boolean.toString(registered)))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String line =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(line).isEqualTo("LOCKED");
    return p;
  }

  @Test
  void unregisteredLockHolder_refusesWithItsPid_andTouchesNothing() throws Exception {
    Process p = holder(false);
    try {
      assertThatThrownBy(() -> t.gc(GcTestStore.testOptions()))
          .isInstanceOf(GcSafetyException.class)
          .hasMessageContaining(Long.toString(p.pid()))
          .hasMessageContaining("not a registered jpbs writer");
      Set<ChunkDigest> onDisk = t.chunksOnDisk();
      assertThat(onDisk).containsAll(orphans);
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // once it is gone, GC runs
    assertThat(t.gc(GcTestStore.testOptions()).sweep().removedChunks()).isEqualTo(orphans.size());
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void registeredLockHolder_isAccepted(GcOptions.MarkMode mode) throws Exception {
    Process p = holder(true);
    try {
      GcReport r = t.gc(GcTestStore.testOptions().withMarkMode(mode));
      assertThat(r.sweep().removedChunks()).isEqualTo(orphans.size());
      assertThat(r.oldestWriter()).isLessThanOrEqualTo(r.phase1Start());
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void secondGc_refusedWhileFirstHoldsGcLock() throws Exception {
    try (GcLock held = t.state.tryAcquireGcLock()) {
      assertThatThrownBy(() -> t.gc(GcTestStore.testOptions()))
          .isInstanceOf(GcSafetyException.class)
          .hasMessageContaining("already running");
    }
    assertThat(t.chunksOnDisk()).containsAll(orphans);
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void atimeSafetyCheck_onTmpfs_passesAndGcRuns(GcOptions.MarkMode mode) throws Exception {
    GcReport r =
        GarbageCollector.run(
            t.env(),
            GcOptions.defaults().withMarkMode(mode),
            GcListener.NONE,
            MarkPhaseHooks.NONE,
            d -> {});
    // the check inserts PBS's zero chunk, which nothing references; it is fresh, so it is kept
    assertThat(r.sweep().removedChunks()).isEqualTo(orphans.size());
    assertThat(t.chunksOnDisk()).contains(org.jpbs.chunkstore.AtimeCheck.ZERO_CHUNK_DIGEST);
  }
}
