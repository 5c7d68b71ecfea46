package org.jpbs.gc;

import java.io.IOException;
import java.util.Objects;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.chunkstore.ReferencedChunks;
import org.jpbs.chunkstore.SharedStoreGuard;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.gc.state.GcLock;
import org.jpbs.gc.state.GcStateException;
import org.jpbs.gc.state.GcStateStore;

/**
 * Runs PBS garbage collection on one datastore (spec §4) as four phases: {@link PreparePhase}
 * (preconditions, cutoff, the {@link GcPlan}), {@link MarkPhase} (phase 1, through the run's {@link
 * MarkStrategy}), {@link SweepPhase} (phase 2, through a {@link ChunkSweeper}) and {@link
 * ReportPhase} (status). Each phase updates the GC state at its boundaries through the run's {@link
 * GcRunRecorder}. See the package documentation for the safety argument.
 *
 * <p>One instance per run; not reusable. Thread-safe only in the sense that {@link GcListener}
 * callbacks may arrive from worker threads.
 */
public final class GarbageCollector {
  private final GcEnvironment env;
  private final GcOptions options;
  private final GcListener listener;
  private final MarkPhaseHooks hooks;
  private final AtimeCheck.Sleeper atimeCheckSleeper;
  private final ChunkSweeper sweeper;

  private GarbageCollector(
      GcEnvironment env,
      GcOptions options,
      GcListener listener,
      MarkPhaseHooks hooks,
      AtimeCheck.Sleeper sleeper,
      ChunkSweeper sweeper) {
    this.sweeper = sweeper == null ? ChunkSweeper.of(env) : sweeper;
    this.env = env;
    this.options = options;
    this.listener = listener;
    this.hooks = hooks;
    this.atimeCheckSleeper = sleeper;
  }

  /** Runs one GC with the production hooks. */
  public static GcReport run(GcEnvironment env, GcOptions options, GcListener listener)
      throws IOException, InterruptedException {
    return run(env, options, listener, MarkPhaseHooks.NONE, AtimeCheck.Sleeper.SYSTEM);
  }

  /**
   * Runs one GC whose phase 2 sweeps through {@code sweeper} (a datastore whose chunks live outside
   * the local chunk store, e.g. on S3) instead of the local chunk directories.
   */
  public static GcReport run(
      GcEnvironment env, GcOptions options, GcListener listener, ChunkSweeper sweeper)
      throws IOException, InterruptedException {
    return run(env, options, listener, MarkPhaseHooks.NONE, AtimeCheck.Sleeper.SYSTEM, sweeper);
  }

  /** Runs one GC with test hooks in phase 1 and an injectable sleeper for the atime check. */
  public static GcReport run(
      GcEnvironment env,
      GcOptions options,
      GcListener listener,
      MarkPhaseHooks hooks,
      AtimeCheck.Sleeper sleeper)
      throws IOException, InterruptedException {
    return run(env, options, listener, hooks, sleeper, null);
  }

  /** As above, sweeping through {@code sweeper} (null: the local chunk store's). */
  public static GcReport run(
      GcEnvironment env,
      GcOptions options,
      GcListener listener,
      MarkPhaseHooks hooks,
      AtimeCheck.Sleeper sleeper,
      ChunkSweeper sweeper)
      throws IOException, InterruptedException {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(options, "options");
    return new GarbageCollector(
            env,
            options,
            Objects.requireNonNull(listener, "listener"),
            Objects.requireNonNull(hooks, "hooks"),
            Objects.requireNonNull(sleeper, "sleeper"),
            sweeper)
        .execute();
  }

  private GcReport execute() throws IOException, InterruptedException {
    long started = System.nanoTime();
    GcStateStore state = env.state();
    listener.phaseStarted(GcListener.Phase.PREPARE, -1);
    boolean recorded = !state.readOnly();
    if (!recorded && !options.dryRun()) {
      throw new GcStateException(
          state.dir(),
          "the GC state cannot be written (read-only filesystem?); only gc --dry-run can run");
    }
    PreparePhase prepare = new PreparePhase(env, options, listener, atimeCheckSleeper);
    // on a full filesystem this frees the room the lock and the run records need
    state.releaseReserve();
    // read-only state (a dry run on a read-only mount): no lock, no guard (see package-info)
    try (GcLock gcLock = recorded ? prepare.acquireGcLock(state) : null;
        SharedStoreGuard storeGuard = recorded ? env.chunkStore().acquireShared() : null) {
      prepare.checkPreconditions(state);
      GcPlan plan = prepare.plan(state);
      GcRunRecorder recorder = new GcRunRecorder(state, plan.runId(), options.dryRun());
      try {
        GcReport report = markSweepReport(plan, recorder);
        recorder.succeeded(report.statusJson(), millisSince(started));
        return report;
      } catch (InterruptedException e) {
        // Left running on purpose: once this process has exited, the next GC resumes it.
        throw e;
      } catch (IOException | RuntimeException e) {
        if (!listener.cancelRequested()) { // cancelled: resumable as above
          recorder.failed(e, millisSince(started));
        }
        throw e;
      }
    } finally {
      state.restoreReserve(); // best effort, after the sweep freed space
    }
  }

  /** Phases 1 and 2 and the status, with the marking mode and storage backend of this run. */
  private GcReport markSweepReport(GcPlan plan, GcRunRecorder recorder)
      throws IOException, InterruptedException {
    MarkResult mark;
    SweepReport sweep;
    long markMillis;
    long sweepMillis;
    try (MarkStrategy marking = MarkStrategy.forRun(options, env, plan, recorder, listener)) {
      long markStart = System.nanoTime();
      mark = new MarkPhase(env, options, listener, hooks, recorder).run(plan, marking);
      // completing the marks (the mark set's final sort, a dry run's flush) is phase 1's work
      ReferencedChunks referenced = marking.referencedForSweep();
      markMillis = millisSince(markStart);
      long sweepStart = System.nanoTime();
      sweep = new SweepPhase(sweeper, options, listener, recorder).run(plan, referenced);
      sweepMillis = millisSince(sweepStart);
      mark = marking.afterSweep(mark, listener);
    }
    return new ReportPhase(env, options, listener).run(plan, mark, sweep, markMillis, sweepMillis);
  }

  private static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }
}
