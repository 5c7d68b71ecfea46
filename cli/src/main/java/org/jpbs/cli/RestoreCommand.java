package org.jpbs.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanOutput;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.StdoutSink;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.cli.progress.ProgressReporter;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.SnapshotPath;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.format.BackupManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs restore DATASTORE SNAPSHOT ARCHIVE [TARGET|-]}: writes one archive back, every chunk
 * checked (CRC, length, SHA-256) before a byte of it is written; progress only on stderr.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore one archive of a snapshot to TARGET (a new file) or stdout ('-', the default; not a terminal).",
      "Every chunk is verified before it is written; corrupt data fails with exit 4.",
      "ARCHIVE is the file name in the snapshot (disk.img.fidx) or the name given to backup (disk.img).",
      "A disk image restored to TARGET is written sparse (all-zero chunks become holes)."
    })
final class RestoreCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  RestoreCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin ProgressOptions progress;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      paramLabel = "SNAPSHOT",
      converter = Converters.Snapshot.class,
      description = "[ns/NS/...]TYPE/ID/TIME, e.g. vm/100/2024-05-01T10:00:00Z.")
  SnapshotPath snapshot;

  @Parameters(
      index = "2",
      paramLabel = "ARCHIVE",
      description = "Archive name, e.g. disk.img or root.pxar.didx.")
  String archive;

  @Parameters(
      index = "3",
      arity = "0..1",
      paramLabel = "TARGET",
      defaultValue = "-",
      description = "New file to write, or '-' for stdout (default).")
  String target;

  /**
   * JSON result of {@code restore} (only with a TARGET file).
   *
   * @param datastore datastore base directory
   * @param snapshot the snapshot
   * @param archive the archive's file name
   * @param target the written file
   * @param size bytes written
   * @param chunks chunks read and verified (0 for a blob)
   * @param duration seconds
   */
  record Result(
      Path datastore,
      String snapshot,
      String archive,
      Path target,
      long size,
      int chunks,
      Duration duration) {}

  @Override
  public Integer call() throws Exception {
    boolean toStdout = target.equals("-");
    if (toStdout && output.json()) {
      throw new ParameterException(
          spec.commandLine(), "--json needs a TARGET file (stdout carries the data)");
    }
    Path file = toStdout ? null : Path.of(target);
    if (file != null && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ParameterException(
          spec.commandLine(),
          "restore target "
              + file
              + " already exists; restore never overwrites, give a new file name");
    }
    if (toStdout && StdoutSink.stdoutIsTerminal()) {
      throw new CommandFailedException(
          ExitCodes.USAGE,
          "refusing to write archive data to a terminal",
          "redirect stdout to a file or pipe, or give TARGET");
    }
    try {
      return restore(toStdout, file);
    } catch (StdoutSink.BrokenPipeException e) {
      return ExitCodes.BROKEN_PIPE; // the reader went away: quiet, as cat killed by SIGPIPE
    }
  }

  private int restore(boolean toStdout, Path file) throws Exception {
    Output out = output.output();
    long started = System.nanoTime();
    Result r;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock());
        CancelOnSignal cancel = new CancelOnSignal();
        ProgressReporter p = progress.reporter(context.clock())) {
      BackupDir dir = session.datastore().snapshot(snapshot);
      String filename = resolve(dir);
      long size;
      int chunks;
      if (filename.endsWith(".blob")) {
        byte[] data = ArchiveReader.readBlob(dir, filename);
        if (toStdout) {
          try (StdoutSink o = new StdoutSink()) {
            o.write(data);
          }
        } else {
          Files.write(file, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        size = data.length;
        chunks = 0;
      } else {
        try (ArchiveReader reader = ArchiveReader.open(session.chunks(), dir, filename, 0)) {
          size = reader.size();
          chunks = reader.chunkCount();
          p.start("restore " + filename, size, ProgressReporter.BYTES);
          if (toStdout) {
            try (StdoutSink o = new StdoutSink()) {
              reader.copyTo(o, (done, total) -> p.update(done), cancel.token());
            }
          } else {
            reader.restoreTo(file, (done, total) -> p.update(done), cancel.token());
          }
          p.finish();
        }
      }
      r =
          new Result(
              session.datastore().base(),
              dir.relativePath(),
              filename,
              file,
              size,
              chunks,
              Duration.ofNanos(System.nanoTime() - started));
    }
    String line =
        "restored "
            + r.archive()
            + " of "
            + r.snapshot()
            + ": "
            + HumanBytes.format(r.size())
            + " in "
            + HumanOutput.count(r.chunks(), "chunk")
            + ", all verified"
            + (file == null ? "" : ", to " + file);
    if (toStdout) {
      spec.commandLine().getErr().println(line); // stdout carries the data
    } else {
      out.emit(r, w -> w.println(line));
    }
    return ExitCodes.OK;
  }

  /** The archive's file name in the manifest: exact, or with the suffix backup appends. */
  private String resolve(BackupDir dir) throws java.io.IOException, CommandFailedException {
    Path manifest = dir.fullPath().resolve(BackupManifest.BLOB_NAME);
    if (!Files.exists(manifest)) {
      throw new NoSuchFileException(
          manifest.toString(),
          null,
          "snapshot " + dir.relativePath() + " does not exist or is not finished");
    }
    BackupManifest m = BackupManifest.load(manifest);
    for (String candidate :
        List.of(archive, archive + ".fidx", archive + ".didx", archive + ".blob")) {
      if (m.lookupFile(candidate).isPresent()) {
        return candidate;
      }
    }
    throw new CommandFailedException(
        ExitCodes.FAILURE,
        "snapshot " + dir.relativePath() + " has no archive '" + archive + "'",
        "its archives: "
            + String.join(
                ", ", m.files().stream().map(BackupManifest.FileInfo::filename).toList()));
  }
}
