package org.jpbs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanDuration;
import org.jpbs.cli.output.HumanOutput;
import org.jpbs.cli.output.Table;
import org.jpbs.datastore.backup.ArchiveStats;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.backup.ChunkUploadStats;

/**
 * What {@code jpbs backup} reports: the {@code --json} document ({@link Result}, with its {@link
 * Archive} rows and PBS's {@link Upload} statistics) built from the library's {@code BackupResult},
 * and the human summary. {@code demo} reuses both for its backup rounds.
 */
public final class BackupReport {
  private BackupReport() {}

  /**
   * JSON result of {@code backup}.
   *
   * @param datastore datastore base directory
   * @param snapshot the new snapshot, {@code [ns/NS/]type/id/time}
   * @param base the snapshot whose chunks were known (incremental base), or null
   * @param archives per archive, in the order written
   * @param chunks index entries of all archives
   * @param newChunks chunks written to the chunk store
   * @param duplicateChunks inserted chunks the store already had (touched, not written)
   * @param knownChunks chunks referenced from the base without upload
   * @param repeatedChunks chunks that occurred earlier in this backup (uploaded once, referenced
   *     again)
   * @param fullReason why the backup is full (no base), e.g. {@code no previous snapshot}; null if
   *     incremental
   * @param uploadStats the manifest's {@code chunk_upload_stats}
   * @param duration seconds
   */
  public record Result(
      Path datastore,
      String snapshot,
      String ns,
      String backupType,
      String backupId,
      long backupTime,
      String base,
      List<Archive> archives,
      long chunks,
      long newChunks,
      long duplicateChunks,
      long knownChunks,
      long repeatedChunks,
      String fullReason,
      Upload uploadStats,
      Duration duration) {}

  /** One archive: {@code type} is {@code fixed}, {@code dynamic} or {@code blob}. */
  record Archive(
      String filename,
      String type,
      long size,
      String csum,
      int chunks,
      int newChunks,
      int duplicateChunks,
      int knownChunks,
      int repeatedChunks) {
    static Archive of(ArchiveStats a) {
      String type =
          a.filename().endsWith(".fidx")
              ? "fixed"
              : a.filename().endsWith(".didx") ? "dynamic" : "blob";
      return new Archive(
          a.filename(),
          type,
          a.size(),
          a.csumHex(),
          a.chunks(),
          a.uploaded() - a.duplicates(),
          a.duplicates(),
          a.knownChunks(),
          a.repeatedChunks());
    }
  }

  /**
   * PBS {@code chunk_upload_stats}: {@code count}, {@code size}, {@code compressed-size}, {@code
   * duplicates}.
   */
  public record Upload(long count, long size, long compressedSize, long duplicates) {
    static Upload of(ChunkUploadStats s) {
      return new Upload(s.count(), s.size(), s.compressedSize(), s.duplicates());
    }
  }

  /**
   * The report of {@code b} (a backup into the datastore at {@code base}) that took {@code
   * duration}.
   */
  public static Result result(Path base, BackupResult b, Duration duration) {
    List<Archive> list = b.archives().stream().map(Archive::of).toList();
    long chunks = 0;
    long fresh = 0;
    long dup = 0;
    long known = 0;
    long repeated = 0;
    for (Archive a : list) {
      chunks += a.chunks();
      fresh += a.newChunks();
      dup += a.duplicateChunks();
      known += a.knownChunks();
      repeated += a.repeatedChunks();
    }
    var snap = b.snapshot();
    return new Result(
        base,
        snap.relativePath(),
        snap.namespace().toString(),
        snap.group().type().dirName(),
        snap.group().id(),
        snap.backupTime(),
        b.base().map(d -> d.relativePath()).orElse(null),
        list,
        chunks,
        fresh,
        dup,
        known,
        repeated,
        b.base().isPresent() ? null : b.noBaseReason().orElse("no previous snapshot"),
        Upload.of(b.uploadStats()),
        duration);
  }

  /** The human summary of {@code r}: snapshot line, per-archive table, upload line. */
  public static void printHuman(Result r, PrintWriter w) {
    w.println(
        "snapshot "
            + r.snapshot()
            + (r.base() == null
                ? " (full: " + r.fullReason() + ")"
                : " (incremental, base " + r.base() + ")"));
    // new + in store + from base + repeated = chunks
    Table t =
        new Table()
            .column("archive", Table.Align.LEFT)
            .column("size")
            .column("chunks")
            .column("new")
            .column("in store")
            .column("from base")
            .column("repeated");
    for (Archive a : r.archives()) {
      t.row(
          a.filename(),
          HumanBytes.format(a.size()),
          a.chunks(),
          a.newChunks(),
          a.duplicateChunks(),
          a.knownChunks(),
          a.repeatedChunks());
    }
    t.row(
        "total",
        "",
        r.chunks(),
        r.newChunks(),
        r.duplicateChunks(),
        r.knownChunks(),
        r.repeatedChunks());
    t.print(w);
    Upload u = r.uploadStats();
    w.println(
        "uploaded "
            + HumanOutput.count(u.count(), "chunk")
            + ", "
            + HumanBytes.format(u.size())
            + " ("
            + HumanBytes.format(u.compressedSize())
            + " compressed)"
            + (u.duplicates() == 0
                ? ""
                : ", of which "
                    + u.duplicates()
                    + (u.duplicates() == 1 ? " was" : " were")
                    + " already in the chunk store")
            + "; took "
            + HumanDuration.format(r.duration()));
  }
}
