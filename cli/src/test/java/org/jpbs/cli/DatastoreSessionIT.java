package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.List;
import org.jpbs.datastore.BackupDir;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcOutcome;
import org.jpbs.gc.state.GcRun;
import org.jpbs.gc.state.GcRunOptions;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composition root's removal wiring: a session that removes snapshots registers the GC's
 * mark-phase barrier, so a snapshot forgotten during a mark phase has its chunks touched first.
 */
class DatastoreSessionIT {
  @TempDir Path tmp;

  private static long atime(Path p) throws Exception {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .lastAccessTime()
        .toInstant()
        .getEpochSecond();
  }

  private static long forgetDuringMarkPhase(TestDatastore s, boolean guard) throws Exception {
    ChunkDigest c = s.chunk(1);
    BackupDir d = s.snapshot(s.group("web"), DatastoreCommandsIT.T0, true, List.of(List.of(c)));
    long now = InstantSource.system().instant().getEpochSecond();
    try (DatastoreSession session =
        DatastoreSession.open(
            s.base, DatastoreSession.stateDir(s.base, null), InstantSource.system())) {
      if (guard) {
        session.guardRemovals();
      }
      GcRun run =
          session.state().beginRun(now, now - 86_700, 86_700, new GcRunOptions(1, 0, false));
      session.state().markPhaseBegin(run.runId(), run.minAtime(), now);
      try {
        session
            .datastore()
            .snapshot(d.namespace(), d.group().type(), d.group().id(), d.backupTimeString())
            .destroy(false);
      } finally {
        session.state().markPhaseEnd(run.runId());
        session.state().finishRun(run.runId(), GcOutcome.ABORTED, "test");
      }
    }
    assertThat(d.exists()).isFalse();
    return atime(s.store.chunkPath(c)) - now;
  }

  @Test
  void guardRemovals_forgetDuringMarkPhase_touchesChunksFirst() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      assertThat(forgetDuringMarkPhase(s, true)).isGreaterThanOrEqualTo(-1);
    }
  }

  @Test
  void withoutGuard_forgetDuringMarkPhase_chunkStaysAged() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      assertThat(forgetDuringMarkPhase(s, false)).isLessThan(-TestDatastore.AGED.toSeconds() + 60);
    }
  }
}
