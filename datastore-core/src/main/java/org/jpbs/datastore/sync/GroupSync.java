package org.jpbs.datastore.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.FileTrees;
import org.jpbs.datastore.ProtectedSnapshotException;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockMode;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.format.BackupManifest;

/**
 * Syncs one source group into its target group (PBS {@code pull_group}): under the target group's
 * lock, the source snapshots newer than the target's newest finished one (of the last {@code
 * transfer-last}), the corrupt ones again with {@code resync-corrupt}, then {@code
 * remove-vanished}. The first snapshot that fails ends the group (as PBS), so no newer snapshot
 * hides it.
 */
final class GroupSync {
  /** How long a source snapshot that is locked exclusively (being pruned) is waited for. */
  static final Duration SOURCE_LOCK_WAIT = Duration.ofSeconds(2);

  private final SyncContext ctx;
  private final BackupGroup source;
  private final BackupGroup target;

  GroupSync(SyncContext ctx, BackupGroup source, BackupGroup target) {
    this.ctx = ctx;
    this.source = source;
    this.target = target;
  }

  /** The snapshots to copy now (oldest first) and whether each is a resync. */
  record Plan(
      List<SnapshotInfo> copy, List<Boolean> resync, List<BackupDir> remove, long skipped) {}

  /** Plans from the current state of both groups (under the group lock, or for a dry run). */
  Plan plan() throws IOException {
    List<SnapshotInfo> all = source.exists() ? source.listPresentSnapshots() : List.of();
    Set<String> sourceTimes = new HashSet<>();
    List<SnapshotInfo> finished = new ArrayList<>();
    for (SnapshotInfo s : all) {
      sourceTimes.add(s.dir().backupTimeString());
      if (s.isFinished()) {
        finished.add(s);
      }
    }
    finished.sort(Comparator.comparingLong(SnapshotInfo::backupTime));
    int n = ctx.options().transferLast();
    List<SnapshotInfo> candidates =
        n > 0 && finished.size() > n
            ? finished.subList(finished.size() - n, finished.size())
            : finished;
    List<SnapshotInfo> present = target.exists() ? target.listPresentSnapshots() : List.of();
    long last = Long.MIN_VALUE;
    Set<String> targetFinished = new HashSet<>();
    for (SnapshotInfo t : present) {
      if (t.isFinished()) {
        last = Math.max(last, t.backupTime());
        targetFinished.add(t.dir().backupTimeString());
      }
    }
    List<SnapshotInfo> copy = new ArrayList<>();
    List<Boolean> resync = new ArrayList<>();
    long skipped = finished.size() - candidates.size();
    for (SnapshotInfo s : candidates) {
      String time = s.dir().backupTimeString();
      if (s.backupTime() > last) {
        copy.add(s);
        resync.add(false);
      } else if (ctx.options().resyncCorrupt()
          && targetFinished.contains(time)
          && verifyFailed(target.snapshot(time))) {
        copy.add(s);
        resync.add(true);
      } else {
        skipped++;
      }
    }
    List<BackupDir> remove = new ArrayList<>();
    if (ctx.options().removeVanished()) {
      for (SnapshotInfo t : present) {
        if (!sourceTimes.contains(t.dir().backupTimeString())) {
          remove.add(t.dir());
        }
      }
    }
    return new Plan(copy, resync, remove, skipped);
  }

  private static boolean verifyFailed(BackupDir dir) {
    try {
      return BackupManifest.load(dir.archivePath(BackupManifest.BLOB_NAME))
          .verifyState()
          .map(v -> "failed".equals(v.state()))
          .orElse(false);
    } catch (IOException e) {
      return true; // an unreadable target manifest is corrupt too
    }
  }

