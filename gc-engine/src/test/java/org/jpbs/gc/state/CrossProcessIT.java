package org.jpbs.gc.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jpbs.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state seen from two JVMs: a child process writes, is killed, the parent judges. */
class CrossProcessIT {
  @TempDir Path tmp;

  private Path dir() {
    return GcStateStore.defaultDir(tmp);
  }

  @Test
  void writerRegistry_childWriter_oldestWhileAliveThenPurgedAfterKill() throws Exception {
    try (GcStateStore s = GcStateStore.open(dir(), FakeClock.atEpochSecond(2000));
        ChildJvm child = ChildJvm.start("writer", dir().toString(), "1000")) {
      WriterLease mine = s.registerWriter("backup", "parent");
      assertThat(s.oldestActiveWriterEpoch()).hasValue(1000);
      assertThat(s.activeWriters())
          .extracting(w -> w.process().pid())
          .containsExactlyInAnyOrder(child.pid, s.self().pid());
      assertThat(s.isRegisteredLiveProcess(child.pid)).isTrue();

      child.kill();

      assertThat(s.oldestActiveWriterEpoch()).hasValue(2000);
      assertThat(s.purgedWriters())
          .singleElement()
          .satisfies(
              w -> {
                assertThat(w.process().pid()).isEqualTo(child.pid);
                assertThat(w.leaseId()).isEqualTo(child.value);
                assertThat(w.startEpochSeconds()).isEqualTo(1000);
              });
      assertThat(s.activeWriters()).containsExactly(mine.info());
      assertThat(s.isRegisteredLiveProcess(child.pid)).isFalse();
      assertThat(s.purgeDeadWriters()).isEmpty(); // already gone from LMDB
    }
  }

  @Test
  void markPhase_childGc_visibleThenIgnoredAndResumableAfterKill() throws Exception {
    long epoch = 1_800_000_000L;
    try (GcStateStore s = GcStateStore.open(dir(), FakeClock.atEpochSecond(epoch + 50));
        ChildJvm child = ChildJvm.start("mark", dir().toString(), Long.toString(epoch), "4", "6")) {
      long runId = child.value;
      MarkPhaseInfo m = s.activeMarkPhase().orElseThrow();
      assertThat(m.runId()).isEqualTo(runId);
      assertThat(m.owner().pid()).isEqualTo(child.pid);
      assertThat(m.minAtime()).isEqualTo(epoch - 86700);
      assertThat(s.unfinishedRun()).as("owner alive: not resumable").isEmpty();
      assertThatThrownBy(() -> s.adoptRun(runId)).isInstanceOf(IllegalStateException.class);
      GcRun mine = s.beginRun(epoch, 0, 1, new GcRunOptions(1, 0, false));
      assertThatThrownBy(() -> s.markPhaseBegin(mine.runId(), 0, epoch))
          .isInstanceOf(IllegalStateException.class);
      s.finishRun(mine.runId(), GcOutcome.ABANDONED, "");

      child.kill();

      assertThat(s.activeMarkPhase()).as("dead owner's marker is ignored").isEmpty();
      GcRunRecord unfinished = s.unfinishedRun().orElseThrow();
      assertThat(unfinished.runId()).isEqualTo(runId);
      assertThat(unfinished.phase()).isEqualTo(GcPhase.MARK);
      // batch 4, 6 recorded: the first batch was committed, the 2 buffered entries died with it
      for (int i = 0; i < 6; i++) {
        assertThat(s.wasMarked(runId, GcStateChild.synthetic(i))).as("f%d", i).isEqualTo(i < 4);
      }

      GcRun adopted = s.adoptRun(runId);
      assertThat(adopted.owner()).isEqualTo(s.self());
      assertThat(adopted.minAtime()).as("original cutoff kept").isEqualTo(epoch - 86700);
      assertThat(adopted.phase1StartEpochSeconds()).isEqualTo(epoch);
      assertThat(s.unfinishedRun()).isEmpty();
      s.markPhaseBegin(runId, adopted.minAtime(), epoch); // stale marker replaced
      assertThat(s.activeMarkPhase().orElseThrow().owner()).isEqualTo(s.self());
    }
  }

  @Test
  void gcLock_heldByChild_refusedWithPidThenFreeAfterKill() throws Exception {
    try (GcStateStore s = GcStateStore.open(dir(), FakeClock.atEpochSecond(1));
        ChildJvm child = ChildJvm.start("lock", dir().toString())) {
      assertThatThrownBy(s::tryAcquireGcLock)
          .isInstanceOfSatisfying(
              GcLockUnavailableException.class, e -> assertThat(e.holderPid()).hasValue(child.pid))
          .hasMessageContaining("pid " + child.pid);

      child.kill();

      try (GcLock lock = s.tryAcquireGcLock()) {
        assertThat(lock.file()).exists();
      }
    }
  }
}
