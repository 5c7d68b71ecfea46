package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.LockHolders;
import org.jpbs.chunkstore.SharedStoreGuard;
import org.jpbs.chunkstore.StoreLock;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;
import org.jpbs.datastore.Upid;
import org.jpbs.format.GcStatus;
import org.jpbs.gc.state.GcLock;
import org.jpbs.gc.state.GcLockUnavailableException;
import org.jpbs.gc.state.GcOutcome;
import org.jpbs.gc.state.GcPhase;
import org.jpbs.gc.state.GcRun;
import org.jpbs.gc.state.GcRunOptions;
import org.jpbs.gc.state.GcRunRecord;
import org.jpbs.gc.state.GcStateException;
import org.jpbs.gc.state.GcStateStore;

/**
 * Runs PBS garbage collection on one datastore (spec §4): preconditions, cutoff, phase 1 (mark),
 * phase 2 (sweep), status. See the package documentation for the safety argument.
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

  /** Set by {@link #beginOrResume}: whether this run continues an interrupted one. */
  private boolean resumedRun;

  /** Set by {@link #beginOrResume}: the oldest live writer's start, or phase 1's start. */
  private long oldestWriter;

  private GarbageCollector(
      GcEnvironment env,
      GcOptions options,
      GcListener listener,
      MarkPhaseHooks hooks,
      AtimeCheck.Sleeper sleeper) {
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

  /** Runs one GC with test hooks in phase 1 and an injectable sleeper for the atime check. */
  public static GcReport run(
      GcEnvironment env,
      GcOptions options,
      GcListener listener,
      MarkPhaseHooks hooks,
      AtimeCheck.Sleeper sleeper)
      throws IOException, InterruptedException {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(options, "options");
    return new GarbageCollector(
            env,
            options,
            Objects.requireNonNull(listener, "listener"),
            Objects.requireNonNull(hooks, "hooks"),
            Objects.requireNonNull(sleeper, "sleeper"))
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
    // on a full filesystem this frees the room the lock and the run records need
    state.releaseReserve();
    // read-only state (a dry run on a read-only mount): no lock, no guard (see package-info)
    try (GcLock gcLock = recorded ? acquireGcLock(state) : null;
        SharedStoreGuard storeGuard = recorded ? env.chunkStore().acquireShared() : null) {
      refuseUnknownLockHolders(state);
      if (options.atimeSafetyCheck() && !options.dryRun()) {
        runAtimeCheck();
      }
      GcRun run = beginOrResume(state);
      boolean resumed = resumedRun;
      try {
        GcReport report = markAndSweep(state, run, resumed);
        if (recorded) {
          state.finishRun(
              run.runId(),
              GcOutcome.SUCCEEDED,
              new String(report.status().toJson(), java.nio.charset.StandardCharsets.UTF_8),
              (System.nanoTime() - started) / 1_000_000);
        }
        return report;
      } catch (InterruptedException e) {
        // Left running on purpose: once this process has exited, the next GC resumes it.
        throw e;
      } catch (IOException | RuntimeException e) {
        if (listener.cancelRequested() || !recorded) {
          throw e; // cancelled: resumable as above
        }
        finishQuietly(state, run, GcOutcome.FAILED, e, (System.nanoTime() - started) / 1_000_000);
        throw e;
      }
    } finally {
      state.restoreReserve(); // best effort, after the sweep freed space
    }
  }

  private GcRun beginOrResume(GcStateStore state) throws IOException {
    long now = nowEpoch();
    long oldest = state.oldestActiveWriterEpoch().orElse(now);
    Optional<GcRunRecord> unfinished = state.unfinishedRun();
    if (unfinished.isPresent()) {
      GcRunRecord old = unfinished.get();
      boolean resumable =
          options.resume()
              && !options.dryRun()
              && !old.run().options().dryRun()
              && (old.phase() == GcPhase.MARK || old.phase() == GcPhase.SWEEP)
              && !state.self().bootId().isEmpty()
              && old.run().owner().bootId().equals(state.self().bootId());
      if (resumable) {
        GcRun adopted = state.adoptRun(old.run().runId());
        resumedRun = true;
        oldestWriter = Math.min(oldest, adopted.phase1StartEpochSeconds());
        listener.info(
            "Resuming interrupted garbage collection run "
                + adopted.runId()
                + " with its original minimum access time "
                + adopted.minAtime());
        return adopted;
      }
      if (!options.dryRun()) { // a dry run leaves it for the next real run to resume
        state.finishRun(old.run().runId(), GcOutcome.ABANDONED, "superseded by a new run");
      }
    }
    // file times come from the kernel's coarse clock, which can lag the wall clock
    long phase1Start = Math.min(now, env.fileClock().instant().getEpochSecond());
    oldestWriter = Math.min(oldest, phase1Start);
    long minAtime = SweepCutoff.minAtime(phase1Start, oldestWriter, options.cutoff());
    listener.info(
        "Using access time cutoff "
            + SweepCutoff.format(options.cutoff())
            + ", minimum access time is "
            + minAtime);
    if (oldestWriter < phase1Start) {
      listener.info(
          "Oldest backup writer started at "
              + oldestWriter
              + ", minimum access time is "
              + minAtime);
    }
    GcRunOptions runOptions =
        new GcRunOptions(options.threads(), options.cacheCapacity(), options.dryRun());
    if (state.readOnly()) { // a dry run on a read-only state: run id 0, recorded nowhere
      return new GcRun(
          0, now, phase1Start, minAtime, options.cutoff().toSeconds(), runOptions, state.self());
    }
    return state.beginRun(phase1Start, minAtime, options.cutoff().toSeconds(), runOptions);
  }

  private GcReport markAndSweep(GcStateStore state, GcRun run, boolean resumed)
      throws IOException, InterruptedException {
    ChunkStore store = env.chunkStore();
    long minAtime = run.minAtime();
    long markStart = System.nanoTime();
    MarkResult mark;
    DryRunMarker dry = null;
    boolean skipMark =
        resumed && state.run(run.runId()).map(r -> r.phase() == GcPhase.SWEEP).orElse(false);
    if (skipMark) {
      mark =
          state
              .markTotals(run.runId())
              .map(GarbageCollector::markResult)
              .orElse(new MarkResult(0, 0, 0, 0, 0, 0, 0, 0));
      listener.info("Marking finished before the interruption; sweeping again");
    } else {
      updatePhase(state, run, GcPhase.MARK);
      if (!options.dryRun()) {
        state.markPhaseBegin(run.runId(), minAtime, run.phase1StartEpochSeconds());
      }
      listener.info("Start GC phase1 (mark used chunks)");
      ChunkMarker chunkMarker;
      MarkCheckpointer checkpointer;
      if (options.dryRun()) {
        dry = DryRunMarker.create(store, listener);
        chunkMarker = dry;
        checkpointer = MarkCheckpointer.NONE;
      } else {
        chunkMarker = new TouchingMarker(store, listener);
        checkpointer = new LmdbCheckpointer(state, run.runId(), env.datastore().base(), resumed);
      }
      ChunkMarker touch = chunkMarker;
      IndexMarking.Factory markers =
          switch (options.markOrder()) {
            case DIRECTORY ->
                (checkpoint, done) ->
                    new DirectoryOrderMarker(
                        touch,
                        checkpoint,
                        done,
                        listener,
                        options.cacheCapacity(),
                        options.threads(),
                        options.markBatchEntries());
            case INDEX ->
                (checkpoint, done) ->
                    new IndexMarker(
                        touch,
                        checkpoint,
                        done,
                        options.cacheCapacity(),
                        options.threads(),
                        listener);
          };
      try {
        mark =
            new MarkPhase(
                    env.datastore(),
                    markers,
                    checkpointer,
                    listener,
                    hooks,
                    options.seedRaceRetry())
                .run(chunkMarker);
      } catch (IOException | RuntimeException | InterruptedException e) {
        if (dry != null) {
          dry.close();
        }
        throw e;
      } finally {
        if (!options.dryRun()) {
          state.markPhaseEnd(run.runId());
        }
      }
    }
    long markMillis = (System.nanoTime() - markStart) / 1_000_000;

    if (!skipMark && !options.dryRun()) {
      state.saveMarkTotals(run.runId(), counters(mark)); // a resumed sweep reports the whole run
    }
    updatePhase(state, run, GcPhase.SWEEP);
    listener.info("Start GC phase2 (sweep unused chunks)");
    listener.phaseStarted(GcListener.Phase.SWEEP, SweepRequest.DIRECTORIES);
    long sweepStart = System.nanoTime();
    SweepRequest request =
        SweepRequest.of(minAtime, oldestWriter)
            .withThreads(options.threads())
            .withDryRun(options.dryRun())
            .withAbortCheck(listener::cancelRequested);
    boolean recorded = !options.dryRun() && !state.readOnly();
    SweepReport sweep;
    try {
      if (dry != null) {
        request = request.withReferenced(dry.seal());
      }
      sweep =
          new SweepPhase(store, listener, recorded ? state : null, run.runId())
              .run(request, resumed);
    } finally {
      if (dry != null) {
        dry.close();
      }
    }
    long sweepMillis = (System.nanoTime() - sweepStart) / 1_000_000;

    GcStatus status =
        new GcStatus(
            gcUpid(env.datastore().base(), run),
            mark.indexFileCount(),
            mark.indexDataBytes(),
            sweep.diskBytes(),
            sweep.diskChunks(),
            sweep.removedBytes(),
            sweep.removedChunks(),
            sweep.pendingBytes(),
            sweep.pendingChunks(),
            sweep.removedBad(),
            sweep.stillBad(),
            new GcStatus.CacheStats(mark.cacheHits(), mark.cacheMisses()));
    GcSummary.log(status, listener);
    if (!options.dryRun()) {
      try {
        status.store(env.datastore().base().resolve(GcStatus.FILE_NAME), false);
      } catch (IOException e) {
        listener.warning(
            "could not write " + GcStatus.FILE_NAME + ": " + e.getMessage()); // PBS ignores
      }
    }
    listener.phaseStarted(GcListener.Phase.DONE, -1);
    return new GcReport(
        run.runId(),
        resumed,
        options.dryRun(),
        run.phase1StartEpochSeconds(),
        oldestWriter,
        minAtime,
        mark,
        sweep,
        status,
        markMillis,
        sweepMillis);
  }

  private GcLock acquireGcLock(GcStateStore state) throws IOException {
    try {
      return state.tryAcquireGcLock();
    } catch (GcLockUnavailableException e) {
      throw new GcSafetyException(
          "Start GC failed - (already running/locked): " + e.getMessage(), e);
    }
    // any other failure (e.g. ENOSPC writing the holder's pid) is an I/O error (GcStateException),
    // not "already running" and not a safety refusal
  }

  private static void updatePhase(GcStateStore state, GcRun run, GcPhase phase) throws IOException {
    if (!state.readOnly()) {
      state.updatePhase(run.runId(), phase);
    }
  }

  private static long[] counters(MarkResult m) {
    return new long[] {
      m.indexFileCount(), m.indexDataBytes(), m.cacheHits(), m.cacheMisses(),
      m.missingChunks(), m.unexpectedIndexFiles(), m.skippedByCheckpoint(), m.retries()
    };
  }

  private static MarkResult markResult(long[] c) {
    return c.length != 8
        ? new MarkResult(0, 0, 0, 0, 0, 0, 0, 0)
        : new MarkResult(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
  }

  /** PBS would take `.lock` exclusively; jpbs instead refuses any holder it cannot account for. */
  private void refuseUnknownLockHolders(GcStateStore state) throws IOException {
    Path lockFile = env.chunkStore().base().resolve(StoreLock.FILE_NAME);
    if (!LockHolders.supported()) {
      throw new GcSafetyException(
          "cannot list the holders of " + lockFile + " on this platform; refusing to run GC");
    }
    long self = ProcessHandle.current().pid();
    List<LockHolders.Holder> holders = LockHolders.of(lockFile);
    for (LockHolders.Holder h : holders) {
      if (h.pid() == self || h.pid() <= 0) {
        continue;
      }
      if (!state.isRegisteredLiveProcess(h.pid())) {
        throw new GcSafetyException(
            "process "
                + h.pid()
                + " holds "
                + lockFile
                + " ("
                + h.mode()
                + ") but is not a registered jpbs writer (a PBS daemon?); its writers are invisible"
                + " to this GC, so it refuses to run. Stop that process or wait for it to finish.");
      }
    }
  }

  private void runAtimeCheck() throws IOException, InterruptedException {
    Path dir = env.chunkStore().chunkPath(AtimeCheck.ZERO_CHUNK_DIGEST).getParent();
    if (!Files.isDirectory(dir)) {
      throw new MissingChunkDirectoryException(dir, null); // not "cannot write <temp file>"
    }
    try {
      AtimeCheck.run(env.chunkStore(), atimeCheckSleeper);
    } catch (AtimeCheck.FailedException e) {
      throw new GcSafetyException("atime safety check failed: " + e.getMessage(), e);
    }
  }

  private void finishQuietly(
      GcStateStore state, GcRun run, GcOutcome outcome, Exception cause, long millis) {
    try {
      state.finishRun(run.runId(), outcome, String.valueOf(cause.getMessage()), millis);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private long nowEpoch() {
    return env.clock().instant().getEpochSecond();
  }

  /** The PBS task id of this GC run; the worker id is the datastore's name, as in PBS. */
  private static String gcUpid(Path datastoreBase, GcRun run) {
    Path name = datastoreBase.toAbsolutePath().getFileName();
    return Upid.format(
        Upid.nodeName(),
        run.owner().pid(),
        run.owner().startTicks(),
        run.runId(),
        run.startEpochSeconds(),
        "garbage_collection",
        name == null ? "store" : name.toString(),
        "root@pam");
  }
}
