package org.jpbs.gc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.backup.BackupRejectedException;
import org.jpbs.datastore.prune.KeepOptions;
import org.jpbs.datastore.prune.PruneReport;
import org.jpbs.datastore.prune.Pruner;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.datastore.verify.VerifyReport;
import org.jpbs.gc.MarkPhaseBarrier;
import org.jpbs.gc.state.GcStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random points of backup, prune, forget, verify and GC (a child JVM looping over one
 * operation, killed 0–600 ms — a GC 0–2.5 s — after its first operation started). After every kill,
 * with nothing running: every file under a final name is complete, every referenced chunk exists,
 * every finished snapshot restores byte-identically; then the same operation, run here, succeeds
 * (the dead process's locks are gone; an interrupted GC resumes) and the store is audited again.
 *
 * <p>{@code -Djpbs.crash.points=N} (default 3; 32 in the reliability profile) is the total over the
 * {@value #SLICES} concrete classes {@code Crash1IT} to {@code Crash4IT}: each runs its share on a
 * store of its own, so the slices run in parallel test forks instead of one long class deciding
 * when a module's tests end. {@code -Dit.test=CrashNIT -Djpbs.crash.seed=S} replays one slice.
 */
abstract class CrashPoints {
  static final int SLICES = 4;
  private static final int GROUPS = 3;

  @TempDir Path tmp;

  /** This class's slice, 1 to {@value #SLICES}. */
  abstract int slice();

  @Test
  void killAtRandomPoints_thenAudit_nothingLostAndNextOperationSucceeds() throws Exception {
    long seed = Long.getLong("jpbs.crash.seed", System.nanoTime());
    int total = Integer.getInteger("jpbs.crash.points", 3);
    int points = (total + SLICES - slice()) / SLICES;
    String replay = "-Dit.test=" + getClass().getSimpleName() + " -Djpbs.crash.seed=" + seed;
    System.out.printf(
        "crash seed=%d slice=%d points=%d of %d (replay: %s)%n",
        seed, slice(), points, total, replay);
    Random random = new Random(seed);
    Path base = tmp.resolve("store");
    Map<String, Integer> figures = new TreeMap<>();
    try (ChunkStore store =
            ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system()));
        GcStateStore state =
            GcStateStore.open(GcStateStore.defaultDir(base), InstantSource.system())) {
      Datastore datastore = Datastore.open(base);
      datastore.addRemovalListener(new MarkPhaseBarrier(state, store));
      for (int g = 0; g < GROUPS; g++) {
        for (int i = 0; i < 2; i++) {
          backupUntilDone(TortureWorker.group(datastore, g), random, store, state);
        }
      }
      for (int point = 0; point < points; point++) {
        StoreAudit.ageChunks(base);
        char op = "bbpfvgg".charAt(random.nextInt(7));
        // a GC runs longer (it lists 65,536 chunk directories): kill it anywhere in 2.5 s
        long delay = random.nextInt(op == 'g' ? 2500 : 600);
        // removals alternate with backups in the child, so the store never runs empty
        String mix = op == 'p' || op == 'f' ? "b" + op : String.valueOf(op);
        Path out = tmp.resolve("point" + point + ".out");
        Process child =
            Children.start(
                out,
                TortureWorker.class,
                base.toString(),
                Long.toString(random.nextLong()),
                "-1",
                Integer.toString(GROUPS),
                mix);
        awaitStart(child, out, seed, point);
        Thread.sleep(delay);
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, Integer> childCounts = Children.newCounts();
        assertThat(Children.tally(out, childCounts))
            .as("seed %d point %d: child failures", seed, point)
            .isEmpty();
        figures.merge(op + " kills", 1, Integer::sum);

        StoreAudit.Result afterKill = StoreAudit.run(base, store, datastore);
        assertThat(afterKill.problems())
            .as("seed %d point %d (%c, %d ms): after kill -9", seed, point, op, delay)
            .isEmpty();
        figures.merge("temp files left by kills", afterKill.tempFiles(), Math::max);

        String next = nextOperation(op, datastore, store, state, random);
        if (next.contains("resumed=true")) {
          figures.merge("g resumed after kill", 1, Integer::sum);
        }
        StoreAudit.Result afterNext = StoreAudit.run(base, store, datastore, false);
        assertThat(afterNext.problems())
            .as("seed %d point %d (%c): after the next operation %s", seed, point, op, next)
            .isEmpty();
        System.out.printf(
            "crash seed=%d point=%d op=%c delay=%dms completed-before-kill=%d next=[%s] audit=%s%n",
            seed,
            point,
            op,
            delay,
            childCounts.values().stream().mapToInt(Integer::intValue).sum(),
            next,
            afterNext);
      }
      // the last word: a GC after everything removes no referenced chunk, and all restores work
      backupUntilDone(TortureWorker.group(datastore, 0), random, store, state);
      StoreAudit.ageChunks(base);
      String gc = TortureWorker.gc(datastore, store, state);
      StoreAudit.Result last = StoreAudit.run(base, store, datastore);
      System.out.printf(
          "crash seed=%d final gc [%s] audit=%s figures=%s%n", seed, gc, last, figures);
      assertThat(last.problems()).as("seed %d: final audit", seed).isEmpty();
      assertThat(last.finishedSnapshots()).isPositive();
    }
  }

  /** The same kind of operation in this process: it must succeed now that the child is dead. */
  private static String nextOperation(
      char op, Datastore datastore, ChunkStore store, GcStateStore state, Random random)
      throws Exception {
    BackupGroup g = TortureWorker.group(datastore, random.nextInt(GROUPS));
    switch (op) {
      case 'b':
        return "backup " + backupUntilDone(g, random, store, state);
      case 'p':
      case 'f':
        {
          if (!g.exists()) {
            return "no group";
          }
          PruneReport r =
              new Pruner(KeepOptions.none().withLast(2), ZoneOffset.UTC).prune(g, false);
          assertThat(r.succeeded()).as("prune after kill: %s", r.outcomes()).isTrue();
          return "prune removed=" + r.with(PruneReport.Status.REMOVED).size();
        }
      case 'v':
        {
          try (Verifier v =
              new Verifier(store, VerifyOptions.defaults(InstantSource.system()).withThreads(2))) {
            VerifyReport r = v.verifyStore(datastore);
            // a backup killed earlier leaves an unfinished snapshot (no manifest): verify reports
            // it
            // failed naming the manifest, as PBS does ("manifest load error"); finished ones must
            // pass
            for (var failed : r.failed()) {
              Path manifest =
                  failed.snapshot().fullPath().resolve(org.jpbs.format.BackupManifest.BLOB_NAME);
              assertThat(Files.exists(manifest)).as("verify after kill: %s", failed).isFalse();
              assertThat(String.join(" ", failed.messages())).contains(manifest.toString());
            }
            return "verify chunks=" + r.chunks();
          }
        }
      default:
        return "gc " + TortureWorker.gc(datastore, store, state);
    }
  }

  /** A backup that must succeed; only a clash with the second of an earlier snapshot is retried. */
  private static String backupUntilDone(
      BackupGroup g, Random random, ChunkStore store, GcStateStore state)
      throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return TortureWorker.backup(g, random, store, state);
      } catch (BackupRejectedException | java.nio.file.FileAlreadyExistsException e) {
        if (attempt == 3) {
          throw e;
        }
        Thread.sleep(1005 - System.currentTimeMillis() % 1000);
      }
    }
  }

  private static void awaitStart(Process child, Path out, long seed, int point) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(out) && Files.readString(out).contains("START")) {
        return;
      }
      assertThat(child.isAlive())
          .as(
              "seed %d point %d: child died before starting: %s",
              seed, point, Files.exists(out) ? Files.readString(out) : "")
          .isTrue();
      Thread.sleep(5);
    }
    throw new AssertionError("seed " + seed + " point " + point + ": child did not start");
  }
}
