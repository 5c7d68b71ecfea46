package org.jpbs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.cli.progress.ProgressReporter;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.format.BlobFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs backup DATASTORE TYPE/ID NAME:PATH...}: one PBS backup session into a new snapshot,
 * incremental against the group's last finished snapshot, registered with the GC state so a
 * concurrent {@code jpbs gc} accounts for it.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up files, block devices or stdin into a new snapshot of TYPE/ID (incremental:"
          + " chunks of the group's last snapshot are referenced, not re-uploaded).",
      "NAME.img:PATH -> NAME.img.fidx (4 MiB chunks); NAME.pxar:PATH, NAME:PATH or NAME:- (stdin)"
          + " -> dynamic index NAME[.pxar].didx; NAME.conf:PATH / NAME.log:PATH -> NAME.conf.blob."
    })
public final class BackupCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  BackupCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin ProgressOptions progress;
  @Mixin StateDirOption state;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      paramLabel = "TYPE/ID",
      converter = Converters.Group.class,
      description = "Backup group, e.g. vm/100 or host/web1 (created if missing).")
  Converters.GroupRef group;

  @Parameters(
      index = "2..*",
      arity = "1..*",
      paramLabel = "NAME:PATH",
      converter = ArchiveSpec.Converter.class,
      description = "Archives to write; PATH '-' reads stdin (at most once).")
  List<ArchiveSpec> archives;

  @Option(
      names = "--ns",
      paramLabel = "NS",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description = "Namespace of the group, e.g. a/b (must exist; default: the root).")
  BackupNamespace ns;

  @Option(
      names = "--owner",
      paramLabel = "AUTHID",
      defaultValue = "root@pam",
      converter = Converters.Owner.class,
      description =
          "Owner of a new group; an existing group must have this owner (default: ${DEFAULT-VALUE}).")
  String owner;

  @Option(
      names = "--chunk-size",
      paramLabel = "KiB",
      description =
          "Chunk size in KiB, a power of two 64..4096 (default: 4096): the fixed chunk size of"
              + " .img archives and the average of content-defined chunks.")
  Integer chunkSizeKib;

  @Option(
      names = "--time",
      paramLabel = "TIME",
      converter = Converters.Time.class,
      description =
          "Backup time: epoch seconds or RFC 3339 (default: now); must be after the last snapshot's"
              + " and at most 5 minutes ahead of now.")
  Instant time;

  @Option(
      names = "--force-time",
      description =
          "Accept a --time more than 5 minutes in the future (it blocks later default-time backups).")
  boolean forceTime;

  /** How far {@code --time} may be ahead of the clock without {@code --force-time}. */
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  @Override
  public Integer call() throws Exception {
    BackupOptions options = options();
    checkSources();
    DatastoreSession.requireWritable(datastore.path(), "backup", context.clock());
    Output out = output.output();
    long started = System.nanoTime();
    BackupResult result;
    Path base;
    try (DatastoreSession session =
            DatastoreSession.open(
                datastore.path(), state.resolve(datastore.path()), context.clock());
        CancelOnSignal cancel = new CancelOnSignal();
        ProgressReporter p = progress.reporter(context.clock())) {
      base = session.datastore().base();
      if (!ns.isRoot() && !session.datastore().namespaceExists(ns)) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "namespace '" + ns + "' does not exist in " + base,
            "create it first with 'jpbs ns create " + base + " " + ns + "', or omit --ns");
      }
      BackupGroup g = session.datastore().group(ns, group.type(), group.id());
      BackupOptions o =
          options
              .withRegistration(session.writerRegistration())
              .withCancellation(cancel.token())
              .withProgress((done, total) -> p.update(done));
      BackupSession s = null;
      try {
        s = BackupSession.start(session.chunkStore(), session.chunks(), g, o);
        try (BackupSession open = s) {
          for (ArchiveSpec a : archives) {
            write(open, a, p);
          }
          result = open.finish();
        }
      } catch (InterruptedIOException e) {
        // report before CancelOnSignal lets a signalled JVM exit (it would cut the message off)
        p.close(); // "stopped at", idempotent
        return reportCancelled(s, g);
      }
    }
    BackupReport.Result r =
        BackupReport.result(base, result, Duration.ofNanos(System.nanoTime() - started));
    out.emit(r, w -> BackupReport.printHuman(r, w));
    return ExitCodes.OK;
  }

  /** Ctrl-C (or an interrupt): says what was cancelled and what is left; exit 130. */
  private int reportCancelled(BackupSession s, BackupGroup g) {
    String left;
    if (s == null) {
      left = "nothing was created";
    } else {
      long written = s.uploadStats().written();
      left =
          (s.snapshot().exists()
                  ? "the unfinished snapshot "
                      + s.snapshot().relativePath()
                      + " could not be removed (remove it with 'jpbs forget')"
                  : "no snapshot was created")
              + (g.exists() ? "" : " (and no group)")
              + "; "
              + (written == 0
                  ? "no chunk was uploaded"
                  : written
                      + (written == 1 ? " chunk" : " chunks")
                      + " already uploaded stay until GC removes them");
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("jpbs: backup of " + g.relativePath() + " cancelled: " + left);
    err.flush();
    return ExitCodes.INTERRUPTED;
  }

  private BackupOptions options() {
    BackupOptions o = BackupOptions.defaults(context.clock()).withOwner(owner);
    if (time != null) {
      Instant now = context.clock().instant();
      if (!forceTime && time.isAfter(now.plus(MAX_FUTURE))) {
        throw new ParameterException(
            spec.commandLine(),
            "--time "
                + time
                + " is more than "
                + MAX_FUTURE.toMinutes()
                + " minutes in the future (now "
                + now.getEpochSecond()
                + " = "
                + Instant.ofEpochSecond(now.getEpochSecond())
                + "); every later backup of the group would have to be"
                + " later still; add --force-time if you mean it");
      }
      o = o.withBackupTime(time);
    }
    if (chunkSizeKib != null) {
      try {
        int bytes = Math.multiplyExact(chunkSizeKib, 1024);
        o = o.withDynamicAverage(bytes).withFixedChunkSize(bytes);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--chunk-size must be a power of two between 64 and 4096 KiB: " + chunkSizeKib);
      }
    }
    return o;
  }

  private void checkSources() throws IOException {
    long stdin = archives.stream().filter(ArchiveSpec::stdin).count();
    if (stdin > 1) {
      throw new ParameterException(spec.commandLine(), "only one archive can read stdin ('-')");
    }
    List<String> names = new ArrayList<>();
    for (ArchiveSpec a : archives) {
      if (names.contains(a.filename())) {
        throw new ParameterException(
            spec.commandLine(), "archive " + a.filename() + " given twice");
      }
      names.add(a.filename());
    }
    for (ArchiveSpec a : archives) {
      checkSource(a);
    }
  }

  /**
   * Before anything is created: the source exists, is readable and fits the archive kind (an image
   * needs a file or block device, a blob a file of at most the PBS blob limit).
   */
  private void checkSource(ArchiveSpec a) throws IOException {
    if (a.stdin()) {
      return;
    }
    Path f = Path.of(a.path());
    BasicFileAttributes at =
        Files.readAttributes(f, BasicFileAttributes.class); // NoSuchFileException names f
    String what = "archive " + a.name() + ": " + f;
    if (at.isDirectory()) {
      throw new ParameterException(
          spec.commandLine(),
          what
              + " is a directory; back up a file, a block device"
              + " or stdin (e.g. tar -C DIR -cf - . | jpbs backup ... "
              + a.name()
              + ":-)");
    }
    boolean device = !at.isRegularFile() && isBlockDevice(f);
    if (a.kind() == ArchiveSpec.Kind.IMAGE && !at.isRegularFile() && !device) {
      throw new ParameterException(
          spec.commandLine(), what + " is neither a regular file nor a block device");
    }
    if (a.kind() == ArchiveSpec.Kind.BLOB && !at.isRegularFile()) {
      throw new ParameterException(spec.commandLine(), what + " is not a regular file");
    }
    if (a.kind() == ArchiveSpec.Kind.BLOB && at.size() > BlobFormat.MAX_BLOB_SIZE) {
      throw new ParameterException(
          spec.commandLine(),
          what
              + " is "
              + HumanBytes.format(at.size())
              + ", over the "
              + HumanBytes.format(BlobFormat.MAX_BLOB_SIZE)
              + " limit of a blob archive (.conf, .log);"
              + " back it up as NAME.pxar:"
              + f);
    }
    if (!Files.isReadable(f)) {
      throw new AccessDeniedException(f.toString(), null, "not readable");
    }
  }

  private static boolean isBlockDevice(Path f) {
    try {
      return (((Integer) Files.getAttribute(f, "unix:mode")) & 0170000) == 0060000; // S_IFBLK
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void write(BackupSession s, ArchiveSpec a, ProgressReporter p) throws IOException {
    switch (a.kind()) {
      case IMAGE -> {
        // FileChannel.size() is the device size for block devices (BLKGETSIZE64), unlike Files.size
        try (FileChannel ch = FileChannel.open(Path.of(a.path()), StandardOpenOption.READ);
            InputStream in = Channels.newInputStream(ch)) {
          long size = ch.size();
          p.start(a.filename(), size, ProgressReporter.BYTES);
          s.addImage(a.filename(), in, size);
        }
      }
      case STREAM -> {
        if (a.stdin()) {
          p.start(a.filename(), -1, ProgressReporter.BYTES);
          s.addStream(a.filename(), System.in);
        } else {
          Path f = Path.of(a.path());
          p.start(
              a.filename(), Files.isRegularFile(f) ? Files.size(f) : -1, ProgressReporter.BYTES);
          s.addStream(a.filename(), f);
        }
      }
      case BLOB -> {
        Path f = Path.of(a.path());
        long size = Files.size(f);
        if (size > BlobFormat.MAX_BLOB_SIZE) {
          throw new IOException(
              f
                  + ": "
                  + size
                  + " bytes is too large for a blob archive (max "
                  + BlobFormat.MAX_BLOB_SIZE
                  + "); use NAME.pxar:"
                  + f
                  + " instead");
        }
        p.start(a.filename(), size, ProgressReporter.BYTES);
        s.addBlob(a.filename(), Files.readAllBytes(f));
        p.update(size);
      }
    }
    p.finish();
  }
}
