package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.chunkstore.LockHolders;
import org.jpbs.chunkstore.StoreLock;
import org.jpbs.gc.state.GcLock;
import org.jpbs.gc.state.GcLockUnavailableException;
import org.jpbs.gc.state.GcOutcome;
import org.jpbs.gc.state.GcPhase;
import org.jpbs.gc.state.GcRun;
import org.jpbs.gc.state.GcRunOptions;
import org.jpbs.gc.state.GcRunRecord;
import org.jpbs.gc.state.GcStateStore;

/**
 * Before phase 1: the preconditions a GC needs (the GC lock, no unaccounted {@code .lock} holder,
 * the atime check) and the {@link GcPlan}: resume an interrupted run of this boot with its original
 * cutoff, or begin a new one with the cutoff of spec §4.2. GC state: the new or adopted run record
 * (an interrupted run that cannot be resumed is recorded as abandoned by a real run).
 */
final class PreparePhase {
  private final GcEnvironment env;
  private final GcOptions options;
  private final GcListener listener;
  private final AtimeCheck.Sleeper atimeCheckSleeper;

  PreparePhase(
      GcEnvironment env, GcOptions options, GcListener listener, AtimeCheck.Sleeper sleeper) {
    this.env = env;
    this.options = options;
    this.listener = listener;
    this.atimeCheckSleeper = sleeper;
  }

  /** The per-store GC lock; refuses to run if another GC holds it. */
  GcLock acquireGcLock(GcStateStore state) throws IOException {
    try {
      return state.tryAcquireGcLock();
    } catch (GcLockUnavailableException e) {
      throw new GcSafetyException(
          "Start GC failed - (already running/locked): " + e.getMessage(), e);
    }
    // any other failure (e.g. ENOSPC writing the holder's pid) is an I/O error (GcStateException),
    // not "already running" and not a safety refusal
  }

  private boolean marksInSet() {
    return options.markMode() == GcOptions.MarkMode.SET && !options.dryRun();
  }

  /** Refuses unaccounted {@code .lock} holders, then runs the atime check unless disabled. */
  void checkPreconditions(GcStateStore state) throws IOException, InterruptedException {
    refuseUnknownLockHolders(state);
    if (options.atimeSafetyCheck() && !options.dryRun()) {
      runAtimeCheck();
    }
  }

  /** Resumes the interrupted run of this boot if allowed, else begins (or plans) a new one. */
  GcPlan plan(GcStateStore state) throws IOException {
    long now = env.clock().instant().getEpochSecond();
    long oldest = state.oldestActiveWriterEpoch().orElse(now);
    Optional<GcRunRecord> unfinished = state.unfinishedRun();
    if (unfinished.isPresent()) {
      GcRunRecord old = unfinished.get();
      boolean resumable =
          options.resume()
              && !options.dryRun()
              && !old.run().options().dryRun()
              // a set-mode run resumes only a set-mode run: one that adopted an atime run and
              // was killed in its sweep would leave a record whose marks seem to persist
              && (!marksInSet() || old.run().options().marksInSet())
              && (old.phase() == GcPhase.MARK || old.phase() == GcPhase.SWEEP)
              && !state.self().bootId().isEmpty()
              && old.run().owner().bootId().equals(state.self().bootId());
      if (resumable) {
        GcRun adopted = state.adoptRun(old.run().runId());
        listener.info(
            "Resuming interrupted garbage collection run "
                + adopted.runId()
                + " with its original minimum access time "
                + adopted.minAtime());
        // marks in a killed process's set are gone: mark again whatever this run's mode
        boolean markDone =
            !adopted.options().marksInSet()
                && state.run(adopted.runId()).map(r -> r.phase() == GcPhase.SWEEP).orElse(false);
        return new GcPlan(
            adopted, true, Math.min(oldest, adopted.phase1StartEpochSeconds()), markDone);
      }
      if (!options.dryRun()) { // a dry run leaves it for the next real run to resume
        state.finishRun(old.run().runId(), GcOutcome.ABANDONED, "superseded by a new run");
      }
    }
    // file times come from the kernel's coarse clock, which can lag the wall clock
    long phase1Start = Math.min(now, env.fileClock().instant().getEpochSecond());
    long oldestWriter = Math.min(oldest, phase1Start);
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
        new GcRunOptions(
            options.threads(), options.cacheCapacity(), options.dryRun(), marksInSet());
    GcRun run =
        state.readOnly() // a dry run on a read-only state: run id 0, recorded nowhere
            ? new GcRun(
                0,
                now,
                phase1Start,
                minAtime,
                options.cutoff().toSeconds(),
                runOptions,
                state.self())
            : state.beginRun(phase1Start, minAtime, options.cutoff().toSeconds(), runOptions);
    return new GcPlan(run, false, oldestWriter, false);
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
}
