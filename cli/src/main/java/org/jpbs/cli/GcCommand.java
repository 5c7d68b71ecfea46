package org.jpbs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanDuration;
import org.jpbs.cli.output.HumanOutput;
import org.jpbs.cli.output.JsonOutput;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.Table;
import org.jpbs.cli.progress.GcProgressListener;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.cli.progress.ProgressReporter;
import org.jpbs.format.GcStatus;
import org.jpbs.gc.GarbageCollector;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.GcReport;
import org.jpbs.gc.GcSafetyException;
import org.jpbs.gc.SweepCutoff;
import org.jpbs.gc.markset.MarkSetWriter;
import org.jpbs.gc.state.GcLockUnavailableException;
import org.jpbs.s3.S3DatastoreSettings;
import org.jpbs.s3.gc.S3GarbageCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs gc DATASTORE}: PBS garbage collection (mark referenced chunks, sweep the rest older
 * than the cutoff), with the progress bar, PBS's task-log lines, the final status and optionally a
 * Prometheus textfile.
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    subcommands = GcStatusCommand.class,
    description = {
      "Remove chunks no snapshot references (PBS mark & sweep; writes .gc-status).",
      "Exit 6 (nothing touched) while an unregistered process holds the store's lock file,"
          + " exit 3 while another GC runs on the store. 'jpbs gc status' shows the last result.",
      "On an S3 datastore: one listing of the bucket's chunks, deletes in batches of 1,000;"
          + " exit 6 when the store's clock is off by more than --s3-max-clock-skew."
    })
