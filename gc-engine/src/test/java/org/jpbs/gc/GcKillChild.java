package org.jpbs.gc;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.Datastore;
import org.jpbs.gc.state.GcStateStore;

/**
 * Child JVM for {@link GcResumeIT} and {@link MarkKillResume}: runs a GC whose phase 1 is slowed
 * down (a pause before every index file) and prints {@code MARKING} once marking began, so the
 * parent can kill it mid-mark.
 */
public final class GcKillChild {
  private GcKillChild() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    long pauseMillis = Long.parseLong(args[1]);
    boolean slowSweep = args.length > 2 && args[2].equals("sweep");
    GcOptions.MarkMode markMode =
        args.length > 3 ? GcOptions.MarkMode.valueOf(args[3]) : GcOptions.MarkMode.ATIME;
    try (ChunkStore store =
            ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()));
        GcStateStore state =
            GcStateStore.open(GcStateStore.defaultDir(base), InstantSource.system())) {
      Datastore ds = Datastore.open(base);
      AtomicBoolean announced = new AtomicBoolean();
      GcListener sweepAnnouncer =
          new GcListener() {
            @Override
            public void phaseStarted(Phase phase, long total) {
              if (phase == Phase.SWEEP) {
                System.out.println("SWEEPING");
                System.out.flush();
              }
            }

            @Override
            public void progress(Phase phase, long done, long total) {
              if (phase == Phase.SWEEP) {
                if (done > total / SweepPhase.SLICES && announced.compareAndSet(false, true)) {
                  System.out.println("SECOND_SLICE"); // the first slice's progress is recorded
                  System.out.flush();
                }
                pause(pauseMillis);
              }
            }
          };
      MarkPhaseHooks slow =
          new MarkPhaseHooks() {
            @Override
            public void beforeIndexOpen(Path indexFile) {
              if (slowSweep) {
                return;
              }
              if (announced.compareAndSet(false, true)) {
                System.out.println("MARKING");
                System.out.flush();
              }
              pause(pauseMillis);
            }
          };
      GcReport r =
          GarbageCollector.run(
              new GcEnvironment(ds, store, state, InstantSource.system()),
              GcOptions.defaults()
                  .withAtimeSafetyCheck(false)
                  .withMarkMode(markMode)
                  .withMarkBatchEntries(24), // checkpoint often
              slowSweep ? sweepAnnouncer : GcListener.NONE,
              slow,
              d -> {});
      System.out.println("DONE removed=" + r.sweep().removedChunks());
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
