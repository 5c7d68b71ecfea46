package org.jpbs.datastore.move;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.lock.LockGuard;

/**
 * PBS 4.1.9 {@code lock_and_move_group} (spec pbs-s3 §7.3) on a filesystem or S3 datastore: moves
 * every snapshot of a group into the same-named group of another namespace, oldest first, in
 * batches of {@link #MAX_SNAPSHOT_LOCKS} locked snapshots, journaling each snapshot's index paths
 * before its rename ({@link MoveJournal}).
 *
 * <p>Order: checks; source group lock (exclusive, no wait); checks again; source owner; target
 * group lock (exclusive, no wait), then the target group is created with the source's owner (jpbs
 * locks before creating, PBS creates first: no ownerless group is ever visible to a backup); an
 * existing target needs merging allowed and the merge invariant (same owner, every target snapshot
 * older than the oldest source snapshot); then the batches; then the notes (moved when only the
 * source has them; kept at the target with a warning when both differ); then the emptied source
 * group is removed. A failure after some batches leaves a time-ordered split, so the merge
 * invariant still holds when the move is run again.
 *
 * <p>On an S3 datastore each snapshot's objects are copied before and deleted after its rename, the
 * notes object is written before the local notes move, and the emptied source group's leftover
 * objects are deleted before it is removed ({@link SnapshotObjects}; the package documentation has
 * the failure cases).
 *
 * <p>jpbs refuses a group holding a protected snapshot (PBS does not say; protection means "do not
 * touch" here), before anything moves.
 */
public final class GroupMove {
  /** Snapshot locks held at once (PBS {@code MAX_SNAPSHOT_LOCKS}). */
  public static final int MAX_SNAPSHOT_LOCKS = 512;

  private final Datastore store;
  private final MoveJournal journal;
  private final boolean merge;
  private final boolean dryRun;

  private final List<String> moved = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private List<String> remaining = List.of();
  private boolean targetCreated;
  private boolean sourceRemoved;

  private final MoveProbe probe;
  private final SnapshotObjects objects; // null: no remote metadata copy

  private GroupMove(
      Datastore store, MoveJournal journal, boolean merge, boolean dryRun, MoveProbe probe) {
    this.probe = probe;
    this.objects =
        store.metadata().isRemote() ? new SnapshotObjects(store.metadata(), warnings) : null;
    this.store = store;
    this.journal = journal;
    this.merge = merge;
    this.dryRun = dryRun;
  }

