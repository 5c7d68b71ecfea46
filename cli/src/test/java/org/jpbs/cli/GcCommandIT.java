package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcLock;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gc, gc status and the Prometheus textfile in-process ({@link JpbsInProcess}); one run per command
 * through the real jar.
 *
 * <p>Creating a datastore (65,536 chunk directories) dominates the run time, so the tests whose GC
 * run removes nothing (dry run, refused runs, bad options) share one {@link #populate populated}
 * store ({@link #shared}); each compares the chunks on disk before and after its own run. Tests
 * that remove chunks or read the GC status/history get a fresh store.
 */
class GcCommandIT {
  @TempDir Path tmp;
  @TempDir static Path sharedDir;
  static TestDatastore shared;

  @BeforeAll
  static void createSharedStore() throws Exception {
    shared = TestDatastore.create(sharedDir);
    populate(shared);
  }

  @AfterAll
  static void closeSharedStore() {
    shared.close();
  }

  /** Two snapshots referencing 5 chunks, plus 3 unreferenced aged chunks. */
  private static Set<ChunkDigest> populate(TestDatastore s) throws Exception {
    List<ChunkDigest> used = s.chunks(1, 5);
    BackupGroup g = s.group("web");
    s.snapshot(g, DatastoreCommandsIT.T0, true, List.of(used.subList(0, 3)));
    s.snapshot(
        g, DatastoreCommandsIT.T0 + DatastoreCommandsIT.DAY, true, List.of(used.subList(2, 5)));
    return Set.copyOf(s.chunks(100, 3));
  }

  @Test
  void gc_json_removesGarbageOnly_writesStatusAndMetrics_invariantHolds() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      Set<ChunkDigest> garbage = populate(s);
      Path metrics = tmp.resolve("jpbs.prom");

      Result r =
          JpbsInProcess.run(
              "gc",
              s.base.toString(),
              "--no-atime-check",
              "--threads",
              "2",
              "--cutoff",
              "24h5m",
              "--metrics-file",
              metrics.toString(),
              "--json");
      JsonNode j = DatastoreCommandsIT.json(r);

      assertThat(j.get("removed-chunks").asLong()).isEqualTo(3);
      assertThat(j.get("removed-bytes").asLong()).isPositive();
      assertThat(j.get("disk-chunks").asLong()).isEqualTo(5);
      assertThat(j.get("index-file-count").asLong()).isEqualTo(2);
      assertThat(j.get("dry-run").asBoolean()).isFalse();
      assertThat(j.get("upid").asText()).startsWith("UPID:");
      assertThat(j.get("run-id").asLong()).isPositive();
      assertThat(j.has("min-atime")).isTrue();
      assertThat(j.get("datastore").asText()).isEqualTo(s.base.toString());
      assertThat(s.chunksOnDisk()).doesNotContainAnyElementsOf(garbage).hasSize(5);
      JsonNode file =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(s.base.resolve(".gc-status").toFile());
      assertThat(file.get("removed-chunks").asLong()).isEqualTo(3);
      String prom = Files.readString(metrics);
      assertThat(prom)
          .contains("jpbs_gc_removed_chunks{datastore=\"" + s.base + "\"} 3\n")
          .contains("# TYPE jpbs_gc_removed_bytes gauge")
          .containsPattern(
              "jpbs_gc_last_success_timestamp_seconds\\{datastore=\"[^\"]+\"} \\d{10}\n");
      try (var listing = Files.list(tmp)) {
        assertThat(listing.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.contains(".tmp-"));
      }
      s.assertEveryReferencedChunkExists();
    }
  }

  /**
   * The default (set mode), --mark-mode atime and --member-stat skip on stores built alike: same
   * counters; skip has disk-bytes null.
   */
  @Test
  void gc_markModes_sameCounters_invariantHolds() throws Exception {
    List<JsonNode> runs = new java.util.ArrayList<>();
    for (String mode : List.of("set", "atime", "skip")) {
      try (TestDatastore s = TestDatastore.create(tmp.resolve(mode))) {
        Set<ChunkDigest> garbage = populate(s);
        List<String> args =
            new java.util.ArrayList<>(
                List.of("gc", s.base.toString(), "--no-atime-check", "--no-progress", "--json"));
        if (mode.equals("atime")) {
          args.addAll(List.of("--mark-mode", "atime", "--threads", "1"));
        } else if (mode.equals("skip")) {
          args.addAll(List.of("--member-stat", "skip"));
        } else {
          args.addAll(List.of("--mark-memory", "64M"));
        }
        runs.add(DatastoreCommandsIT.json(JpbsInProcess.run(args.toArray(String[]::new))));
        assertThat(s.chunksOnDisk()).as(mode).doesNotContainAnyElementsOf(garbage).hasSize(5);
        s.assertEveryReferencedChunkExists();
      }
    }
    for (String field :
        List.of(
            "index-file-count",
            "index-data-bytes",
            "disk-chunks",
            "disk-bytes",
            "removed-chunks",
            "removed-bytes",
            "pending-chunks",
            "pending-bytes",
            "removed-bad",
            "still-bad")) {
      assertThat(runs.get(0).get(field)).as(field).isNotNull().isEqualTo(runs.get(1).get(field));
      if (!field.equals("disk-bytes")) {
        assertThat(runs.get(2).get(field)).as(field).isEqualTo(runs.get(0).get(field));
      }
    }
    assertThat(runs.get(0).get("removed-chunks").asLong()).isEqualTo(3);
    assertThat(runs.get(0).get("disk-bytes").asLong()).isPositive();
    assertThat(runs.get(2).get("disk-bytes").isNull()).as("skip: disk-bytes unknown").isTrue();
  }

  @Test
  void gc_memberStatSkip_naInText_statusFileNotWritten_historyHasNull() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      Set<ChunkDigest> garbage = populate(s);
      Path metrics = tmp.resolve("skip.prom");

      Result r =
          JpbsInProcess.run(
              "gc",
              s.base.toString(),
              "--no-atime-check",
              "--no-progress",
              "--member-stat",
              "skip",
              "--metrics-file",
              metrics.toString());
      Result status = JpbsInProcess.run("gc", "status", s.base.toString(), "--json");

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout())
          .contains("On-Disk usage: n/a")
          .contains("Deduplication factor: n/a")
          .contains("Average chunk size: n/a")
          .contains(".gc-status left as it was")
          .containsPattern("on disk +n/a \\(sizes not read\\) in 5 chunks\n")
          .containsPattern("removed +\\S+ B in 3 chunks");
      assertThat(Files.exists(s.base.resolve(".gc-status"))).isFalse();
      assertThat(Files.readString(metrics))
          .doesNotContain("jpbs_gc_disk_bytes")
          .contains("jpbs_gc_disk_chunks{datastore=\"" + s.base + "\"} 5\n");
      JsonNode run = DatastoreCommandsIT.json(status).get("history").get(0);
      assertThat(run.get("outcome").asText()).isEqualTo("succeeded");
      assertThat(run.get("gc-status").get("disk-bytes").isNull()).isTrue();
      assertThat(run.get("gc-status").get("removed-chunks").asLong()).isEqualTo(3);
      assertThat(s.chunksOnDisk()).doesNotContainAnyElementsOf(garbage).hasSize(5);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void gc_dryRun_reportsWouldBeRemoved_removesNothing() throws Exception {
    {
      TestDatastore s = shared;
      Set<ChunkDigest> before = s.chunksOnDisk();

      JsonNode j =
          DatastoreCommandsIT.json(
              JpbsInProcess.run("gc", s.base.toString(), "--dry-run", "--no-progress", "--json"));

      assertThat(j.get("dry-run").asBoolean()).isTrue();
      assertThat(j.get("removed-chunks").asLong()).isEqualTo(3);
      assertThat(s.chunksOnDisk()).isEqualTo(before);
      assertThat(s.base.resolve(".gc-status")).doesNotExist();
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void gc_human_oneChunk_singular() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      s.snapshot(s.group("web"), DatastoreCommandsIT.T0, true, List.of(List.of(s.chunk(1))));
      s.chunk(2); // unreferenced, aged

      Result r = JpbsInProcess.run("gc", s.base.toString(), "--no-atime-check", "--no-progress");
      Result status = JpbsJar.run("gc", "status", s.base.toString());

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout())
          .containsPattern("removed +\\S+ B in 1 chunk\n")
          .containsPattern("on disk +\\S+ B in 1 chunk\n")
          .containsPattern("pending +0 B in 0 chunks\n");
      assertThat(status.stdout()).containsPattern("removed +\\S+ B in 1 chunk\n");
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void gc_human_taskLogOnStdout_progressOnStderr_thenStatusHistory() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      populate(s);

      Result r = JpbsInProcess.run("gc", s.base.toString(), "--no-atime-check", "--progress=plain");
      Result status = JpbsInProcess.run("gc", "status", s.base.toString(), "--json");
      Result statusHuman = JpbsInProcess.run("gc", "status", s.base.toString());

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout())
          .contains("Using access time cutoff 24h5m, minimum access time is ")
          .doesNotContain("PT24H")
          .contains("Start GC phase1 (mark used chunks)")
          .contains("Removed chunks: 3")
          .containsPattern("removed +\\S+ B in 3 chunks");
      assertThat(r.stderr()).contains("mark: started (2 index files)").contains("sweep: done");
      JsonNode st = DatastoreCommandsIT.json(status);
      assertThat(st.get("status").get("removed-chunks").asLong()).isEqualTo(3);
      assertThat(st.get("history")).hasSize(1);
      JsonNode run = st.get("history").get(0);
      assertThat(run.get("outcome").asText()).isEqualTo("succeeded");
      assertThat(run.get("phase").asText()).isEqualTo("done");
      assertThat(run.get("gc-status").get("removed-chunks").asLong()).isEqualTo(3);
      assertThat(run.get("cutoff-seconds").asLong()).isEqualTo(86_700);
      assertThat(statusHuman.exitCode()).isZero();
      assertThat(statusHuman.stdout()).contains("succeeded").contains("removed");
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void gc_foreignProcessHoldsStoreLock_exit6_nothingRemoved() throws Exception {
    {
      TestDatastore s = shared;
      Set<ChunkDigest> before = s.chunksOnDisk();
      Result r;
      try (FileChannel ch =
              FileChannel.open(
                  s.base.resolve(".lock"), StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock lock = ch.lock(0, Long.MAX_VALUE, true)) {
        r = JpbsJar.run("gc", s.base.toString(), "--no-atime-check", "--no-progress");
      }

      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.GC_REFUSED);
      assertThat(r.stderr())
          .contains("not a registered jpbs writer")
          .contains("hint: nothing was touched");
      assertThat(s.chunksOnDisk()).isEqualTo(before);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void gc_anotherGcRunning_exit3() throws Exception {
    {
      TestDatastore s = shared;
      Set<ChunkDigest> before = s.chunksOnDisk();
      Result r;
      try (GcStateStore state =
              GcStateStore.open(GcStateStore.defaultDir(s.base), InstantSource.system());
          GcLock held = state.tryAcquireGcLock()) {
        r = JpbsJar.run("gc", s.base.toString(), "--no-atime-check", "--no-progress");
      }

      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.LOCK_CONTENTION);
      assertThat(r.stderrLines().get(0)).contains("GC already running");
      assertThat(s.chunksOnDisk()).isEqualTo(before);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void gc_badOptions_exit2() throws Exception {
    {
      TestDatastore s = shared;
      String base = s.base.toString();
      for (List<String> bad :
          List.of(
              List.of("--threads", "0"),
              List.of("--threads", "257"),
              List.of("--cutoff", "soon"),
              List.of("--cutoff", "3d"),
              List.of("--cache-capacity", "-1"),
              List.of("--mark-order", "sideways"),
              List.of("--mark-mode", "sideways"),
              List.of("--mark-memory", "1K"),
              List.of("--mark-memory", "lots"),
              List.of("--member-stat", "sometimes"))) {
        assertThat(JpbsInProcess.run("gc", base, bad.get(0), bad.get(1)).exitCode())
            .as("%s", bad)
            .isEqualTo(ExitCodes.USAGE);
      }
      assertThat(
              JpbsInProcess.run(
                      "gc", base, "--mark-mode", "atime", "--member-stat", "skip", "--no-progress")
                  .exitCode())
          .as("--member-stat skip needs set mode")
          .isEqualTo(ExitCodes.USAGE);
      assertThat(JpbsInProcess.run("gc").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
  }

  @Test
  void gcStatus_noGcYet_statusNull_historyEmpty() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      Result r = JpbsInProcess.run("gc", "status", s.base.toString(), "--json");
      JsonNode j = DatastoreCommandsIT.json(r);

      assertThat(j.get("status").isNull()).isTrue();
      assertThat(j.get("history")).isEmpty();
      assertThat(r.stderr()).contains("no .gc-status yet");
    }
  }
}
