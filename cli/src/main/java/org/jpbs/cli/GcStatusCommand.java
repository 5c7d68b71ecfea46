package org.jpbs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanDuration;
import org.jpbs.cli.output.HumanOutput;
import org.jpbs.cli.output.JsonOutput;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.Table;
import org.jpbs.datastore.BackupDir;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.GcStatus;
import org.jpbs.gc.state.GcOutcome;
import org.jpbs.gc.state.GcRunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jpbs gc status DATASTORE}: the last {@code .gc-status} and the GC run history. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the last GC status (.gc-status) and the run history from the GC state.")
final class GcStatusCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  GcStatusCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin StateDirOption state;

  @Mixin DatastoreParameter datastore;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "10",
      description = "Runs of history to show, newest first (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws Exception {
    if (limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be >= 0: " + limit);
    }
    Output out = output.output();
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    GcStatus status = null;
    List<GcRunRecord> history;
    List<String> outcomes = new java.util.ArrayList<>();
    S3RequestTotals s3 = null;
    try (DatastoreSession session =
        DatastoreSession.open(
            datastore.path(),
            state.resolve(datastore.path()),
            DatastoreSession.StateAccess.READ,
            context.clock())) {
      Path base = session.datastore().base();
      Path file = base.resolve(GcStatus.FILE_NAME);
      try {
        status = GcStatus.load(file);
      } catch (NoSuchFileException e) {
        out.note("no " + GcStatus.FILE_NAME + " yet: no GC has finished on this datastore");
      } catch (CorruptFileException e) {
        out.warn(ErrorReporter.oneLine(e.getMessage()));
      }
      history = limit == 0 ? List.of() : session.state().history(limit);
      for (GcRunRecord r : history) {
        outcomes.add(outcome(r, session.state()::isAlive));
      }
      doc.put("datastore", base.toString());
      doc.put("status-file", file.toString());
      if (session.s3().isPresent()) {
        s3 = S3RequestTotals.read(base);
        s3.addJson(doc, "s3-requests");
      }
    }
    if (status == null) {
      doc.putNull("status");
    } else {
      doc.set("status", statusJson(status));
    }
    ArrayNode runs = doc.putArray("history");
    for (int i = 0; i < history.size(); i++) {
      runs.add(runJson(history.get(i)).put("outcome", outcomes.get(i)));
    }
    GcStatus shown = status;
    S3RequestTotals requests = s3;
    out.emit(
        doc,
        w -> {
          printHuman(shown, history, outcomes, w);
          if (requests != null) {
            w.println();
            requests.printHuman(w);
          }
        });
    return ExitCodes.OK;
  }

  /**
   * The outcome as shown: {@code interrupted} for a run still recorded as running whose process is
   * dead (killed, or the machine rebooted; the next gc resumes or abandons it), else the recorded
   * one.
   */
  static String outcome(
      GcRunRecord r, java.util.function.Predicate<org.jpbs.gc.state.ProcessIdentity> alive) {
    if (r.outcome() == GcOutcome.RUNNING && !alive.test(r.run().owner())) {
      return "interrupted";
    }
    return r.outcome().name().toLowerCase(Locale.ROOT);
  }

  /** The {@code .gc-status} fields exactly as PBS writes them (same names, same order). */
  static ObjectNode statusJson(GcStatus s) throws IOException {
    return (ObjectNode) JsonOutput.mapper().readTree(s.toJson());
  }

  /**
   * One run record: {@code run-id}, {@code start-time}, {@code phase1-start}, {@code min-atime},
   * {@code cutoff-seconds}, {@code threads}, {@code cache-capacity}, {@code dry-run}, {@code
   * owner-pid}, {@code phase} (starting|mark|sweep|done), {@code outcome} (running|succeeded|
   * failed|aborted|abandoned; the caller shows interrupted for a dead running one), {@code
   * finish-time} (null while running), {@code duration} (seconds, millisecond resolution; null
   * while running or from older builds), {@code gc-status} (the run's {@code .gc-status} fields
   * when it succeeded, else null) and {@code message} (why it did not succeed, else null).
   */
  static ObjectNode runJson(GcRunRecord r) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("run-id", r.runId());
    n.put("start-time", r.run().startEpochSeconds());
    n.put("phase1-start", r.run().phase1StartEpochSeconds());
    n.put("min-atime", r.run().minAtime());
    n.put("cutoff-seconds", r.run().cutoffSeconds());
    n.put("threads", r.run().options().threads());
    n.put("cache-capacity", r.run().options().cacheCapacity());
    n.put("dry-run", r.run().options().dryRun());
    n.put("owner-pid", r.run().owner().pid());
    n.put("phase", r.phase().name().toLowerCase(Locale.ROOT));
    n.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
    if (r.finishEpochSeconds() == 0) {
      n.putNull("finish-time");
    } else {
      n.put("finish-time", r.finishEpochSeconds());
    }
    if (r.durationMillis() < 0) {
      n.putNull("duration");
    } else {
      n.put("duration", r.durationMillis() / 1000.0);
    }
    ObjectNode status = succeededStatus(r);
    if (status != null) {
      n.set("gc-status", status);
      n.putNull("message");
    } else {
      n.putNull("gc-status");
      n.put("message", r.status().isEmpty() ? null : r.status());
    }
    return n;
  }

  /**
   * The recorded status of a succeeded run: its {@code .gc-status} fields, {@code disk-bytes} null
   * for a run that did not stat every kept chunk ({@code gc --member-stat skip}); null otherwise.
   */
  private static ObjectNode succeededStatus(GcRunRecord r) {
    if (r.outcome() != GcOutcome.SUCCEEDED) {
      return null;
    }
    try {
      GcStatus.parse(r.status().getBytes(StandardCharsets.UTF_8), "run " + r.runId());
      return (ObjectNode) JsonOutput.mapper().readTree(r.status());
    } catch (IOException e) {
      try { // a status with disk-bytes unknown: every other counter as in .gc-status
        JsonNode j = JsonOutput.mapper().readTree(r.status());
        return j.isObject() && j.path("disk-bytes").isNull() && j.has("removed-bytes")
            ? (ObjectNode) j
            : null;
      } catch (IOException e2) {
        return null;
      }
    }
  }

  private static void printHuman(
      GcStatus s, List<GcRunRecord> history, List<String> outcomes, PrintWriter w) {
    if (s != null) {
      new Table()
          .column("last gc", Table.Align.LEFT)
          .column("status", Table.Align.LEFT)
          .row("task", s.upid())
          .row(
              "removed",
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
              HumanBytes.format(s.diskBytes())
                  + " in "
                  + HumanOutput.count(s.diskChunks(), "chunk"))
          .row(
              "index files",
              s.indexFileCount() + " (" + HumanBytes.format(s.indexDataBytes()) + " of data)")
          .row("bad chunks", s.removedBad() + " removed, " + s.stillBad() + " left")
          .print(w);
      w.println();
    }
    if (history.isEmpty()) {
      w.println("no GC runs recorded");
      return;
    }
    Table t =
        new Table()
            .column("run")
            .column("started")
            .column("outcome")
            .column("phase")
            .column("removed")
            .column("duration")
            .column("note", Table.Align.LEFT);
    for (int i = 0; i < history.size(); i++) {
      GcRunRecord r = history.get(i);
      ObjectNode st = succeededStatus(r);
      long start = r.run().startEpochSeconds();
      String duration =
          r.durationMillis() >= 0
              ? HumanDuration.format(Duration.ofMillis(r.durationMillis()))
              : r.finishEpochSeconds() == 0 || r.finishEpochSeconds() < start
                  ? null
                  : HumanDuration.format(Duration.ofSeconds(r.finishEpochSeconds() - start));
      t.row(
          r.runId(),
          BackupDir.formatTime(Math.max(1, start)),
          outcomes.get(i) + (r.run().options().dryRun() ? " (dry)" : ""),
          r.phase().name().toLowerCase(Locale.ROOT),
          st == null ? null : HumanBytes.format(st.path("removed-bytes").asLong()),
          duration,
          st == null && !r.status().isEmpty() ? ErrorReporter.oneLine(r.status()) : "");
    }
    t.print(w);
  }
}
