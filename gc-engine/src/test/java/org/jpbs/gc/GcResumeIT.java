package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.ChildJvm;
import org.jpbs.testkit.Seeds;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kill -9 during phase 2, then resume (in the same or the other mark mode). The kill-during-mark
 * scenarios are {@link MarkKillResume}'s classes, one per mark mode, so that they run in parallel
 * test forks.
 */
@ExtendWith(Seeds.class)
class GcResumeIT {
  static final long PAUSE_MILLIS = 15;

  @TempDir Path tmp;

  static Stream<Arguments> killedAndResumingModes() {
    return Stream.of(GcOptions.MarkMode.values())
        .flatMap(k -> Stream.of(GcOptions.MarkMode.values()).map(r -> Arguments.of(k, r)));
  }

  /**
   * Killed in the sweep in one mark mode, resumed in another: only atime marks outlive the killed
   * process, so only an atime run resumed in atime mode skips marking; a set-mode GC does not adopt
   * an atime run (it starts a new one).
   */
  @ParameterizedTest
  @MethodSource("killedAndResumingModes")
  void killDuringSweep_thenResume_sweepsAgainWithOriginalCutoff(
      GcOptions.MarkMode killed, GcOptions.MarkMode resuming) throws Exception {
    boolean adopts = !(killed == GcOptions.MarkMode.ATIME && resuming == GcOptions.MarkMode.SET);
    boolean skipsMarking = killed == GcOptions.MarkMode.ATIME && adopts;
    try (GcTestStore t = GcTestStore.create(tmp)) {
      t.snapshot(t.group("s"), 1_700_000_000L, true, List.of(t.chunks(1, 30)));
      // orphans outside the second slice: the child is killed early in it, after the first slice's
      // progress was recorded, so every removal counts in the resumed run's totals exactly once
      List<ChunkDigest> orphans = new ArrayList<>();
      for (ChunkDigest d : t.chunks(1000, 60)) {
        int prefix = Integer.parseInt(d.toHex().substring(0, 4), 16);
        if (prefix / (65536 / SweepPhase.SLICES) == 1) {
          Files.delete(t.store.chunkPath(d));
        } else {
          orphans.add(d);
        }
      }
      long orphanBytes = 0;
      for (ChunkDigest d : orphans) {
        orphanBytes += Files.size(t.store.chunkPath(d));
      }
      Set<ChunkDigest> referenced = new TreeSet<>(t.referencedOnDisk());

      Process child = startChild(t.base, "sweep", killed);
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("SWEEPING");
      assertThat(out.readLine()).isEqualTo("SECOND_SLICE");
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long minAtimeOfKilledRun = t.state.history(1).get(0).run().minAtime();
      assertThat(t.state.isAlive(t.state.history(1).get(0).run().owner()))
          .as("the killed run's process is dead (gc status shows it as interrupted)")
          .isFalse();

      // a dry run in between leaves the interrupted run for the next real run to resume
      assertThat(t.gc(GcTestStore.testOptions().withMarkMode(resuming).withDryRun(true)).resumed())
          .isFalse();
      List<String> info = new java.util.concurrent.CopyOnWriteArrayList<>();
      GcListener l =
          new GcListener() {
            @Override
            public void info(String message) {
              info.add(message);
            }
          };
      GcReport r =
          GarbageCollector.run(
              t.env(),
              GcTestStore.testOptions().withMarkMode(resuming),
              l,
              MarkPhaseHooks.NONE,
              d -> {});

      assertThat(r.resumed()).isEqualTo(adopts);
      if (skipsMarking) {
        assertThat(info)
            .as("marking was complete: not repeated")
            .contains("Marking finished before the interruption; sweeping again");
      } else {
        assertThat(info)
            .as("the killed run's marks did not persist, or this is a new run: marked again")
            .doesNotContain("Marking finished before the interruption; sweeping again")
            .contains("Start GC phase1 (mark used chunks)");
      }
      assertThat(r.status().indexFileCount()).as("the whole run's mark totals").isEqualTo(1);
      assertThat(r.status().indexDataBytes()).isEqualTo(30 * 100);
      assertThat(r.status().diskChunks()).isEqualTo(30);
      if (adopts) {
        assertThat(info)
            .anyMatch(m -> m.startsWith("Continuing the sweep at chunk directory 4000"));
        assertThat(r.status().removedChunks())
            .as("removals before and after the kill")
            .isEqualTo(orphans.size());
        assertThat(r.status().removedBytes()).isEqualTo(orphanBytes);
        assertThat(r.minAtime()).isEqualTo(minAtimeOfKilledRun);
      } else {
        assertThat(r.status().removedChunks()).isLessThanOrEqualTo(orphans.size());
      }
      assertThat(t.chunksOnDisk()).doesNotContainAnyElementsOf(orphans).isEqualTo(referenced);
      t.assertEveryReferencedChunkExists();
    }
  }

  static Process startChild(Path base, String phase, GcOptions.MarkMode mode) throws IOException {
    // the child is killed: its extracted native libraries must land in the test's temp dir
    Path jvmTmp = Files.createDirectories(base.resolveSibling("jvm-tmp"));
    List<String> cmd =
        ChildJvm.command(
            List.of("-Djava.io.tmpdir=" + jvmTmp),
            GcKillChild.class.getName(),
            base.toString(),
            Long.toString(PAUSE_MILLIS),
            phase,
            mode.name());
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
