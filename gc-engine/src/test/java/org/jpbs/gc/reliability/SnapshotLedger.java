package org.jpbs.gc.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.SnapshotPath;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.testkit.StoreFiles;

/**
 * The torture's bookkeeping of finished snapshots, built from the workers' output: every backup
 * that reported success (its path and version seed), and every snapshot a prune or forget may have
 * removed ({@code GONE}, by group id and time). A snapshot's identity is its version seed, recorded
 * in its {@code content.blob}, so it is recognised wherever a move or a sync put it; group id and
 * time must stay what the backup reported.
 *
 * <p>The audit (while nothing runs) of the source: every recorded snapshot not gone is finished in
 * exactly one place, and no finished snapshot is unknown or in two places. Of a sync target: every
 * finished snapshot is a recorded one, with its group id and time (its restore is then checked by
 * {@link StoreAudit} against the recorded version's data).
 */
final class SnapshotLedger {
  /** One successful backup: where it was written, and its version. */
  record Entry(SnapshotPath path, long seed) {
    String key() {
      return key(path);
    }

    static String key(SnapshotPath p) {
      return p.type().dirName() + '/' + p.id() + '/' + p.time();
    }
  }

  /** What one audit found. */
  record Result(int live, int gone, int moved, List<String> problems) {}

  private final Map<Long, Entry> backups = new HashMap<>();
  private final Set<String> gone = new HashSet<>();

  /** Reads one worker's output. */
  void record(Path out) throws IOException {
    for (String line : Files.readAllLines(out)) {
      if (line.startsWith("RESULT b OK ")) {
        String[] parts = line.split(" ");
        long seed = Long.parseLong(parts[4].substring("seed=".length()));
        backups.put(seed, new Entry(SnapshotPath.parse(parts[3]), seed));
      } else if (line.startsWith("GONE ")) {
        gone.add(Entry.key(SnapshotPath.parse(line.substring(5))));
      }
    }
  }

  /** The source audit: each recorded snapshot in exactly one place, unless removed. */
  Result auditSource(Datastore ds) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<Long, List<BackupDir>> found = finishedBySeed(ds, problems);
    int moved = 0;
    for (Map.Entry<Long, List<BackupDir>> f : found.entrySet()) {
      if (f.getValue().size() > 1) {
        problems.add("SNAPSHOT IN TWO PLACES: seed " + f.getKey() + " at " + f.getValue());
      }
      Entry e = backups.get(f.getKey());
      if (e != null
          && !e.path().namespace().equals(f.getValue().get(0).namespace())
          && f.getValue().size() == 1) {
        moved++;
      }
    }
    int live = 0;
    int removed = 0;
    for (Entry e : backups.values()) {
      if (found.containsKey(e.seed())) {
        live++;
      } else if (gone.contains(e.key())) {
        removed++;
      } else {
        problems.add(
            "DATA LOSS: finished snapshot "
                + e.path()
                + " (seed "
                + e.seed()
                + ") is nowhere, and no prune or forget removed it");
      }
    }
    return new Result(live, removed, moved, problems);
  }

  /**
   * The target audit: every finished snapshot is a copy of a recorded one, and no file of a sync's
   * temporary snapshot directory is left (every sync ended).
   */
  Result auditCopies(Datastore target) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path p : StoreFiles.regularFiles(target.base(), Set.of(Datastore.CHUNKS_DIR, ".jpbs"))) {
      if (p.toString().contains("/.sync-")) {
        problems.add("sync temporary file left: " + p);
      }
    }
    Map<Long, List<BackupDir>> found = finishedBySeed(target, problems);
    int copies = 0;
    for (List<BackupDir> dirs : found.values()) {
      copies += dirs.size();
    }
    return new Result(copies, 0, 0, problems);
  }

  /**
   * Every finished snapshot of {@code ds} by the version seed in its {@code content.blob}; checks
   * that it is a recorded backup with the same group id and time.
   */
  private Map<Long, List<BackupDir>> finishedBySeed(Datastore ds, List<String> problems)
      throws IOException {
    Map<Long, List<BackupDir>> found = new HashMap<>();
    for (BackupNamespace ns :
        ds.listNamespaces(BackupNamespace.root(), BackupNamespace.MAX_DEPTH)) {
      for (BackupGroup g : ds.listGroups(ns)) {
        for (SnapshotInfo s : g.listSnapshots()) {
          if (!s.isFinished()) {
            continue;
          }
          long seed =
              TortureData.versionSeedOf(ArchiveReader.readBlob(s.dir(), TortureData.CONTENT_BLOB));
          found.computeIfAbsent(seed, k -> new ArrayList<>()).add(s.dir());
          Entry e = backups.get(seed);
          if (e == null) {
            problems.add(
                "finished snapshot " + s.dir() + " (seed " + seed + ") was never backed up");
          } else if (!e.key().equals(Entry.key(SnapshotPath.parse(s.dir().relativePath())))) {
            problems.add("snapshot " + s.dir() + " holds the data of " + e.path());
          }
        }
      }
    }
    return found;
  }
}
