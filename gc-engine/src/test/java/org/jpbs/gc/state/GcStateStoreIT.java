package org.jpbs.gc.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.jpbs.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real LMDB in a temp dir, one process. */
class GcStateStoreIT {
  private static final GcRunOptions OPTS = new GcRunOptions(2, 1_048_576, false);

  @TempDir Path tmp;

  private GcStateStore open(FakeClock clock) throws Exception {
    return GcStateStore.open(GcStateStore.defaultDir(tmp), clock);
  }

  @Test
  void open_defaultDir_hiddenUnderDatastore() throws Exception {
    try (GcStateStore s = open(FakeClock.atEpochSecond(1000))) {
      assertThat(s.dir()).isEqualTo(tmp.resolve(".jpbs/gc-state").toRealPath());
      assertThat(s.dir().resolve("data.mdb")).exists();
    }
  }

  @Test
  void beginRun_reopen_idsMonotonicAndHistoryNewestFirst() throws Exception {
    FakeClock clock = FakeClock.atEpochSecond(1000);
    try (GcStateStore s = open(clock)) {
      GcRun a = s.beginRun(1000, 1000 - 86700, 86700, OPTS);
      s.finishRun(a.runId(), GcOutcome.SUCCEEDED, "{}");
      assertThat(a.runId()).isEqualTo(1);
    }
    clock.setEpochSecond(2000);
    try (GcStateStore s = open(clock)) {
      GcRun b = s.beginRun(2000, 2000 - 86700, 86700, OPTS);
      assertThat(b.runId()).isEqualTo(2);
      List<GcRunRecord> h = s.history(10);
      assertThat(h).extracting(GcRunRecord::runId).containsExactly(2L, 1L);
      assertThat(h.get(1).outcome()).isEqualTo(GcOutcome.SUCCEEDED);
      assertThat(h.get(1).finishEpochSeconds()).isEqualTo(1000);
      assertThat(h.get(0).outcome()).isEqualTo(GcOutcome.RUNNING);
      assertThat(s.history(1)).hasSize(1);
    }
  }

