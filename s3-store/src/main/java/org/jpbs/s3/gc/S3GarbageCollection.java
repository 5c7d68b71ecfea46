package org.jpbs.s3.gc;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.gc.GarbageCollector;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcListener;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.GcReport;
import org.jpbs.gc.GcSafetyException;
import org.jpbs.gc.MarkPhaseHooks;
import org.jpbs.s3.S3ChunkBackend;
import org.jpbs.s3.S3Statistics;
import org.jpbs.s3.S3StoreClient;

/**
 * Garbage collection of an S3 datastore (issue 16/17, pbs-s3.md §5): the GC of {@code gc-engine}
 * with phase 1 in set mode over the local cache's index files (no request per chunk) and phase 2
 * through an {@link S3ChunkSweeper}. Before the atime check a real run inserts the zero chunk
 * through the S3 backend (PBS PUTs it no-replace), so the check never leaves a cache file without
 * its object. See the package documentation for the safety argument.
 */
public final class S3GarbageCollection {
  private S3GarbageCollection() {}

  /**
   * Test seams and the skew bound.
   *
   * @param maxSkew the largest tolerated store/host clock skew ({@link
   *     StoreClock#DEFAULT_MAX_SKEW})
   * @param probe observer of the sweep's steps
   * @param hooks phase-1 hooks
   * @param sleeper the atime check's pause
   * @param batchKeys keys per DeleteObjects request (1,000; tests use fewer)
   */
  public record Settings(
      Duration maxSkew,
      S3SweepProbe probe,
      MarkPhaseHooks hooks,
      AtimeCheck.Sleeper sleeper,
      int batchKeys) {
    public static Settings defaults() {
      return new Settings(
          StoreClock.DEFAULT_MAX_SKEW,
          S3SweepProbe.NONE,
          MarkPhaseHooks.NONE,
          AtimeCheck.Sleeper.SYSTEM,
          S3StoreClient.PAGE_KEYS);
    }

    public Settings withBatchKeys(int batchKeys) {
      return new Settings(maxSkew, probe, hooks, sleeper, batchKeys);
    }

    public Settings withMaxSkew(Duration maxSkew) {
      return new Settings(maxSkew, probe, hooks, sleeper, batchKeys);
    }

    public Settings withProbe(S3SweepProbe probe) {
      return new Settings(maxSkew, probe, hooks, sleeper, batchKeys);
    }

    public Settings withHooks(MarkPhaseHooks hooks) {
      return new Settings(maxSkew, probe, hooks, sleeper, batchKeys);
    }

    public Settings withSleeper(AtimeCheck.Sleeper sleeper) {
      return new Settings(maxSkew, probe, hooks, sleeper, batchKeys);
    }
  }

  /**
   * The outcome: the GC's report, the sweep's own numbers and the requests of the whole run by
   * type.
   */
  public record Result(GcReport report, S3SweepStats sweep, S3GcRequests requests) {}

  /**
   * Runs one GC. {@code env}'s chunk store is the datastore's local cache; {@code client} and
   * {@code chunks} are the datastore's.
   *
   * @throws GcSafetyException if {@code options} do not mark in a set, or the clocks disagree
   */
  public static Result run(
      GcEnvironment env,
      S3StoreClient client,
      S3ChunkBackend chunks,
      GcOptions options,
      GcListener listener,
      Settings settings)
      throws IOException, InterruptedException {
    Objects.requireNonNull(settings, "settings");
    if (options.markMode() != GcOptions.MarkMode.SET) {
      throw new GcSafetyException(
          "GC on an S3 datastore marks in a set only (mark mode 'set'): the atime of the local"
              + " cache cannot mark objects in the bucket");
    }
    S3Statistics before = client.counters().snapshot();
    if (!options.dryRun() && options.atimeSafetyCheck()) {
      ZeroChunkUpload.ensure(chunks);
    }
    S3ChunkSweeper sweeper =
        new S3ChunkSweeper(
            client,
            env.chunkStore(),
            env.clock(),
            settings.maxSkew(),
            settings.probe(),
            settings.batchKeys());
    GcReport report =
        GarbageCollector.run(env, options, listener, settings.hooks(), settings.sleeper(), sweeper);
    S3Statistics used = client.counters().snapshot().minus(before);
    return new Result(report, sweeper.stats(), S3GcRequests.of(used, sweeper.stats()));
  }
}
