package org.jpbs.datastore.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.TestStores;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // lock guards are held for the scope of the try
class GroupMoveTest {
  static final BackupNamespace A = BackupNamespace.of("a");
  static final BackupNamespace B = BackupNamespace.of("b");
  static final String T1 = "2024-01-01T00:00:00Z";
  static final String T2 = "2024-01-02T00:00:00Z";
  static final String T3 = "2024-01-03T00:00:00Z";

  @TempDir Path tmp;
  Datastore store;
  MoveJournal journal;
  BackupGroup source;

  @BeforeEach
  void setUp() throws IOException {
    store = TestStores.create(tmp);
    journal = MoveJournal.of(store);
    store.createNamespace(B);
    source = TestStores.group(store, A, BackupType.VM, "100");
    TestStores.snapshot(source, T2, true, false);
    TestStores.snapshot(source, T3, true, false);
  }

  private GroupMoveResult move(boolean merge) {
    return GroupMove.run(source, B, merge, false, journal);
  }

  @Test
  void move_newTarget_movesEverySnapshotJournalsBothPathsRemovesSource() throws IOException {
    Map<String, List<String>> before = TestStores.snapshotFiles(source);
    Path lockOfT2 = source.snapshot(T2).lockFile();
    try (LockGuard l = source.snapshot(T2).lock()) {
      assertThat(lockOfT2).exists(); // created, to see it removed with the move
    }

    GroupMoveResult r = move(true);

    assertThat(r.failure()).isNull();
    assertThat(r.moved()).containsExactly(T2, T3);
    assertThat(r.targetCreated()).isTrue();
    assertThat(r.sourceRemoved()).isTrue();
    BackupGroup target = store.group(B, BackupType.VM, "100");
    assertThat(TestStores.snapshotFiles(target)).isEqualTo(before);
    assertThat(target.owner()).isEqualTo(TestStores.OWNER);
    assertThat(source.exists()).isFalse();
    assertThat(lockOfT2).doesNotExist();
    Path dst = target.snapshot(T2).fullPath();
    Path src = source.snapshot(T2).fullPath();
    assertThat(journal.read())
        .contains(
            dst.resolve("drive-scsi0.img.fidx"),
            dst.resolve("root.pxar.didx"),
            src.resolve("drive-scsi0.img.fidx"),
            src.resolve("root.pxar.didx"))
        .hasSize(8)
        .noneMatch(p -> p.toString().endsWith(".blob"));
  }

  @Test
  void move_mergeIntoOlderTarget_keepsBoth() throws IOException {
    BackupGroup target = TestStores.group(store, B, BackupType.VM, "100");
    TestStores.snapshot(target, T1, true, false);

    GroupMoveResult r = move(true);

    assertThat(r.failure()).isNull();
    assertThat(r.targetCreated()).isFalse();
    assertThat(TestStores.snapshotFiles(target)).containsOnlyKeys(T1, T2, T3);
    assertThat(source.exists()).isFalse();
  }

  @Test
  void move_mergeInvariantBroken_refusedNothingMoved() throws IOException {
    BackupGroup target = TestStores.group(store, B, BackupType.VM, "100");
    TestStores.snapshot(target, T3.replace("03", "04"), true, false);

    GroupMoveResult r = move(true);

    assertThat(r.failure())
        .isInstanceOf(MoveRefusedException.class)
        .hasMessageContaining("vm/100")
        .hasMessageContaining("snapshot time mismatch");
    assertThat(r.softFailure()).isFalse();
    assertThat(TestStores.snapshotFiles(source)).containsOnlyKeys(T2, T3);
    assertThat(TestStores.snapshotFiles(target)).hasSize(1);
    assertThat(journal.read()).isEmpty();
  }

  @Test
  void move_ownerMismatch_refused() throws IOException {
    BackupGroup target = store.group(B, BackupType.VM, "100");
    target.create("other@pbs");

    assertThat(move(true).failure()).hasMessageContaining("owner mismatch");
    assertThat(TestStores.snapshotFiles(source)).containsOnlyKeys(T2, T3);
  }

  @Test
  void move_existingTargetWithoutMerge_refused() throws IOException {
    TestStores.group(store, B, BackupType.VM, "100");

    GroupMoveResult r = move(false);

    assertThat(r.failure())
        .isInstanceOf(MoveRefusedException.class)
        .hasMessageContaining("target group exists and merging is off");
    assertThat(TestStores.snapshotFiles(source)).containsOnlyKeys(T2, T3);
  }

  @Test
  void move_protectedSnapshot_refusedNothingMoved() throws IOException {
    TestStores.snapshot(source, T1, true, true);

    GroupMoveResult r = move(true);

    assertThat(r.failure())
        .isInstanceOf(MoveRefusedException.class)
        .hasMessageContaining(T1 + " is protected");
    assertThat(TestStores.snapshotFiles(source)).containsOnlyKeys(T1, T2, T3);
    assertThat(store.group(B, BackupType.VM, "100").exists()).isFalse();
  }

  @Test
  void move_groupLockedByBackup_softFailureNothingMoved() throws IOException {
    try (LockGuard backup = source.lock()) {
      GroupMoveResult r = move(true);
      assertThat(r.failure()).isInstanceOf(LockedException.class).hasMessageContaining("vm/100");
      assertThat(r.softFailure()).isTrue();
    }
    assertThat(TestStores.snapshotFiles(source)).containsOnlyKeys(T2, T3);
    assertThat(store.group(B, BackupType.VM, "100").exists()).isFalse();
  }

  @Test
  void move_snapshotReadByRestore_softFailureNoEmptyTargetLeft() throws IOException {
    try (LockGuard reader = source.snapshot(T3).lockShared()) {
      GroupMoveResult r = move(true);
      assertThat(r.softFailure()).isTrue();
      assertThat(r.moved()).isEmpty();
      assertThat(r.remaining()).containsExactly(T2, T3);
    }
    assertThat(store.group(B, BackupType.VM, "100").exists()).isFalse();
    assertThat(move(true).failure()).isNull(); // a rerun completes
  }

  @Test
  void move_sameNamespace_orMissingTargetNamespace_refused() {
    assertThat(GroupMove.run(source, A, true, false, journal).failure())
        .hasMessageContaining("source and target namespace are the same");
    assertThat(GroupMove.run(source, BackupNamespace.of("nope"), true, false, journal).failure())
        .hasMessageContaining("target namespace 'nope' does not exist");
  }

  @Test
  void move_notes_followWhenOnlySourceHasThem() throws IOException {
    Files.writeString(source.notesPath(), "hello");
    move(true);
    assertThat(store.group(B, BackupType.VM, "100").notesPath()).hasContent("hello");
  }

  @Test
  void move_notesDiffer_keepsTargetsAndWarns() throws IOException {
    BackupGroup target = TestStores.group(store, B, BackupType.VM, "100");
    Files.writeString(target.notesPath(), "mine");
    Files.writeString(source.notesPath(), "theirs");
    GroupMoveResult r = move(true);
    assertThat(target.notesPath()).hasContent("mine");
    assertThat(r.warnings()).singleElement().asString().contains("differ");
  }

  @Test
  void dryRun_listsWhatWouldMove_changesNothing() throws IOException {
    GroupMoveResult r = GroupMove.run(source, B, true, true, journal);

    assertThat(r.failure()).isNull();
    assertThat(r.moved()).containsExactly(T2, T3);
    assertThat(TestStores.snapshotFiles(source)).containsOnlyKeys(T2, T3);
    assertThat(store.group(B, BackupType.VM, "100").exists()).isFalse();
    assertThat(journal.read()).isEmpty();
  }
}
