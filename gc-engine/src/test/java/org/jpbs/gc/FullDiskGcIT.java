package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcStateException;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.testkit.DiskFill;
import org.jpbs.testkit.Mount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GC on a full filesystem (issue 13 item 3), on a 16 MiB tmpfs mounted for the test (root only;
 * skipped where mounting is not permitted): with the state's reserve GC starts, takes its lock,
 * records its run and frees space; without a reserve it fails with an I/O error naming the state,
 * never a GC-safety refusal.
 */
class FullDiskGcIT {
  @TempDir Path tmp;
  private Mount mount;
  private Path mountPoint;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    mount = Mount.tmpfs(tmp.resolve("fs"), 16);
    mountPoint = mount.path();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      mount.close();
    }
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void fullDisk_gcStartsWithItsReserve_andFreesSpace(GcOptions.MarkMode mode) throws Exception {
    Path filler = mountPoint.resolve("filler");
    try (GcTestStore t = GcTestStore.create(mountPoint)) {
      List<ChunkDigest> used = t.chunks(1, 20);
      t.snapshot(t.group("full"), 1_700_000_000L, true, List.of(used));
      List<ChunkDigest> garbage = t.chunks(1000, 200);
      assertThat(t.state.dir().resolve("gc.reserve")).exists();
      DiskFill.fill(filler);
      assertThatThrownBy(() -> Files.write(mountPoint.resolve("probe"), new byte[8192]))
          .as("the filesystem is full")
          .isInstanceOf(IOException.class);

      GcReport r =
          GarbageCollector.run(
              t.env(),
              GcOptions.defaults().withMarkMode(mode).withCutoff(Duration.ofHours(1)),
              GcListener.NONE,
              MarkPhaseHooks.NONE,
              d -> {}); // with the atime check: it inserts the zero chunk

      assertThat(r.sweep().removedChunks()).isEqualTo(garbage.size());
      assertThat(t.chunksOnDisk()).doesNotContainAnyElementsOf(garbage);
      assertThat(t.state.history(1).get(0).outcome()).hasToString("SUCCEEDED");
      t.assertEveryReferencedChunkExists();
    } finally {
      Files.deleteIfExists(filler);
    }
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void fullDisk_noReserve_stateWriteFailsAsIoError_notSafetyRefusal(GcOptions.MarkMode mode)
      throws Exception {
    Path filler = mountPoint.resolve("filler");
    try (GcTestStore t = GcTestStore.create(mountPoint)) {
      t.snapshot(t.group("full"), 1_700_000_000L, true, List.of(t.chunks(1, 5)));
      t.chunks(1000, 50);
      Path stateDir = t.state.dir();
      t.state.close();
      Files.delete(stateDir.resolve("gc.reserve"));
      DiskFill.fill(filler);
      try (GcStateStore state = GcStateStore.open(stateDir, t.clock)) {
        assertThat(stateDir.resolve("gc.reserve")).as("no room for a reserve").doesNotExist();
        assertThatThrownBy(
                () ->
                    GarbageCollector.run(
                        new GcEnvironment(t.datastore, t.store, state, t.clock),
                        GcTestStore.testOptions()
                            .withMarkMode(mode)
                            .withCutoff(Duration.ofHours(1)),
                        GcListener.NONE,
                        MarkPhaseHooks.NONE,
                        d -> {}))
            .isInstanceOf(GcStateException.class)
            .isNotInstanceOf(GcSafetyException.class)
            .hasMessageContaining(stateDir.toString());
      }
      t.assertEveryReferencedChunkExists();
    } finally {
      Files.deleteIfExists(filler);
    }
  }
}
