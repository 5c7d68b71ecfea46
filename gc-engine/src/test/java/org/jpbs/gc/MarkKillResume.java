package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 during phase 1, then resume in the same mark mode: the resumed run (original cutoff,
 * checkpoint) must remove exactly what an uninterrupted run would — every aged orphan — and nothing
 * referenced.
 *
 * <p>One concrete class per mark mode ({@link GcResumeAtimeMarkIT}, {@link GcResumeSetMarkIT}).
 */
@ExtendWith(Seeds.class)
abstract class MarkKillResume {
  static final int KILLS = 22;

  /**
   * Set mode: a resume marks everything again, so there is no checkpoint to exercise at many kill
   * points; fewer kills keep the test short.
   */
  static final int KILLS_SET_MODE = 12;

  static final long PAUSE_MILLIS = GcResumeIT.PAUSE_MILLIS;

  @TempDir Path tmp;

  /** The mark mode of the killed and of the resuming run. */
  abstract GcOptions.MarkMode mode();

  @Test
  void killDuringMark_thenResume_removesExactlyTheOrphans(Seeds.Seed testSeed) throws Exception {
    GcOptions.MarkMode mode = mode();
    long seed = testSeed.value();
    Random random = testSeed.random();
    int kills = mode == GcOptions.MarkMode.ATIME ? KILLS : KILLS_SET_MODE;
    int resumedRuns = 0;
    long skipped = 0;
    List<String> log = new ArrayList<>();
    try (GcTestStore t = GcTestStore.create(tmp)) {
      int indexes = 0;
      for (int g = 0; g < 8; g++) {
        BackupGroup group = t.group("g" + g);
        List<ChunkDigest> prev = t.chunks(10_000L * g, 12);
        for (int s = 0; s < 4; s++) {
          List<ChunkDigest> cur = new ArrayList<>(prev.subList(4, 12)); // 2/3 reuse
          cur.addAll(t.chunks(10_000L * g + 100L * (s + 1), 4));
          t.snapshot(group, 1_700_000_000L + 3600L * s, true, List.of(cur, prev));
          indexes += 2;
          prev = cur;
        }
      }
      Set<ChunkDigest> referenced = new TreeSet<>(t.referencedOnDisk());

      for (int run = 0; run < kills; run++) {
        // reset: every chunk aged again, fresh aged orphans
        for (ChunkDigest d : referenced) {
          t.age(d);
        }
        List<ChunkDigest> orphans = t.chunks(1_000_000L + 100L * run, 10);

        Process child = GcResumeIT.startChild(t.base, "mark", mode);
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("child output (seed %d, run %d)", seed, run).isEqualTo("MARKING");
        long killAfter = random.nextInt((int) (indexes * PAUSE_MILLIS));
        Thread.sleep(killAfter);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        GcReport r = t.gc(GcTestStore.testOptions().withMarkMode(mode));
        log.add(
            "run "
                + run
                + ": killed after "
                + killAfter
                + " ms, resumed="
                + r.resumed()
                + ", skipped="
                + r.mark().skippedByCheckpoint()
                + ", removed="
                + r.sweep().removedChunks());
        if (r.resumed()) {
          resumedRuns++;
          skipped += r.mark().skippedByCheckpoint();
        }
        Set<ChunkDigest> remaining = t.chunksOnDisk();
        assertThat(remaining)
            .as("seed %d run %d: orphans gone %s", seed, run, log)
            .doesNotContainAnyElementsOf(orphans);
        assertThat(remaining)
            .as("seed %d run %d: exactly the referenced chunks remain", seed, run)
            .isEqualTo(referenced);
        t.assertEveryReferencedChunkExists();
      }
    }
    assertThat(resumedRuns)
        .as("runs that resumed an interrupted mark phase (seed %d): %s", seed, log)
        .isGreaterThanOrEqualTo(kills - 2);
    if (mode == GcOptions.MarkMode.ATIME) {
      assertThat(skipped)
          .as("the checkpoint saved work in at least one resumed run: %s", log)
          .isPositive();
    } else {
      assertThat(skipped).as("a set-mode resume marks every index again: %s", log).isZero();
    }
  }
}
