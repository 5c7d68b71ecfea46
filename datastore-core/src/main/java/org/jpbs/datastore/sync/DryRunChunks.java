package org.jpbs.datastore.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;

/**
 * A dry run's chunk counts for one snapshot it would copy: every chunk its indexes reference is
 * counted once per snapshot (as {@link SnapshotCopy} handles it once), as "already there" when the
 * target knows it holds it ({@link ChunkBackend#knownPresent}: no request, no touch) or an earlier
 * snapshot of this run would have copied it, else as copied. Nothing is written or touched on
 * either side. On an S3 target the copied count is an upper bound: the bucket may hold chunks the
 * cache does not.
 */
final class DryRunChunks {
  private DryRunChunks() {}

  static void count(SyncContext ctx, BackupDir src) {
    try {
      Path manifestPath = src.archivePath(BackupManifest.BLOB_NAME);
      BackupManifest m =
          BackupManifest.parse(
              DataBlob.parse(Files.readAllBytes(manifestPath), manifestPath.toString()),
              manifestPath.toString());
      Set<ChunkDigest> seen = new HashSet<>();
      for (BackupManifest.FileInfo f : m.files()) {
        if (!f.filename().endsWith(".blob")) {
          countIndex(ctx, src.archivePath(f.filename()), seen);
        }
      }
    } catch (NoSuchFileException e) {
      // pruned meanwhile: the real run would find it vanished
    } catch (IOException | RuntimeException e) {
      ctx.counters().fail("snapshot " + src, e);
    }
  }

  private static void countIndex(SyncContext ctx, Path path, Set<ChunkDigest> seen)
      throws IOException {
    SyncCounters c = ctx.counters();
    ChunkBackend target = ctx.target().chunks();
    try (IndexFile index = IndexFiles.open(path)) {
      for (int i = 0; i < index.count(); i++) {
        ChunkDigest d = index.digest(i);
        long length = SnapshotCopy.chunkLength(index, i);
        ctx.advance(length);
        if (!seen.add(d)) {
          continue;
        }
        if (target.knownPresent(d) || !ctx.dryRunCopies().add(d)) {
          c.chunksSkipped.increment();
          c.bytesSkipped.add(length);
        } else {
          c.chunksCopied.increment();
          c.bytesCopied.add(length);
        }
      }
    }
  }
}
