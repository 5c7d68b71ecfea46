package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.jpbs.chunkstore.ChunkPath;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.cli.output.Output;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;

/**
 * The read-only space accounting behind {@code jpbs stats}: logical bytes (the indexes' data
 * sizes), referenced bytes (distinct chunks, sizes from {@code lstat} of the chunk files) and
 * unique bytes (chunks referenced by nothing else in the store) per snapshot, per group and for the
 * scope.
 *
 * <p>Two passes: the scope's indexes fill a {@link ChunkUsageTable} (memory: the scope's distinct
 * chunks only); then every other index of the store is read only to flag chunks it shares with the
 * scope. Nothing is written, no lock is taken, chunk files are only {@code lstat}ed (no atime
 * change). A snapshot removed meanwhile is skipped; an unreadable index is counted and named.
 */
final class StoreUsage {
  private final ChunkStore chunks;
  private final Output out;
  private final ChunkUsageTable table = new ChunkUsageTable();

  final long[] snapLogical;
  final long[] snapReferenced;
  final long[] snapUnique;
  final long[] groupLogical;
  final long[] groupReferenced;
  final long[] groupUnique;
  long scopeLogical;
  long scopeReferencedBytes;
  long scopeUniqueBytes;
  long missingChunks;
  long outsideLogical;
  int unreadableIndexes;

  private StoreUsage(ChunkStore chunks, Output out, int snapshots, int groups) {
    this.chunks = chunks;
    this.out = out;
    snapLogical = new long[snapshots];
    snapReferenced = new long[snapshots];
    snapUnique = new long[snapshots];
    groupLogical = new long[groups];
    groupReferenced = new long[groups];
    groupUnique = new long[groups];
  }

  /** One snapshot of the scope and the index of its group. */
  record Scoped(SnapshotInfo snapshot, int group) {}

  /**
   * Accounts the scope ({@code scoped}, each group's snapshots contiguous) against the rest of the
   * store ({@code outside}).
   */
  static StoreUsage scan(
      ChunkStore chunks, List<Scoped> scoped, int groups, List<SnapshotInfo> outside, Output out)
      throws IOException {
    StoreUsage u = new StoreUsage(chunks, out, scoped.size(), groups);
    for (int i = 0; i < scoped.size(); i++) {
      u.scanScoped(scoped.get(i).snapshot(), i, scoped.get(i).group());
    }
    for (SnapshotInfo s : outside) {
      u.scanOutside(s);
    }
    u.tally();
    return u;
  }

  private void scanScoped(SnapshotInfo s, int snap, int group) throws IOException {
    for (Path p : s.indexFiles()) {
      try (IndexFile idx = open(p)) {
        if (idx == null) {
          continue;
        }
        snapLogical[snap] += idx.indexBytes();
        groupLogical[group] += idx.indexBytes();
        scopeLogical += idx.indexBytes();
        for (int i = 0; i < idx.count(); i++) {
          long w0 = idx.digestWord(i, 0);
          long w1 = idx.digestWord(i, 1);
          long w2 = idx.digestWord(i, 2);
          long w3 = idx.digestWord(i, 3);
          int slot = table.find(w0, w1, w2, w3);
          if (slot < 0) {
            int size = chunkSize(w0, w1, w2, w3);
            table.add(w0, w1, w2, w3, size, snap, group);
            long bytes = Math.max(0, size);
            snapReferenced[snap] += bytes;
            groupReferenced[group] += bytes;
            scopeReferencedBytes += bytes;
            continue;
          }
          int firsts = table.reference(slot, snap, group);
          long bytes = Math.max(0, table.size(slot));
          if ((firsts & 1) != 0) {
            snapReferenced[snap] += bytes;
          }
          if ((firsts & 2) != 0) {
            groupReferenced[group] += bytes;
          }
        }
      }
    }
  }

  private void scanOutside(SnapshotInfo s) throws IOException {
    for (Path p : s.indexFiles()) {
      try (IndexFile idx = open(p)) {
        if (idx == null) {
          continue;
        }
        outsideLogical += idx.indexBytes();
        for (int i = 0; i < idx.count(); i++) {
          int slot =
              table.find(
                  idx.digestWord(i, 0),
                  idx.digestWord(i, 1),
                  idx.digestWord(i, 2),
                  idx.digestWord(i, 3));
          if (slot >= 0) {
            table.referenceOutside(slot);
          }
        }
      }
    }
  }

  private void tally() {
    table.forEach(
        (size, ownerSnap, ownerGroup, referencedOutside) -> {
          if (size < 0) {
            missingChunks++;
          }
          long bytes = Math.max(0, size);
          if (!referencedOutside) {
            scopeUniqueBytes += bytes;
          }
          if (ownerSnap != ChunkUsageTable.MULTI) {
            snapUnique[ownerSnap] += bytes;
          }
          if (ownerGroup != ChunkUsageTable.MULTI) {
            groupUnique[ownerGroup] += bytes;
          }
        });
  }

  /** Distinct chunks referenced by the scope. */
  long scopeReferencedChunks() {
    return table.count();
  }

  /** Memory the digest table uses. */
  long tableBytes() {
    return table.tableBytes();
  }

  /** The index, or null when it vanished or cannot be read (then a warning names it). */
  private IndexFile open(Path p) {
    try {
      return IndexFiles.open(p);
    } catch (NoSuchFileException gone) {
      return null; // the snapshot was removed meanwhile
    } catch (IOException e) {
      unreadableIndexes++;
      out.warn(
          "skipped unreadable index "
              + p
              + ": "
              + ErrorReporter.oneLine(String.valueOf(e.getMessage())));
      return null;
    }
  }

  /** The chunk file's size ({@code lstat}: no atime change), -1 when it is missing. */
  private int chunkSize(long w0, long w1, long w2, long w3) throws IOException {
    Path p = chunks.chunkPath(ChunkDigest.ofWords(w0, w1, w2, w3));
    try {
      long n = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
      return (int) Math.min(Integer.MAX_VALUE, n);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  /** Count and total size of the chunk files ({@code .chunks/XXXX/<64 hex>}), by {@code lstat}. */
  static long[] chunkFiles(Path chunksDir) throws IOException {
    long[] filesAndBytes = new long[2];
    Files.walkFileTree(
        chunksDir,
        java.util.Set.of(),
        2,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && ChunkPath.isChunkFileName(file.getFileName().toString())) {
              filesAndBytes[0]++;
              filesAndBytes[1] += attrs.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // removed by a concurrent GC sweep
            }
            throw exc;
          }
        });
    return filesAndBytes;
  }
}