public final class GcCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  GcCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin ProgressOptions progress;
  @Mixin StateDirOption state;

  // arity 0..1: a required parent positional would also be demanded before 'gc status'
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DATASTORE",
      description = "Datastore directory.")
  Path datastore;

  @Option(
      names = {"-n", "--dry-run"},
      description = "Touch and remove nothing; report what would be removed.")
  boolean dryRun;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Worker threads for mark and sweep, 1..256 (default: the available processors, at most "
              + GcOptions.MAX_DEFAULT_THREADS
              + ").")
  Integer threads;

  @Option(
      names = "--cutoff",
      paramLabel = "DUR",
      defaultValue = "1445",
      converter = Converters.Cutoff.class,
      description =
          "atime cutoff: minutes (PBS gc-atime-cutoff) or e.g. 24h5m; 1 min .. 48 h"
              + " (default: ${DEFAULT-VALUE} min = 24h5m).")
  Duration cutoff;

  @Option(
      names = "--cache-capacity",
      paramLabel = "N",
      description = "Digest cache entries, 0 disables (PBS gc-cache-capacity; default: 1048576).")
  Integer cacheCapacity;

  @Option(
      names = "--mark-order",
      paramLabel = "ORDER",
      defaultValue = "directory",
      converter = Converters.MarkOrder.class,
      completionCandidates = Converters.MarkOrder.class,
      description =
          "Order of the phase-1 touches: 'directory' (jpbs: distinct chunks of many index files in"
              + " chunk-directory order, much cheaper for the kernel) or 'index' (PBS: each index as"
              + " it is read); same chunks either way (default: ${DEFAULT-VALUE}).")
  GcOptions.MarkOrder markOrder;

  @Option(
      names = "--mark-mode",
      paramLabel = "MODE",
      defaultValue = "set",
      converter = Converters.MarkMode.class,
      completionCandidates = Converters.MarkMode.class,
      description =
          "Where phase 1 marks: 'atime' (PBS: touch every referenced chunk) or 'set' (jpbs: an"
              + " exact set of referenced digests, no syscall per chunk; other chunks are still"
              + " judged by their atime) (default: ${DEFAULT-VALUE}).")
  GcOptions.MarkMode markMode;

  @Option(
      names = "--mark-memory",
      paramLabel = "SIZE",
      defaultValue = "64M",
      converter = Converters.Size.class,
      description =
          "With --mark-mode set: memory for the mark set before it spills to the GC state"
              + " directory, e.g. 512M (default: ${DEFAULT-VALUE}).")
  long markMemory;

  @Option(
      names = "--member-stat",
      paramLabel = "MODE",
      defaultValue = "full",
      converter = Converters.MemberStat.class,
      completionCandidates = Converters.MemberStat.class,
      description =
          "With --mark-mode set: 'full' stats every chunk in the sweep (every PBS counter"
              + " complete) or 'skip' keeps referenced chunks without a stat (faster; disk bytes,"
              + " on-disk usage, deduplication factor and average chunk size are then unknown:"
              + " null in --json, n/a in text, and .gc-status is not replaced); unreferenced"
              + " chunks are always stat-ed and judged by their atime (default: ${DEFAULT-VALUE}).")
  Converters.MemberStatMode memberStat;

  @Option(names = "--no-atime-check", description = "Skip the atime safety check before marking.")
  boolean noAtimeCheck;

  @Option(
      names = "--s3-max-clock-skew",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description =
          "S3 datastores: refuse the GC when the store's clock (the listing's Date header) and"
              + " this host's differ by more (default: ${DEFAULT-VALUE}).")
  long s3MaxSkew;

  @Option(
      names = "--metrics-file",
      paramLabel = "FILE",
      description =
          "After a successful (not dry) run, write Prometheus metrics to FILE atomically.")
  Path metricsFile;

  @Override
  public Integer call() throws Exception {
    if (datastore == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'DATASTORE'");
    }
    GcOptions options = options();
    if (markMode != GcOptions.MarkMode.SET && S3DatastoreSettings.isS3(datastore)) {
      throw new ParameterException(
          spec.commandLine(),
          "--mark-mode atime is not available on an S3 datastore: its GC marks in a set");
    }
    if (!dryRun) {
      DatastoreSession.requireWritable(datastore, "gc", context.clock());
    }
    Output out = output.output();
    GcReport report;
    S3GarbageCollection.Result s3Result = null;
    Path base;
    DatastoreSession.StateAccess access =
        dryRun
            ? DatastoreSession.StateAccess.WRITE_IF_WRITABLE
            : DatastoreSession.StateAccess.WRITE;
    try (DatastoreSession session =
            DatastoreSession.open(datastore, state.resolve(datastore), access, context.clock());
        CancelOnSignal cancel = new CancelOnSignal()) {
      base = session.datastore().base();
      GcEnvironment env =
          new GcEnvironment(
              session.datastore(), session.chunkStore(), session.state(), context.clock());
      GcProgressListener listener = null;
      try (ProgressReporter p = progress.reporter(context.clock())) {
        listener = new GcProgressListener(out, p, cancel.token()::isCancelled);
        if (session.s3().isPresent()) {
          s3Result = S3GcOutput.run(session.s3().get(), env, options, listener, s3MaxSkew);
          report = s3Result.report();
        } else {
          report = GarbageCollector.run(env, options, listener);
        }
      } catch (GcSafetyException e) {
        if (e.getCause() instanceof GcLockUnavailableException) {
          throw (GcLockUnavailableException) e.getCause(); // lock contention (3), not a refusal
        }
        return cancelled(cancel, listener, e);
      } catch (java.io.IOException | RuntimeException e) {
        return cancelled(cancel, listener, e);
      }
    }
    if (metricsFile != null) {
      if (report.dryRun()) {
        out.note("dry run: " + metricsFile + " not written");
      } else {
        GcMetrics.write(
            metricsFile,
            GcMetrics.render(
                base.toString(),
                report.status(),
                report.diskBytesKnown(),
                context.clock().instant().getEpochSecond(),
                report.markMillis() / 1000.0,
                report.sweepMillis() / 1000.0));
      }
    }
    ObjectNode json = json(base, report);
    S3GarbageCollection.Result s3 = s3Result;
    if (s3 != null) {
      S3GcOutput.addJson(json, s3);
    }
    out.emit(
        json,
        w -> {
          printHuman(base, report, w);
          if (s3 != null) {
            S3GcOutput.printHuman(s3, w);
          }
        });
    return ExitCodes.OK;
  }

  /**
   * After Ctrl-C: says what was cancelled and what state remains and returns 130, else rethrows
   * {@code e}. Printed here, before the signal hook is released: once it is, the JVM exits. A
   * cancelled real run stays recorded (shown as interrupted), so the next gc resumes it.
   */
  private int cancelled(CancelOnSignal cancel, GcProgressListener l, Exception e) throws Exception {
    if (!cancel.token().isCancelled() || l == null) {
      throw e;
    }
    String what =
        switch (l.phase()) {
          case PREPARE -> "before phase 1: nothing was touched or removed";
          case MARK -> "during phase 1 (marking): nothing was removed";
          case SWEEP, DONE ->
              "during phase 2 (sweeping): chunks removed so far stay removed,"
                  + " every referenced chunk was kept";
        };
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "jpbs: gc cancelled "
            + what
            + (dryRun ? " (dry run)" : "; the next gc resumes with the original cutoff"));
    if (!dryRun) {
      err.println("hint: 'jpbs gc status DATASTORE' shows the run as interrupted until then");
    }
    err.flush();
    return ExitCodes.INTERRUPTED;
  }

  private GcOptions options() {
    int n = threads == null ? GcOptions.defaultThreads() : threads;
    if (n < 1 || n > 256) {
      throw new ParameterException(spec.commandLine(), "--threads must be 1..256: " + n);
    }
    if (cutoff.compareTo(Duration.ofMinutes(1)) < 0
        || cutoff.compareTo(SweepCutoff.MAX_CUTOFF) > 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--cutoff must be between 1 minute and 48 hours: " + cutoff.toMinutes() + " min");
    }
    if (memberStat == Converters.MemberStatMode.SKIP && markMode != GcOptions.MarkMode.SET) {
      throw new ParameterException(
          spec.commandLine(),
          "--member-stat skip needs --mark-mode set (atime mode stats every chunk)");
    }
    int cache = cacheCapacity == null ? GcOptions.DEFAULT_CACHE_CAPACITY : cacheCapacity;
    if (cache < 0 || cache > GcOptions.MAX_CACHE_CAPACITY) {
      throw new ParameterException(
          spec.commandLine(),
          "--cache-capacity must be 0.." + GcOptions.MAX_CACHE_CAPACITY + ": " + cache);
    }
    if (markMemory < MarkSetWriter.MIN_MEMORY_BUDGET
        || markMemory > MarkSetWriter.MAX_MEMORY_BUDGET) {
      throw new ParameterException(
          spec.commandLine(),
          "--mark-memory must be "
              + MarkSetWriter.MIN_MEMORY_BUDGET / 1024
              + "K.."
              + (MarkSetWriter.MAX_MEMORY_BUDGET >> 30)
              + "G: "
              + markMemory
              + " bytes");
    }
    return GcOptions.defaults()
        .withCutoff(cutoff)
        .withThreads(n)
        .withCacheCapacity(cache)
        .withDryRun(dryRun)
        .withAtimeSafetyCheck(!noAtimeCheck)
        .withMarkOrder(markOrder)
        .withMarkMode(markMode)
        .withMarkMemory(markMemory)
        .withMemberStat(memberStat != Converters.MemberStatMode.SKIP);
  }

  /**
   * The JSON document: the {@code .gc-status} fields exactly as in the file ({@code disk-bytes}
   * null when the run kept members without a stat, {@code --member-stat skip}), then {@code
   * datastore}, {@code run-id}, {@code dry-run}, {@code resumed}, {@code phase1-start}, {@code
   * oldest-writer}, {@code min-atime}, {@code mark-duration}, {@code sweep-duration}, {@code
   * missing-chunks}.
   */
  public static ObjectNode json(Path base, GcReport r) throws java.io.IOException {
    ObjectNode n = (ObjectNode) JsonOutput.mapper().readTree(r.statusJson());
    n.put("datastore", base.toString());
    n.put("run-id", r.runId());
    n.put("dry-run", r.dryRun());
    n.put("resumed", r.resumed());
    n.put("phase1-start", r.phase1Start());
    n.put("oldest-writer", r.oldestWriter());
    n.put("min-atime", r.minAtime());
    n.put("mark-duration", r.markMillis() / 1000.0);
    n.put("sweep-duration", r.sweepMillis() / 1000.0);
    n.put("missing-chunks", r.mark().missingChunks());
    return n;
  }

  public static void printHuman(Path base, GcReport r, PrintWriter w) {
    GcStatus s = r.status();
    String verb = r.dryRun() ? "would remove" : "removed";
    w.println();
    new Table()
        .column("gc", Table.Align.LEFT)
        .column("result", Table.Align.LEFT)
        .row("datastore", base)
        .row(
            "run", r.runId() + (r.dryRun() ? " (dry run)" : "") + (r.resumed() ? " (resumed)" : ""))
        .row(
            verb,
            HumanBytes.format(s.removedBytes())
                + " in "
                + HumanOutput.count(s.removedChunks(), "chunk"))
        .row(
            "pending",
            HumanBytes.format(s.pendingBytes())
                + " in "
                + HumanOutput.count(s.pendingChunks(), "chunk"))
        .row(
            "on disk",
            (r.diskBytesKnown() ? HumanBytes.format(s.diskBytes()) : "n/a (sizes not read)")
                + " in "
                + HumanOutput.count(s.diskChunks(), "chunk"))
        .row(
            "index files",
            s.indexFileCount() + " (" + HumanBytes.format(s.indexDataBytes()) + " of data)")
        .row("missing chunks", r.mark().missingChunks())
        .row("bad chunks", s.removedBad() + " removed, " + s.stillBad() + " left")
        .row("min atime", r.minAtime() + " (" + java.time.Instant.ofEpochSecond(r.minAtime()) + ")")
        .row(
            "duration",
            "mark "
                + HumanDuration.format(Duration.ofMillis(r.markMillis()))
                + ", sweep "
                + HumanDuration.format(Duration.ofMillis(r.sweepMillis())))
        .print(w);
  }
}