  @Test
  void runLifecycle_phasesAndFinish_roundTrip() throws Exception {
    FakeClock clock = FakeClock.atEpochSecond(5000);
    try (GcStateStore s = open(clock)) {
      GcRun run = s.beginRun(5001, 5001 - 600, 600, new GcRunOptions(3, 0, true));
      assertThat(run.owner()).isEqualTo(s.self());
      assertThat(run.startEpochSeconds()).isEqualTo(5000);
      s.updatePhase(run.runId(), GcPhase.MARK);
      GcRunRecord r = s.run(run.runId()).orElseThrow();
      assertThat(r.phase()).isEqualTo(GcPhase.MARK);
      assertThat(r.run()).isEqualTo(run);
      s.updatePhase(run.runId(), GcPhase.SWEEP);
      clock.setEpochSecond(5100);
      GcRunRecord done = s.finishRun(run.runId(), GcOutcome.FAILED, "{\"error\":\"x\"}");
      assertThat(s.history(5)).containsExactly(done);
      assertThat(done.phase()).isEqualTo(GcPhase.DONE);
      assertThat(done.finishEpochSeconds()).isEqualTo(5100);
      assertThat(done.status()).isEqualTo("{\"error\":\"x\"}");
      assertThat(done.run().options()).isEqualTo(new GcRunOptions(3, 0, true));

      assertThatThrownBy(() -> s.finishRun(run.runId(), GcOutcome.SUCCEEDED, ""))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.updatePhase(run.runId(), GcPhase.MARK))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.updatePhase(99, GcPhase.MARK))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.finishRun(run.runId(), GcOutcome.RUNNING, ""))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unfinishedRun_ownerIsThisLiveProcess_empty() throws Exception {
    try (GcStateStore s = open(FakeClock.atEpochSecond(1))) {
      GcRun run = s.beginRun(1, 0, 1, OPTS);
      assertThat(s.unfinishedRun()).isEmpty();
      assertThat(s.history(1).get(0).runId()).isEqualTo(run.runId());
    }
  }

  @Test
  void beginRun_beyondHistoryLimit_dropsOldestFinishedKeepsRunning() throws Exception {
    GcStateOptions o = GcStateOptions.defaults().withHistoryLimit(3);
    try (GcStateStore s =
        GcStateStore.open(GcStateStore.defaultDir(tmp), FakeClock.atEpochSecond(1), o)) {
      GcRun stuck = s.beginRun(1, 0, 1, OPTS); // never finished
      for (int i = 0; i < 5; i++) {
        GcRun r = s.beginRun(1, 0, 1, OPTS);
        s.finishRun(r.runId(), GcOutcome.SUCCEEDED, "");
      }
      s.beginRun(1, 0, 1, OPTS);
      assertThat(s.history(100))
          .extracting(GcRunRecord::runId)
          .containsExactly(7L, 6L, 5L, 4L, stuck.runId());
    }
  }

  @Test
  void checkpoint_sameFile_skippedReplacedFile_notSkipped() throws Exception {
    Path base = tmp.resolve("store");
    Path idx = base.resolve("vm/100/2026-01-01T00:00:00Z/drive-scsi0.img.fidx");
    Files.createDirectories(idx.getParent());
    Files.write(idx, new byte[4096]);
    IndexIdentity first = IndexIdentity.of(base, idx);
    assertThat(first.relativePath()).isEqualTo("vm/100/2026-01-01T00:00:00Z/drive-scsi0.img.fidx");
    assertThat(first.size()).isEqualTo(4096);
    long runId;
    try (GcStateStore s = open(FakeClock.atEpochSecond(1))) {
      runId = s.beginRun(1, 0, 1, OPTS).runId();
      s.checkpointIndexMarked(runId, first);
      assertThat(s.wasMarked(runId, first)).as("pending entry").isTrue();
    } // close flushes
    try (GcStateStore s = open(FakeClock.atEpochSecond(1))) {
      assertThat(s.wasMarked(runId, IndexIdentity.of(base, idx))).as("same file").isTrue();
      assertThat(s.wasMarked(runId + 1, first)).as("other run").isFalse();
      assertThat(s.checkpointCount(runId)).isEqualTo(1);

      // replaced atomically (temp + rename): new inode under the same name
      Path tmpFile = idx.resolveSibling(".tmp_replacement");
      Files.write(tmpFile, new byte[4096]);
      Files.move(tmpFile, idx, StandardCopyOption.ATOMIC_MOVE);
      IndexIdentity replaced = IndexIdentity.of(base, idx);
      assertThat(replaced.ino()).isNotEqualTo(first.ino());
      assertThat(s.wasMarked(runId, replaced)).as("replaced file").isFalse();

      // rewritten in place with another mtime
      s.checkpointIndexMarked(runId, replaced);
      Files.setLastModifiedTime(idx, FileTime.fromMillis(1_000_000));
      assertThat(s.wasMarked(runId, IndexIdentity.of(base, idx))).as("mtime changed").isFalse();

      s.clearCheckpoint(runId);
      assertThat(s.wasMarked(runId, replaced)).isFalse();
      assertThat(s.checkpointCount(runId)).isZero();
    }
  }

  @Test
  void finishRun_clearsCheckpointAndMarker() throws Exception {
    try (GcStateStore s = open(FakeClock.atEpochSecond(1))) {
      GcRun other = s.beginRun(1, 0, 1, OPTS);
      s.checkpointIndexMarked(other.runId(), new IndexIdentity("keep.fidx", 1, 2, 3, 4, 5));
      GcRun run = s.beginRun(1, 0, 1, OPTS);
      for (int i = 0; i < 1500; i++) { // several batches
        s.checkpointIndexMarked(run.runId(), new IndexIdentity("f" + i + ".fidx", 1, i, 3, 4, 5));
      }
      s.markPhaseBegin(run.runId(), 0, 1);
      assertThat(s.checkpointCount(run.runId())).isEqualTo(1500);
      s.finishRun(run.runId(), GcOutcome.SUCCEEDED, "");
      assertThat(s.checkpointCount(run.runId())).isZero();
      assertThat(s.checkpointCount(other.runId())).isEqualTo(1);
      assertThat(s.activeMarkPhase()).isEmpty();
    }
  }

  @Test
  void writers_sameProcess_oldestAndLeaseClose() throws Exception {
    FakeClock clock = FakeClock.atEpochSecond(3000);
    try (GcStateStore s = open(clock)) {
      assertThat(s.oldestActiveWriterEpoch()).isEmpty();
      WriterLease late = s.registerWriter("backup", "late");
      clock.setEpochSecond(1000); // clock is whatever the writer's process says
      WriterLease early = s.registerWriter("pull", "early");
      assertThat(s.oldestActiveWriterEpoch()).hasValue(1000);
      assertThat(s.activeWriters())
          .extracting(WriterInfo::kind, WriterInfo::description, WriterInfo::startEpochSeconds)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("backup", "late", 3000L),
              org.assertj.core.groups.Tuple.tuple("pull", "early", 1000L));
      assertThat(s.isRegisteredLiveProcess(s.self().pid())).isTrue();
      early.close();
      early.close(); // idempotent
      assertThat(s.oldestActiveWriterEpoch()).hasValue(3000);
      late.close();
      assertThat(s.oldestActiveWriterEpoch()).isEmpty();
      assertThat(s.isRegisteredLiveProcess(s.self().pid())).isFalse();
      assertThat(s.purgedWriters()).isEmpty();
    }
  }

  @Test
  void markPhase_sameProcess_visibleUntilEnd() throws Exception {
    try (GcStateStore s = open(FakeClock.atEpochSecond(10))) {
      GcRun run = s.beginRun(10, 5, 5, OPTS);
      assertThat(s.activeMarkPhase()).isEmpty();
      s.markPhaseBegin(run.runId(), 5, 10);
      assertThat(s.activeMarkPhase()).hasValue(new MarkPhaseInfo(run.runId(), 5, 10, s.self()));
      GcRun second = s.beginRun(10, 5, 5, OPTS);
      assertThatThrownBy(() -> s.markPhaseBegin(second.runId(), 5, 10))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still active");
      s.markPhaseEnd(second.runId()); // not its marker: no effect
      assertThat(s.activeMarkPhase()).isPresent();
      s.markPhaseEnd(run.runId());
      assertThat(s.activeMarkPhase()).isEmpty();
    }
  }

  @Test
  void gcLock_secondAcquireSameProcess_refusedThenFreeAfterClose() throws Exception {
    try (GcStateStore s = open(FakeClock.atEpochSecond(1))) {
      GcLock lock = s.tryAcquireGcLock();
      assertThat(lock.file()).exists();
      assertThatThrownBy(s::tryAcquireGcLock)
          .isInstanceOfSatisfying(
              GcLockUnavailableException.class,
              e -> assertThat(e.holderPid()).hasValue(s.self().pid()))
          .hasMessageContaining("GC already running");
      lock.close();
      lock.close();
      try (GcLock again = s.tryAcquireGcLock()) {
        assertThat(again.file()).isEqualTo(lock.file());
      }
    }
  }

  @Test
  void open_sameDirTwiceInProcess_refused_closedStoreUnusable() throws Exception {
    GcStateStore s = open(FakeClock.atEpochSecond(1));
    assertThatThrownBy(() -> open(FakeClock.atEpochSecond(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already open");
    s.close();
    s.close();
    assertThatThrownBy(() -> s.history(1)).isInstanceOf(GcStateStore.AlreadyClosedException.class);
    try (GcStateStore again = open(FakeClock.atEpochSecond(1))) {
      assertThat(again.history(1)).isEmpty();
    }
  }

  @Test
  void open_unknownSchemaVersion_throwsGcStateException() throws Exception {
    try (GcStateStore s = open(FakeClock.atEpochSecond(1))) {
      s.beginRun(1, 0, 1, OPTS);
    }
    // corrupt: rewrite the schema key through a raw environment
    Path dir = GcStateStore.defaultDir(tmp).toRealPath();
    try (LmdbState raw = LmdbState.open(dir, GcStateOptions.defaults())) {
      raw.write("test", txn -> raw.meta.put(txn, StateFormat.KEY_SCHEMA, new byte[] {9, 0, 0, 0}));
    }
    assertThatThrownBy(() -> open(FakeClock.atEpochSecond(1)))
        .isInstanceOf(GcStateException.class)
        .hasMessageContaining("schema version 9");
    // and the failed open did not leave the directory registered as open
    assertThatThrownBy(() -> open(FakeClock.atEpochSecond(1)))
        .hasMessageContaining("schema version 9");
  }

  @Test
  void indexIdentity_symlink_notFollowed() throws Exception {
    Path target = Files.write(tmp.resolve("target.fidx"), new byte[10]);
    Path link = Files.createSymbolicLink(tmp.resolve("link.fidx"), target);
    IndexIdentity l = IndexIdentity.of(tmp, link);
    IndexIdentity t = IndexIdentity.of(tmp, target);
    assertThat(l.ino()).isNotEqualTo(t.ino());
    assertThat(l.relativePath()).isEqualTo("link.fidx");
  }
}