  /**
   * Moves {@code source} into {@code targetNs}; never throws for a failed move: the result carries
   * the failure (soft or hard) and what moved before it.
   *
   * @param merge allow an existing target group (PBS {@code merge-group}, default true)
   * @param dryRun check and list, change nothing (no locks are taken)
   */
  public static GroupMoveResult run(
      BackupGroup source,
      BackupNamespace targetNs,
      boolean merge,
      boolean dryRun,
      MoveJournal journal) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(targetNs, "targetNs");
    Objects.requireNonNull(journal, "journal");
    return execute(source, targetNs, merge, dryRun, false, journal, MoveProbe.NONE);
  }

  /** {@link #run} with a test probe. */
  static GroupMoveResult run(
      BackupGroup source,
      BackupNamespace targetNs,
      boolean merge,
      MoveJournal journal,
      MoveProbe probe) {
    return execute(source, targetNs, merge, false, false, journal, probe);
  }

  /**
   * The dry run of moving {@code source} into {@code targetNs}, a namespace a namespace move would
   * create first (so it does not exist yet and no target group can conflict).
   */
  static GroupMoveResult plannedIntoNew(BackupGroup source, BackupNamespace targetNs) {
    return execute(source, targetNs, true, true, true, null, MoveProbe.NONE);
  }

  private static GroupMoveResult execute(
      BackupGroup source,
      BackupNamespace targetNs,
      boolean merge,
      boolean dryRun,
      boolean targetNsPlanned,
      MoveJournal journal,
      MoveProbe probe) {
    Datastore store = source.datastore();
    BackupGroup target = store.group(targetNs, source.type(), source.id());
    GroupMove m = new GroupMove(store, journal, merge, dryRun, probe);
    IOException failure = null;
    try {
      if (targetNsPlanned) {
        m.planInto(source);
      } else if (dryRun) {
        m.plan(source, target);
      } else {
        m.move(source, target);
      }
    } catch (IOException e) {
      failure = e;
    }
    return new GroupMoveResult(
        source,
        target,
        dryRun,
        m.moved,
        m.remaining,
        m.targetCreated,
        m.sourceRemoved,
        m.warnings,
        failure);
  }

  /** The dry run: the checks of a real move, and the snapshots it would move. */
  private void plan(BackupGroup source, BackupGroup target) throws IOException {
    check(source, target);
    List<SnapshotInfo> snaps = oldestFirst(source);
    refuseProtected(source, snaps);
    if (target.exists()) {
      checkMergeInvariant(source, target, source.owner(), snaps);
    } else {
      targetCreated = true;
    }
    moved.addAll(times(snaps, 0));
    sourceRemoved = true;
  }

  /** The dry run into a namespace still to be created: only the source's own checks apply. */
  private void planInto(BackupGroup source) throws IOException {
    List<SnapshotInfo> snaps = oldestFirst(source);
    refuseProtected(source, snaps);
    moved.addAll(times(snaps, 0));
    targetCreated = true;
    sourceRemoved = true;
  }

  @SuppressWarnings("try") // the guards are held for the scope of the try
  private void move(BackupGroup source, BackupGroup target) throws IOException {
    check(source, target); // before locking, as PBS's API handler does
    try (LockGuard sourceLock = source.lock()) {
      check(source, target);
      String owner = source.owner();
      List<SnapshotInfo> snaps = oldestFirst(source);
      remaining = times(snaps, 0);
      refuseProtected(source, snaps);
      try (LockGuard targetLock = target.lock()) {
        if (target.exists()) {
          if (!merge) {
            throw refused(source, target, "target group exists and merging is off (--no-merge)");
          }
          checkMergeInvariant(source, target, owner, snaps);
        } else {
          target.createLocked(targetLock, owner);
          probe.after("created " + target);
          targetCreated = true;
        }
        try {
          moveBatches(snaps, target);
        } finally {
          if (targetCreated && moved.isEmpty()) {
            target.removeIfEmptyLocked(targetLock); // nothing moved: no empty group left behind
            targetCreated = false;
          }
        }
        moveNotes(source, target);
      }
      if (objects != null && !moved.isEmpty() && source.listSnapshots().isEmpty()) {
        objects.deleteLeftovers(source, new HashSet<>(moved)); // before the lock file goes
      }
      sourceRemoved = source.removeIfEmptyLocked(sourceLock);
      probe.after("removed " + source);
    }
  }

  private void moveBatches(List<SnapshotInfo> snaps, BackupGroup target) throws IOException {
    for (int from = 0; from < snaps.size(); from += MAX_SNAPSHOT_LOCKS) {
      List<SnapshotInfo> batch =
          snaps.subList(from, Math.min(snaps.size(), from + MAX_SNAPSHOT_LOCKS));
      List<LockGuard> held = new ArrayList<>();
      try {
        for (SnapshotInfo s : batch) {
          held.add(s.dir().lock()); // readers and verify hold it shared: a soft failure
        }
        for (SnapshotInfo s : batch) {
          moveSnapshot(s, target);
          moved.add(s.dir().backupTimeString());
          remaining = remaining.subList(1, remaining.size());
        }
      } finally {
        for (LockGuard g : held) {
          g.close();
        }
      }
    }
  }

  /**
   * PBS {@code BackupDir::move_to}, caller holding the snapshot lock and both group locks: journal
   * the destination and source path of every index, rename the directory, remove the source
   * snapshot's lock files.
   */
  private void moveSnapshot(SnapshotInfo s, BackupGroup target) throws IOException {
    BackupDir src = s.dir();
    BackupDir dst = target.snapshot(src.backupTimeString());
    if (Files.exists(dst.fullPath(), LinkOption.NOFOLLOW_LINKS)) {
      throw refused(src.group(), target, "target snapshot " + dst.fullPath() + " exists");
    }
    List<Path> entries = new ArrayList<>();
    SnapshotInfo now = src.info(); // the files as they are under the lock
    for (Path index : now.indexFiles()) {
      entries.add(dst.fullPath().resolve(index.getFileName().toString()));
    }
    entries.addAll(now.indexFiles());
    journal.append(entries); // before the rename: "the new path exists => it is journaled"
    probe.after("journaled " + src);
    if (objects == null) {
      Files.move(src.fullPath(), dst.fullPath(), StandardCopyOption.ATOMIC_MOVE);
      probe.after("renamed " + src);
    } else { // S3: copy, rename, delete the source objects (spec §7.3)
      List<String> copied = objects.copy(src, dst, now.files());
      probe.after("copied " + src);
      try {
        Files.move(src.fullPath(), dst.fullPath(), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        objects.uncopy(src, dst, copied);
        throw e;
      }
      probe.after("renamed " + src);
      objects.deleteSource(src, copied);
      probe.after("deleted objects of " + src);
    }
    Files.deleteIfExists(src.manifestLockFile());
    Files.deleteIfExists(src.lockFile());
  }

  private void moveNotes(BackupGroup source, BackupGroup target) throws IOException {
    Path from = source.notesPath();
    if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path to = target.notesPath();
    if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      if (objects != null) { // PBS: the target object first, then the local rename
        store
            .metadata()
            .put(target.relativePath() + '/' + BackupGroup.NOTES_FILE, Files.readAllBytes(from));
      }
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } else if (!Arrays.equals(Files.readAllBytes(from), Files.readAllBytes(to))) {
      warnings.add("group notes of " + source + " differ from " + target + "'s; kept the target's");
    }
  }

  /** PBS {@code check_move_group}. */
  private void check(BackupGroup source, BackupGroup target) throws IOException {
    if (source.namespace().equals(target.namespace())) {
      throw refused(source, target, "source and target namespace are the same");
    }
    if (!store.namespaceExists(target.namespace())) {
      throw refused(source, target, "target namespace '" + target.namespace() + "' does not exist");
    }
    if (!source.exists()) {
      throw refused(source, target, "source group does not exist");
    }
    if (!merge && target.exists()) {
      throw refused(source, target, "target group exists and merging is off (--no-merge)");
    }
  }

  private static void refuseProtected(BackupGroup source, List<SnapshotInfo> snaps)
      throws MoveRefusedException {
    for (SnapshotInfo s : snaps) {
      if (s.isProtected()) {
        throw new MoveRefusedException(
            "cannot move backup group "
                + source
                + ": snapshot "
                + s.dir().backupTimeString()
                + " is protected (unprotect it first)");
      }
    }
  }

  /**
   * PBS {@code check_merge_invariants}: same owner, every target snapshot older than the source's.
   */
  private static void checkMergeInvariant(
      BackupGroup source, BackupGroup target, String owner, List<SnapshotInfo> snaps)
      throws IOException {
    String targetOwner = target.owner();
    if (!targetOwner.equals(owner)) {
      throw refused(
          source, target, "owner mismatch ('" + owner + "' vs target's '" + targetOwner + "')");
    }
    if (snaps.isEmpty()) {
      return;
    }
    long oldest = snaps.get(0).dir().backupTime();
    for (SnapshotInfo t : target.listSnapshots()) {
      if (t.dir().backupTime() >= oldest) {
        throw refused(
            source,
            target,
            "snapshot time mismatch: target snapshot "
                + t.dir().backupTimeString()
                + " is not older than the oldest source snapshot "
                + snaps.get(0).dir().backupTimeString());
      }
    }
  }

  private static List<SnapshotInfo> oldestFirst(BackupGroup g) throws IOException {
    List<SnapshotInfo> snaps = new ArrayList<>(g.listSnapshots());
    snaps.sort(Comparator.comparingLong(SnapshotInfo::backupTime));
    return snaps;
  }

  private static List<String> times(List<SnapshotInfo> snaps, int from) {
    List<String> out = new ArrayList<>();
    for (SnapshotInfo s : snaps.subList(from, snaps.size())) {
      out.add(s.dir().backupTimeString());
    }
    return out;
  }

  private static MoveRefusedException refused(BackupGroup source, BackupGroup target, String why) {
    return new MoveRefusedException(
        "cannot move backup group "
            + source
            + " to namespace '"
            + target.namespace()
            + "': "
            + why);
  }
}
