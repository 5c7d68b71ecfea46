package org.jpbs.gc.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.Datastore;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.testkit.StoreFiles;

/**
 * The invariants checked after every torture round and every kill point, while no other process
 * runs: every file under a final name is complete (indexes and manifests parse and verify, chunk
 * files pass their CRC), every chunk referenced by any index on disk exists, and every finished
 * snapshot restores byte-identically.
 */
final class StoreAudit {
  /** What one audit saw. */
  record Result(
      int indexFiles,
      int finishedSnapshots,
      int unfinishedSnapshots,
      int referencedChunks,
      int chunkFiles,
      int tempFiles,
      List<String> problems) {}

  private StoreAudit() {}

  static Result run(Path base, ChunkStore store, Datastore datastore) throws IOException {
    return run(base, store, datastore, true);
  }

  /**
   * The audit; {@code full = false} skips reading every chunk file (a walk over 65,536 directories)
   * and counts no chunk files: the referenced-chunk and restore checks remain.
   */
  static Result run(Path base, ChunkStore store, Datastore datastore, boolean full)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Set<ChunkDigest> referenced = new HashSet<>();
    int indexes = 0;
    int temps = 0;
    Set<Path> snapshotDirs = new TreeSet<>();
    Set<Path> finished = new TreeSet<>();
    Path chunks = base.resolve(Datastore.CHUNKS_DIR);
    for (Path p : StoreFiles.regularFiles(base, Set.of(Datastore.CHUNKS_DIR, ".jpbs"))) {
      String n = p.getFileName().toString();
      if (n.contains(".tmp_")) {
        temps++;
        continue;
      }
      if (n.endsWith(".fidx") || n.endsWith(".didx")) {
        indexes++;
        snapshotDirs.add(p.getParent());
        try (IndexFile idx = IndexFiles.open(p)) {
          idx.verify();
          for (int i = 0; i < idx.count(); i++) {
            referenced.add(idx.digest(i));
          }
        } catch (IOException e) {
          problems.add("index under its final name does not parse: " + e);
        }
      } else if (n.equals(BackupManifest.BLOB_NAME)) {
        finished.add(p.getParent());
        try {
          BackupManifest.load(p);
        } catch (IOException e) {
          problems.add("manifest under its final name does not parse: " + e);
        }
      }
    }
    for (ChunkDigest d : referenced) {
      if (!Files.exists(store.chunkPath(d), LinkOption.NOFOLLOW_LINKS)) {
        problems.add("DATA LOSS: referenced chunk missing: " + d.toHex());
      }
    }
    int chunkFiles = 0;
    if (full) {
      for (Path p : StoreFiles.chunkDirEntries(chunks)) {
        String n = p.getFileName().toString();
        if (n.contains(".tmp_")) {
          temps++;
        } else if (n.length() == 64 && ChunkDigest.isHex(n)) {
          chunkFiles++;
          try {
            DataBlob.load(p).verifyUnencrypted(-1, ChunkDigest.fromHex(n), p.toString());
          } catch (IOException e) {
            problems.add("chunk under its final name is corrupt: " + e);
          }
        }
      }
    }
    for (Path dir : finished) {
      try {
        TortureWorker.checkRestore(
            store,
            datastore.snapshot(
                org.jpbs.datastore.SnapshotPath.parse(base.relativize(dir).toString())));
      } catch (IOException | IllegalStateException e) {
        problems.add("restore of " + dir + " failed: " + e);
      }
    }
    snapshotDirs.removeAll(finished);
    return new Result(
        indexes,
        finished.size(),
        snapshotDirs.size(),
        referenced.size(),
        chunkFiles,
        temps,
        problems);
  }

  /** Ages every chunk's atime by two days; call only while no writer runs. */
  static int ageChunks(Path base) throws IOException {
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
    int n = 0;
    for (Path p : StoreFiles.chunkDirEntries(base.resolve(Datastore.CHUNKS_DIR))) {
      if (p.getFileName().toString().length() == 64) {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(null, old, null);
        n++;
      }
    }
    return n;
  }
}
