package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.testkit.Mount;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees from {@code gc} and {@code gc status} (issue 13: items 2, 4, 8, 15, 22),
 * through the real jar.
 */
class GcOperatorIT {
  @TempDir Path tmp;

  /** One snapshot of 5 chunks, 3 unreferenced aged chunks. */
  private static Set<ChunkDigest> populate(TestDatastore s) throws Exception {
    BackupGroup g = s.group("web");
    s.snapshot(g, DatastoreCommandsIT.T0, true, List.of(s.chunks(1, 5)));
    return Set.copyOf(s.chunks(100, 3));
  }

  @Test
  void truncatedFidx_exit4_namesTheFile_hintsVerifyAndForget_nothingSwept() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      populate(s);
      BackupDir snap = s.snapshot(s.group("img"), DatastoreCommandsIT.T0, true, List.of());
      Path fidx = s.fixedIndex(snap, s.chunks(50, 4));
      try (var ch =
          java.nio.channels.FileChannel.open(fidx, java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() - 40);
      }
      Set<ChunkDigest> before = s.chunksOnDisk();

      Result r = JpbsInProcess.run("gc", s.base.toString(), "--no-atime-check", "--no-progress");

      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(r.stderrLines().get(0)).startsWith("jpbs: ").contains(fidx.toString());
      assertThat(r.stderr()).contains("hint: ").contains("jpbs verify").contains("jpbs forget");
      assertThat(s.chunksOnDisk()).isEqualTo(before);
      Files.delete(fidx);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void missingChunkDirectory_exit5_namesTheDirectory() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      populate(s);
      Path dir =
          s.base.resolve(".chunks").resolve(AtimeCheck.ZERO_CHUNK_DIGEST.toHex().substring(0, 4));
      Files.delete(dir);

      Result r = JpbsInProcess.run("gc", s.base.toString(), "--no-progress");

      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.IO_ERROR);
      assertThat(r.stderrLines().get(0))
          .contains(dir.toString())
          .contains("missing")
          .doesNotContain("tmp_");
      assertThat(r.stderr()).contains("hint: nothing was removed");
      Files.createDirectory(dir);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void gc_warningsHaveOnePrefix() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      populate(s);
      ChunkDigest missing = ChunkDigest.sha256(new byte[] {9});
      s.snapshot(s.group("m"), DatastoreCommandsIT.T0, true, List.of(List.of(missing)));

      Result set = JpbsInProcess.run("gc", s.base.toString(), "--no-atime-check", "--no-progress");
      Result atime =
          JpbsInProcess.run(
              "gc", s.base.toString(), "--no-atime-check", "--no-progress", "--mark-mode", "atime");

      assertThat(set.exitCode()).as(set.stderr()).isZero();
      assertThat(set.stderr())
          .as("the default set mode counts missing chunks in the sweep")
          .contains("jpbs: warning: unable to access 1 non-existent referenced chunk(s)")
          .doesNotContain("warning: warning:");
      assertThat(atime.exitCode()).as(atime.stderr()).isZero();
      assertThat(atime.stderr())
          .contains("jpbs: warning: unable to access non-existent chunk " + missing.toHex())
          .doesNotContain("warning: warning:");
    }
  }

  @Test
  void gcStatus_runOfAKilledProcess_isShownInterrupted() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      populate(s);
      Process child =
          new ProcessBuilder(
                  JpbsJar.javaBinary(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  GcRunChild.class.getName(),
                  GcStateStore.defaultDir(s.base).toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("BEGUN");
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      JsonNode st =
          DatastoreCommandsIT.json(JpbsInProcess.run("gc", "status", s.base.toString(), "--json"));
      Result human = JpbsInProcess.run("gc", "status", s.base.toString());

      assertThat(st.get("history").get(0).get("outcome").asText()).isEqualTo("interrupted");
      assertThat(human.stdout()).contains("interrupted").doesNotContain("running");
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void ctrlC_duringGc_exit130_saysWhatWasCancelledAndWhatRemains() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      Set<ChunkDigest> garbage = populate(s);
      Path lock = GcStateStore.defaultDir(s.base).resolve("gc.lock");
      Path err = tmp.resolve("gc.err");
      // with the atime check: it holds the GC lock and sleeps 1 s before phase 1
      List<String> cmd = new ArrayList<>(JpbsJar.DEFAULT_SIGINT);
      cmd.addAll(
          List.of(JpbsJar.javaBinary(), "-jar", JpbsJar.jar().toString(), "gc", s.base.toString()));
      cmd.add("--no-progress");
      Process gc =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile())
              .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(lock) && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertThat(lock).exists();
        new ProcessBuilder("kill", "-INT", Long.toString(gc.pid())).start().waitFor();
        assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        gc.destroyForcibly();
      }
      String stderr = Files.readString(err);

      assertThat(gc.exitValue()).as(stderr).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(stderr)
          .containsPattern("jpbs: gc cancelled (before|during) phase 1")
          .contains("nothing was removed")
          .contains("the next gc resumes with the original cutoff");
      assertThat(s.chunksOnDisk()).containsAll(garbage);
      JsonNode st =
          DatastoreCommandsIT.json(JpbsInProcess.run("gc", "status", s.base.toString(), "--json"));
      assertThat(st.get("history").get(0).get("outcome").asText()).isEqualTo("interrupted");
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void readOnlyBindMount_gcStatus_gcDryRun_pruneDryRun_work() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      Set<ChunkDigest> garbage = populate(s);
      s.snapshot(
          s.group("web"),
          DatastoreCommandsIT.T0 + DatastoreCommandsIT.DAY,
          true,
          List.of(s.chunks(1, 2)));
      assertThat(
              JpbsInProcess.run("gc", s.base.toString(), "--no-atime-check", "--cutoff", "1445")
                  .exitCode())
          .isZero();
      List<ChunkDigest> garbage2 = s.chunks(200, 2);
      Path ro = tmp.resolve("ro");
      try (Mount mount = Mount.readOnlyBind(s.base, ro)) {
        List<Result> results = new ArrayList<>();
        Result status = JpbsInProcess.run("gc", "status", ro.toString(), "--json");
        Result dry = JpbsInProcess.run("gc", ro.toString(), "--dry-run", "--no-progress", "--json");
        Result prune = JpbsInProcess.run("prune", ro.toString(), "--keep-last", "1", "--dry-run");
        results.add(status);
        results.add(dry);
        results.add(prune);

        assertThat(status.exitCode()).as(status.stderr()).isZero();
        JsonNode run = DatastoreCommandsIT.json(status).get("history").get(0);
        assertThat(run.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(run.get("duration").isNumber())
            .as("duration in seconds, ms resolution")
            .isTrue();
        assertThat(run.get("duration").asDouble()).isPositive();
        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        assertThat(DatastoreCommandsIT.json(dry).get("removed-chunks").asLong())
            .isEqualTo(garbage2.size());
        assertThat(prune.exitCode()).as(prune.stderr()).isZero();
        assertThat(prune.stdout()).contains("remove");
      }
      assertThat(s.chunksOnDisk()).doesNotContainAnyElementsOf(garbage).containsAll(garbage2);
      s.assertEveryReferencedChunkExists();
    }
  }
}
