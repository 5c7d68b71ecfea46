package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.format.UnsupportedFormatException;

/**
 * The end of phase 1 for moves (PBS 4.1.9 {@code drain_move_journal}): under the journal lock,
 * marks every index file a move journaled — each journaled path and every index file now in the
 * snapshot directory that contains it (so the destination and the source of every journaled move) —
 * then empties the journal (not in a dry run). The safety argument is in {@code
 * org.jpbs.datastore.journal}.
 *
 * <p>Marks through a marking of its own with the run's {@link ChunkMarker}, so the same strategy
 * (touch, dry-run set, mark set) receives the digests; records nothing in the checkpoint (a resumed
 * run re-marks journaled indexes, which is only redundant). A vanished index is skipped (a ghost
 * entry, or a snapshot pruned since); any other failure aborts the run before the sweep and leaves
 * the journal as it was, for the next run.
 */
final class MoveJournalDrain {
  private final MoveJournal journal;
  private final GcOptions options;
  private final GcListener listener;
  private long files;
  private long bytes;

  MoveJournalDrain(MoveJournal journal, GcOptions options, GcListener listener) {
    this.journal = journal;
    this.options = options;
    this.listener = listener;
  }

  /** Drains the journal into {@code marker}; returns {@code walk} plus what the drain marked. */
  MarkResult drain(MarkResult walk, ChunkMarker marker) throws IOException, InterruptedException {
    long[] cache = new long[2];
    List<Path> entries;
    try {
      entries =
          journal.drain(
              !options.dryRun(),
              journaled -> {
                try (IndexMarking m =
                    IndexMarkings.factory(options, marker, listener)
                        .create(MarkCheckpointer.NONE, p -> {})) {
                  for (Path index : indexesOf(journaled)) {
                    submit(m, index);
                  }
                  m.finish();
                  cache[0] = m.cacheHits();
                  cache[1] = m.cacheMisses();
                }
              });
    } catch (GcAbortedException e) { // CorruptIndexException included
      throw e;
    } catch (IOException e) {
      throw new GcAbortedException(
          "marking used chunks failed: move journal " + journal.file() + ": " + e.getMessage(), e);
    }
    if (!entries.isEmpty()) {
      listener.info(
          "Marked " + files + " index files of " + entries.size() + " move journal entries");
    }
    return new MarkResult(
        walk.indexFileCount() + files,
        walk.indexDataBytes() + bytes,
        walk.cacheHits() + cache[0],
        walk.cacheMisses() + cache[1],
        marker.missingChunks(),
        walk.unexpectedIndexFiles(),
        walk.skippedByCheckpoint(),
        walk.retries());
  }

  /** Each journaled index path, then every index file in its directory (destination or source). */
  private static Set<Path> indexesOf(List<Path> journaled) throws IOException {
    Set<Path> out = new LinkedHashSet<>();
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path p : journaled) {
      if (IndexFileWalk.isIndexName(p.getFileName().toString())) {
        out.add(p);
      }
      if (p.getParent() != null) {
        dirs.add(p.getParent());
      }
    }
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        for (Path f : s) {
          if (IndexFileWalk.isIndexName(f.getFileName().toString())
              && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            out.add(f);
          }
        }
      } catch (NoSuchFileException | NotDirectoryException vanished) {
        // moved or removed since: its indexes are journaled under their other path
      }
    }
    return out;
  }

  private void submit(IndexMarking m, Path path) throws IOException, InterruptedException {
    if (listener.cancelRequested()) {
      throw new GcAbortedException("garbage collection aborted on request");
    }
    IndexFile index;
    try {
      index = IndexFiles.open(path);
    } catch (NoSuchFileException vanished) {
      return; // a ghost entry (crash before the rename) or a snapshot removed since
    } catch (CorruptFileException | UnsupportedFormatException e) {
      throw new CorruptIndexException(path, "corrupt index '" + path + "' - " + e.getMessage(), e);
    }
    files++;
    bytes += index.indexBytes();
    m.submit(index, path, null);
  }
}
