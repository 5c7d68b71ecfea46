package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Cross-process GC state of one datastore, kept in LMDB: the writer registry, GC run records and
 * history, the mark-phase marker and the mark checkpoint, plus the per-store GC lock.
 *
 * <p>Thread-safe. Open one instance per state directory per process and share it: LMDB forbids
 * opening the same environment twice in one process (a second open would break its locks), so a
 * second {@code open} of the same directory in this JVM throws {@link IllegalStateException}. Every
 * method throws {@link AlreadyClosedException} after {@link #close()}; close is idempotent and
 * flushes the checkpoint buffer. Close {@link WriterLease}s before the store (a lease closed
 * afterwards throws {@link AlreadyClosedException}; its entry is purged once the process exits). A
 * {@link GcLock} is independent of the store and must be closed on its own. See the package
 * documentation for the data model.
 */
public final class GcStateStore implements AutoCloseable {
  /** The default state directory relative to the datastore base (hidden, so GC walks skip it). */
  public static final String DEFAULT_RELATIVE_DIR = ".jpbs/gc-state";

  private static final int PURGE_LOG_LIMIT = 1000;

  /** Thrown when a closed store is used. */
  public static final class AlreadyClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    AlreadyClosedException(Path dir) {
      super("GC state store already closed: " + dir);
    }
  }

  private final Path dir;
  private final ProcFs proc;
  private final LmdbState db;
  private final WriterRegistry writers;
  private final RunLog runs;
  private final MarkCheckpoint checkpoint;
  private final StateReserve reserve;
  private final GcRunProgress progress;
  private final List<WriterInfo> purgeLog = new ArrayList<>();
  private volatile boolean closed;

  /** {@code db} null: opened read-only where no state exists yet (every read is empty). */
  GcStateStore(Path dir, ProcFs proc, LmdbState db, InstantSource clock, GcStateOptions o) {
    this.dir = dir;
    this.proc = proc;
    this.db = db;
    this.reserve = new StateReserve(dir);
    this.writers = new WriterRegistry(db, proc, clock);
    this.runs = new RunLog(db, proc, clock, o.historyLimit());
    this.checkpoint = new MarkCheckpoint(db, o.checkpointBatch());
    this.progress = new GcRunProgress(this, db == null ? null : checkpoint);
  }

  /** {@code <datastoreBase>/.jpbs/gc-state}, the default state directory. */
  public static Path defaultDir(Path datastoreBase) {
    return datastoreBase.resolve(DEFAULT_RELATIVE_DIR);
  }

  /** Opens (creating if needed) the state in {@code dir} with {@link GcStateOptions#defaults()}. */
  public static GcStateStore open(Path dir, InstantSource clock) throws IOException {
    return open(dir, clock, GcStateOptions.defaults());
  }

  /**
   * Opens (creating if needed) the state in {@code dir}.
   *
   * @throws UnsupportedFilesystemException if {@code dir} is on a network filesystem (unless
   *     allowed by the options)
   * @throws GcStateException if LMDB cannot open it or its schema is unknown
   * @throws IllegalStateException if this JVM already has {@code dir} open
   */
  public static GcStateStore open(Path dir, InstantSource clock, GcStateOptions options)
      throws IOException {
    return StateOpening.open(dir, clock, options);
  }

  /**
   * Opens the state for reading only: creates no file (no LMDB lock file either when the directory
   * is not writable, e.g. on a read-only mount, where no writer can run) and, when {@code dir} does
   * not exist, an empty state. Every method that would write throws {@link GcStateException}.
   */
  public static GcStateStore openReadOnly(Path dir, InstantSource clock) throws IOException {
    return StateOpening.openReadOnly(dir, clock);
  }

  /**
   * {@link #open} if the directory (or its nearest existing parent) is writable, else read-only.
   */
  public static GcStateStore openWritableOrReadOnly(Path dir, InstantSource clock)
      throws IOException {
    return StateOpening.openWritableOrReadOnly(dir, clock);
  }

  /** True if this state was opened with {@link #openReadOnly}. */
  public boolean readOnly() {
    return db == null || db.readOnly();
  }

  /**
   * Frees {@code gc.reserve}, so a GC can write its state on a full filesystem; true if it existed.
   */
  public boolean releaseReserve() {
    return !readOnly() && reserve.release();
  }

  /** Re-creates {@code gc.reserve} (best effort, also when opening); false if there is no room. */
  public boolean restoreReserve() {
    return !readOnly() && reserve.ensure();
  }

  /** Whether the process {@code owner} is alive (conservatively true when it cannot be judged). */
  public boolean isAlive(ProcessIdentity owner) {
    return proc.isAlive(owner);
  }

  /** The (real) state directory. */
  public Path dir() {
    return dir;
  }

  /** The identity of this process as recorded in entries it writes. */
  public ProcessIdentity self() {
    return proc.self();
  }

  // ---- writer registry ----

  /**
   * Registers an active writer of this process, started now (by the injected clock); close the
   * lease when the writer ends.
   */
  public WriterLease registerWriter(String kind, String description) throws GcStateException {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    ensureWritable();
    return new WriterLease(this, writers.register(kind, description));
  }

  void unregisterWriter(long leaseId) throws GcStateException {
    ensureWritable();
    writers.unregister(leaseId);
  }

  /**
   * The earliest start among live writers of every process, after purging dead entries; empty if
   * there is none (PBS then uses {@code phase1_start}).
   */
  public OptionalLong oldestActiveWriterEpoch() throws GcStateException {
    purgeDeadWriters();
    return db == null ? OptionalLong.empty() : writers.oldestLiveStart(writers.live());
  }

  /** Live writers of every process, in registration order (dead entries are skipped). */
  public List<WriterInfo> activeWriters() throws GcStateException {
    ensureOpen();
    return db == null ? List.of() : writers.live();
  }

  /** Removes the entries of dead processes (or reused pids) and returns what was removed. */
  public List<WriterInfo> purgeDeadWriters() throws GcStateException {
    ensureOpen();
    if (readOnly()) { // dead entries are skipped by live(), not removed
      return List.of();
    }
    List<WriterInfo> purged = writers.purgeDead();
    if (!purged.isEmpty()) {
      synchronized (purgeLog) {
        purgeLog.addAll(purged);
        if (purgeLog.size() > PURGE_LOG_LIMIT) {
          purgeLog.subList(0, purgeLog.size() - PURGE_LOG_LIMIT).clear();
        }
      }
    }
    return purged;
  }

  /** Every entry purged through this handle so far (the latest 1000), oldest first. */
  public List<WriterInfo> purgedWriters() {
    synchronized (purgeLog) {
      return List.copyOf(purgeLog);
    }
  }

  /** Whether {@code pid} currently has at least one registered writer and is alive. */
  public boolean isRegisteredLiveProcess(long pid) throws GcStateException {
    ensureOpen();
    return db != null && writers.live().stream().anyMatch(w -> w.process().pid() == pid);
  }

  // ---- GC runs ----

  /** Records a new running GC run owned by this process; its id is greater than any before. */
  public GcRun beginRun(
      long phase1StartEpochSeconds, long minAtime, long cutoffSeconds, GcRunOptions options)
      throws GcStateException {
    Objects.requireNonNull(options, "options");
    ensureWritable();
    return runs.begin(phase1StartEpochSeconds, minAtime, cutoffSeconds, options);
  }

  /** Records the phase of a running run. */
  public void updatePhase(long runId, GcPhase phase) throws GcStateException {
    Objects.requireNonNull(phase, "phase");
    ensureWritable();
    runs.updatePhase(runId, phase);
  }

  /**
   * Finishes a running run: stores outcome, status and duration (ms, -1 if unknown), clears its
   * mark-phase marker and its mark checkpoint (a finished run is never resumed).
   */
  public GcRunRecord finishRun(long runId, GcOutcome outcome, String status, long durationMillis)
      throws GcStateException {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(status, "status");
    ensureWritable();
    GcRunRecord done = runs.finish(runId, outcome, status, durationMillis);
    checkpoint.clear(runId);
    return done;
  }

  /** {@link #finishRun(long, GcOutcome, String, long)} without a duration. */
  public GcRunRecord finishRun(long runId, GcOutcome outcome, String status)
      throws GcStateException {
    return finishRun(runId, outcome, status, -1);
  }

  /**
   * Takes over an unfinished run whose owner died, to resume it with its original cutoff.
   *
   * @throws IllegalStateException if the owner is alive or the run is finished
   */
  public GcRun adoptRun(long runId) throws GcStateException {
    ensureWritable();
    return runs.adopt(runId);
  }

  /** One run record. */
  public Optional<GcRunRecord> run(long runId) throws GcStateException {
    ensureOpen();
    return db == null ? Optional.empty() : runs.get(runId);
  }

  /** Up to {@code limit} run records, newest first. */
  public List<GcRunRecord> history(int limit) throws GcStateException {
    ensureOpen();
    return db == null ? List.of() : runs.history(limit);
  }

  /** The newest run still marked running whose owner process is dead, i.e. resumable. */
  public Optional<GcRunRecord> unfinishedRun() throws GcStateException {
    ensureOpen();
    return db == null ? Optional.empty() : runs.unfinished();
  }

  // ---- mark-phase marker ----

  /**
   * Publishes that {@code runId} is marking, for other processes to consult.
   *
   * @throws IllegalStateException if another live run's mark phase is active
   */
  public void markPhaseBegin(long runId, long minAtime, long phase1StartEpochSeconds)
      throws GcStateException {
    ensureWritable();
    runs.markBegin(runId, minAtime, phase1StartEpochSeconds);
  }

  /** Withdraws the marker if it belongs to {@code runId}. */
  public void markPhaseEnd(long runId) throws GcStateException {
    ensureWritable();
    runs.markEnd(runId);
  }

  /** The active mark phase, if its GC process is alive (a dead owner's marker is ignored). */
  public Optional<MarkPhaseInfo> activeMarkPhase() throws GcStateException {
    ensureOpen();
    return db == null ? Optional.empty() : runs.activeMark();
  }

  // ---- mark checkpoint ----

  /**
   * Records that every chunk of the index file {@code id} was touched by run {@code runId}. Call it
   * only after the last touch of the file succeeded. Buffered: see {@link #flush()}.
   */
  public void checkpointIndexMarked(long runId, IndexIdentity id) throws GcStateException {
    Objects.requireNonNull(id, "id");
    ensureWritable();
    checkpoint.record(runId, id);
  }

  /**
   * Whether run {@code runId} recorded exactly this identity (same path, dev, inode, size, times).
   */
  public boolean wasMarked(long runId, IndexIdentity id) throws GcStateException {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    return db != null && checkpoint.wasMarked(runId, id);
  }

  /** Commits buffered checkpoint entries (one LMDB transaction, durable on return). */
  public void flush() throws GcStateException {
    ensureOpen();
    if (readOnly()) {
      return;
    }
    checkpoint.flush();
  }

  /** Number of checkpoint entries of a run (flushes first). */
  public long checkpointCount(long runId) throws GcStateException {
    ensureOpen();
    return db == null ? 0 : checkpoint.count(runId);
  }

  /** Deletes the checkpoint entries of a run. */
  public void clearCheckpoint(long runId) throws GcStateException {
    ensureWritable();
    checkpoint.clear(runId);
  }

  /** The mark totals and sweep progress of running GC runs (cleared by {@link #finishRun}). */
  public GcRunProgress runProgress() {
    return progress;
  }

  // ---- GC lock ----

  /**
   * Takes the per-store exclusive GC lock without waiting.
   *
   * @throws GcLockUnavailableException if another process (or this one) holds it
   */
  public GcLock tryAcquireGcLock() throws GcStateException, GcLockUnavailableException {
    ensureWritable();
    return GcLock.tryAcquire(dir, proc.self());
  }

  void ensureOpen() {
    if (closed) {
      throw new AlreadyClosedException(dir);
    }
  }

  void ensureWritable() throws GcStateException {
    ensureOpen();
    if (readOnly()) {
      throw new GcStateException(dir, "GC state opened read-only (read-only filesystem?)");
    }
  }

  /** Flushes the checkpoint buffer and closes LMDB; idempotent. */
  @Override
  public synchronized void close() throws GcStateException {
    if (closed) {
      return;
    }
    try {
      if (!readOnly()) {
        checkpoint.flush();
      }
    } finally {
      closed = true;
      if (db != null) {
        db.close();
      }
      OpenDirs.closed(dir);
    }
  }
}
