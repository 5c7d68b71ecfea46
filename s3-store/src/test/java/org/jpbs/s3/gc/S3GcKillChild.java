package org.jpbs.s3.gc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcListener;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.s3.S3Datastore;

/**
 * Child JVM of {@link S3GcKillIT}: runs a GC on the S3 datastore cached at {@code args[0]} (cutoff
 * {@code args[4]} seconds, delete batches of 100 keys) and sends itself SIGKILL at the {@code
 * args[2]}-th occurrence of sweep step {@code args[1]}: at once ({@code args[3]} = -1, the step
 * never returns), or {@code args[3]} ms later while the sweep goes on (inside the DeleteObjects).
 */
public final class S3GcKillChild {
  private S3GcKillChild() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    S3SweepProbe.Step step = S3SweepProbe.Step.valueOf(args[1]);
    int occurrence = Integer.parseInt(args[2]);
    long delay = Long.parseLong(args[3]);
    Duration cutoff = Duration.ofSeconds(Long.parseLong(args[4]));
    AtomicInteger seen = new AtomicInteger();
    S3SweepProbe killer =
        s -> {
          if (s == step && seen.incrementAndGet() == occurrence) {
            if (delay < 0) {
              killSelf();
              sleepForever();
            }
            Thread t =
                new Thread(
                    () -> {
                      pause(delay);
                      killSelf();
                    });
            t.setDaemon(true);
            t.start();
          }
        };
    try (S3Datastore ds =
            S3Datastore.open(
                base,
                Map.copyOf(System.getenv()),
                ChunkStoreOptions.defaults(InstantSource.system()));
        GcStateStore state =
            GcStateStore.open(GcStateStore.defaultDir(base), InstantSource.system())) {
      S3GarbageCollection.Result r =
          S3GarbageCollection.run(
              new GcEnvironment(ds.datastore(), ds.cache(), state, InstantSource.system()),
              ds.client(),
              ds.chunks(),
              S3GcStore.options(cutoff),
              GcListener.NONE,
              S3GarbageCollection.Settings.defaults().withProbe(killer).withBatchKeys(100));
      System.out.println("DONE removed=" + r.report().sweep().removedChunks());
    }
  }

  private static void killSelf() {
    try {
      new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid()))
          .inheritIO()
          .start()
          .waitFor();
    } catch (Exception e) {
      Runtime.getRuntime().halt(137);
    }
  }

  private static void sleepForever() {
    pause(600_000);
    Runtime.getRuntime().halt(1); // never reached: the kill came first
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
