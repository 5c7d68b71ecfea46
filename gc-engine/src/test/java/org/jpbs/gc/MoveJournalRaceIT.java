package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.move.GroupMove;
import org.jpbs.datastore.move.GroupMoveResult;
import org.jpbs.datastore.move.NamespaceMove;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second mark-phase race (spec pbs-s3 §7.1), staged deterministically through {@link
 * MarkPhaseHooks}: when phase 1 lists the group of whichever of the namespaces {@code a} and {@code
 * b} it reaches first (readdir order), the group of the other, not yet visited, namespace is moved
 * into it (after the visited namespace's groups were listed). Its snapshot is then in neither place
 * when the walk looks. Chunks are aged two days, so a chunk phase 1 misses is swept. In every
 * marking order.
 */
class MoveJournalRaceIT {
  /** Every marking mode in every mark order: the drain marks through each mode's marker. */
  static Stream<Arguments> modesAndOrders() {
    return Stream.of(GcOptions.MarkMode.values())
        .flatMap(m -> Stream.of(GcOptions.MarkOrder.values()).map(o -> Arguments.of(m, o)));
  }

  static final long T0 = 1_700_000_000L;
  static final BackupNamespace A = BackupNamespace.of("a");
  static final BackupNamespace B = BackupNamespace.of("b");

  @TempDir Path tmp;
  GcTestStore t;
  List<ChunkDigest> chunksOfA;
  List<ChunkDigest> chunksOfB;

  @BeforeEach
  void open() throws IOException {
    t = GcTestStore.create(tmp);
    chunksOfA = t.chunks(1, 8);
    t.snapshot(t.ds.group(A, BackupType.VM, "100"), T0, true, List.of(chunksOfA));
    chunksOfB = t.chunks(100, 12);
    t.snapshot(t.ds.group(B, BackupType.VM, "200"), T0 + 3600, true, List.of(chunksOfB));
    t.chunks(500, 3); // garbage: shows the sweep runs
  }

  @AfterEach
  void close() throws IOException {
    t.close();
  }

  private Set<ChunkDigest> lost() throws IOException {
    Set<ChunkDigest> missing = new TreeSet<>(t.referencedOnDisk());
    missing.removeAll(t.chunksOnDisk());
    return missing;
  }

  /** The chunks of the group that {@link #moveIntoVisited} moved. */
  private List<ChunkDigest> movedChunks(GroupMoveResult r) {
    return r.source().namespace().equals(A) ? chunksOfA : chunksOfB;
  }

  /** Moves the other namespace's group into the first one phase 1 lists, right after listing. */
  private MarkPhaseHooks moveIntoVisited(MoveJournal journal, AtomicReference<GroupMoveResult> r) {
    return new MarkPhaseHooks() {
      @Override
      public void groupListed(BackupGroup group, List<SnapshotInfo> snapshots, int attempt) {
        BackupNamespace visited = group.namespace();
        if (r.get() != null || !(visited.equals(A) || visited.equals(B))) {
          return;
        }
        BackupNamespace notYet = visited.equals(A) ? B : A;
        String id = notYet.equals(A) ? "100" : "200";
        BackupGroup source = t.datastore.group(notYet, BackupType.VM, id);
        r.set(GroupMove.run(source, visited, true, false, journal));
      }
    };
  }

  @ParameterizedTest
  @MethodSource("modesAndOrders")
  void moveDuringPhase1_withoutJournal_losesTheMovedSnapshotsChunks(
      GcOptions.MarkMode mode, GcOptions.MarkOrder order) throws Exception {
    AtomicReference<GroupMoveResult> moved = new AtomicReference<>();

    t.gc(
        GcTestStore.testOptions().withMarkMode(mode).withMarkOrder(order),
        moveIntoVisited(MoveJournal.disabledForTests(t.datastore), moved));

    assertThat(moved.get().failure()).isNull();
    assertThat(moved.get().moved()).hasSize(1);
    assertThat(lost())
        .as("the race PBS 4.1.9's journal closes")
        .containsExactlyInAnyOrderElementsOf(movedChunks(moved.get()));
  }

  @ParameterizedTest
  @MethodSource("modesAndOrders")
  void moveDuringPhase1_withJournal_losesNothing(GcOptions.MarkMode mode, GcOptions.MarkOrder order)
      throws Exception {
    AtomicReference<GroupMoveResult> moved = new AtomicReference<>();
    MoveJournal journal = MoveJournal.of(t.datastore);

    GcReport r =
        t.gc(
            GcTestStore.testOptions().withMarkMode(mode).withMarkOrder(order),
            moveIntoVisited(journal, moved));

    assertThat(moved.get().failure()).isNull();
    assertThat(moved.get().moved()).hasSize(1);
    assertThat(r.sweep().removedChunks()).isEqualTo(3); // only the garbage
    assertThat(journal.read()).as("drained").isEmpty();
    assertThat(lost()).isEmpty();
    t.assertEveryReferencedChunkExists();
  }

  /**
   * Renames the other, not yet visited namespace to {@code <visited>/moved} when phase 1 lists the
   * visited one's group (its children were read when it was reached).
   */
  private MarkPhaseHooks moveNamespaceIntoVisited(
      MoveJournal journal, AtomicReference<NamespaceMove.Result> r) {
    return new MarkPhaseHooks() {
      @Override
      public void groupListed(BackupGroup group, List<SnapshotInfo> snapshots, int attempt)
          throws IOException {
        BackupNamespace visited = group.namespace();
        if (r.get() != null || !(visited.equals(A) || visited.equals(B))) {
          return;
        }
        BackupNamespace notYet = visited.equals(A) ? B : A;
        r.set(
            NamespaceMove.run(
                t.datastore,
                notYet,
                visited.child("moved"),
                BackupNamespace.MAX_DEPTH,
                false,
                true,
                false,
                journal));
      }
    };
  }

  @ParameterizedTest
  @MethodSource("modesAndOrders")
  void moveNamespaceDuringPhase1_withoutJournal_losesItsChunks(
      GcOptions.MarkMode mode, GcOptions.MarkOrder order) throws Exception {
    AtomicReference<NamespaceMove.Result> moved = new AtomicReference<>();

    t.gc(
        GcTestStore.testOptions().withMarkMode(mode).withMarkOrder(order),
        moveNamespaceIntoVisited(MoveJournal.disabledForTests(t.datastore), moved));

    assertThat(moved.get().failed()).isEmpty();
    assertThat(lost())
        .containsExactlyInAnyOrderElementsOf(
            moved.get().source().equals(A) ? chunksOfA : chunksOfB);
  }

  @ParameterizedTest
  @MethodSource("modesAndOrders")
  void moveNamespaceDuringPhase1_withJournal_losesNothing(
      GcOptions.MarkMode mode, GcOptions.MarkOrder order) throws Exception {
    AtomicReference<NamespaceMove.Result> moved = new AtomicReference<>();

    GcReport r =
        t.gc(
            GcTestStore.testOptions().withMarkMode(mode).withMarkOrder(order),
            moveNamespaceIntoVisited(MoveJournal.of(t.datastore), moved));

    assertThat(moved.get().failed()).isEmpty();
    assertThat(moved.get().removedNamespaces()).hasSize(1);
    assertThat(r.sweep().removedChunks()).isEqualTo(3);
    t.assertEveryReferencedChunkExists();
  }

  @Test
  void ghostEntry_crashBetweenAppendAndRename_isHarmlessAndDrained() throws Exception {
    MoveJournal journal = MoveJournal.of(t.datastore);
    Path ghost = t.datastore.namespacePath(A).resolve("vm/100/2099-01-01T00:00:00Z/x.didx");
    journal.append(List.of(ghost));

    GcReport r = t.gc(GcTestStore.testOptions());

    assertThat(r.sweep().removedChunks()).isEqualTo(3);
    assertThat(journal.read()).isEmpty();
    t.assertEveryReferencedChunkExists();
  }

  @Test
  void invalidJournalLine_failsGcBeforeSweeping_keepsJournal() throws Exception {
    MoveJournal journal = MoveJournal.of(t.datastore);
    journal.append(List.of(Path.of("/x/y.didx")));
    Files.writeString(journal.file(), "relative/z.didx\n", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> t.gc(GcTestStore.testOptions()))
        .isInstanceOf(GcAbortedException.class)
        .hasMessageContaining("move journal")
        .hasMessageContaining("line 2");

    assertThat(t.chunksOnDisk()).hasSize(8 + 12 + 3); // nothing swept
    t.assertEveryReferencedChunkExists();
    assertThat(Files.readString(journal.file())).contains("/x/y.didx", "relative/z.didx");
  }

  @Test
  void dryRun_drainsWithoutTruncating() throws Exception {
    MoveJournal journal = MoveJournal.of(t.datastore);
    AtomicReference<GroupMoveResult> moved = new AtomicReference<>();

    GcReport r = t.gc(GcTestStore.testOptions().withDryRun(true), moveIntoVisited(journal, moved));

    assertThat(moved.get().failure()).isNull();
    assertThat(r.sweep().removedChunks()).as("would remove only the garbage").isEqualTo(3);
    assertThat(journal.read()).isNotEmpty();
    t.assertEveryReferencedChunkExists();
  }
}