  /** Syncs the group; failures of a snapshot are recorded and end the group. */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  void run() throws IOException {
    Plan first = plan();
    if (ctx.options().dryRun()) {
      count(first);
      return;
    }
    if (first.copy().isEmpty() && first.remove().isEmpty()) {
      if (target.exists()) {
        checkOwner(target.owner()); // PBS checks every group, also when nothing is to do
      }
      ctx.counters().snapshotsSkipped.add(first.skipped());
      return;
    }
    try (LockGuard lock = target.lock()) {
      removeStaleTemps();
      boolean existed = target.exists();
      Plan plan = plan(); // again, under the lock
      if (existed || !plan.copy().isEmpty()) { // PBS: the owner check guards removals too
        checkOwner(existed ? target.owner() : target.createLocked(lock, ctx.options().owner()));
      }
      ctx.counters().snapshotsSkipped.add(plan.skipped());
      try {
        copyAll(plan);
      } finally {
        if (!existed) {
          target.removeIfEmptyLocked(lock);
        }
      }
      removeVanished(plan);
    }
  }

  private void checkOwner(String owner) throws SyncRefusedException {
    if (!owner.equals(ctx.options().owner())) {
      throw new SyncRefusedException(
          "owner check failed: target group "
              + target.relativePath()
              + " is owned by "
              + owner
              + ", not "
              + ctx.options().owner());
    }
  }

  private void count(Plan plan) {
    SyncCounters c = ctx.counters();
    c.snapshotsCopied.add(plan.copy().size());
    c.snapshotsResynced.add(plan.resync().stream().filter(b -> b).count());
    c.snapshotsSkipped.add(plan.skipped());
    for (BackupDir d : plan.remove()) {
      (d.isProtected() ? c.protectedKept : c.snapshotsRemoved).increment();
    }
    for (SnapshotInfo s : plan.copy()) {
      ctx.listener().info("would copy " + s.dir());
      DryRunChunks.count(ctx, s.dir());
    }
  }

  private void copyAll(Plan plan) throws IOException {
    for (int i = 0; i < plan.copy().size(); i++) {
      BackupDir src = plan.copy().get(i).dir();
      boolean resync = plan.resync().get(i);
      BackupDir dst = target.snapshot(src.backupTimeString());
      LockGuard srcLock;
      try {
        srcLock = src.lock(LockMode.SHARED, SOURCE_LOCK_WAIT);
      } catch (LockedException e) {
        vanished(src, "busy (locked exclusively, being removed?)");
        continue;
      }
      try (srcLock) {
        if (!src.exists()) {
          vanished(src, "vanished");
          continue;
        }
        try {
          new SnapshotCopy(ctx, src, dst, resync).run();
        } catch (NoSuchFileException e) {
          if (!Files.exists(src.archivePath(BackupManifest.BLOB_NAME))) {
            vanished(src, "vanished");
            continue;
          }
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        ctx.counters().fail("snapshot " + src, e);
        return;
      }
      ctx.counters().snapshotsCopied.increment();
      if (resync) {
        ctx.counters().snapshotsResynced.increment();
      }
      ctx.listener().info((resync ? "resynced " : "copied ") + src + " -> " + dst);
    }
  }

  private void vanished(BackupDir src, String why) {
    ctx.counters().snapshotsVanished.increment();
    ctx.listener().warn("source snapshot " + src + " " + why + ": skipped");
  }

  private void removeVanished(Plan plan) {
    for (BackupDir d : plan.remove()) {
      try {
        d.destroy(false);
        ctx.counters().snapshotsRemoved.increment();
        ctx.listener().info("removed vanished snapshot " + d);
      } catch (ProtectedSnapshotException e) {
        ctx.counters().protectedKept.increment();
        ctx.listener().info("kept vanished snapshot " + d + " (protected)");
      } catch (IOException | RuntimeException e) {
        ctx.counters().fail("removing vanished snapshot " + d, e);
      }
    }
  }

  /** Temporary directories of a killed sync: dead, since their writer held this group's lock. */
  private void removeStaleTemps() throws IOException {
    if (!target.exists()) {
      return;
    }
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(target.fullPath(), SnapshotCopy.TEMP_PREFIX + "*")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(".old")) { // killed between a resync's two renames: put the old back
          String time = name.substring(SnapshotCopy.TEMP_PREFIX.length(), name.length() - 4);
          BackupDir dir = target.snapshot(time);
          if (!dir.exists()) {
            Files.move(p, dir.fullPath(), StandardCopyOption.ATOMIC_MOVE);
            continue;
          }
        }
        FileTrees.delete(p);
        ctx.probe().after("removed stale " + name);
      }
    }
  }
}
