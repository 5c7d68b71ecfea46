/**
 * PBS garbage collection for jpbs datastores: mark every referenced chunk by setting its atime,
 * then sweep chunks whose atime is older than a cutoff (spec §4).
 *
 * <h2>Phases</h2>
 *
 * <p>{@link org.jpbs.gc.GarbageCollector} runs four phases, each a type:
 *
 * <ol>
 *   <li>{@link org.jpbs.gc.PreparePhase}: GC lock, shared {@code .lock} guard, no unaccounted
 *       {@code .lock} holder, atime check; then the {@link org.jpbs.gc.GcPlan}: the interrupted run
 *       to resume, or a new run with {@code S}, {@code W} and {@code M} below;
 *   <li>{@link org.jpbs.gc.MarkPhase} (phase 1): {@link org.jpbs.gc.MarkWalk} walks the index files
 *       in PBS's order, {@link org.jpbs.gc.IndexMarkings} chooses the digest order, and the run's
 *       {@link org.jpbs.gc.MarkStrategy} marks each digest (touch, or record for a dry run; a mark
 *       set is a further strategy);
 *   <li>{@link org.jpbs.gc.SweepPhase} (phase 2): sweeps the chunk prefixes in slices through a
 *       {@link org.jpbs.gc.ChunkSweeper} (the storage backend: the local chunk directories today),
 *       with {@code M}, {@code W} and what the strategy handed over;
 *   <li>{@link org.jpbs.gc.ReportPhase}: the PBS status, {@code .gc-status} and the report.
 * </ol>
 *
 * <p>The GC state of the run (phase, mark-phase marker, mark totals, sweep progress, outcome) is
 * written only through {@link org.jpbs.gc.GcRunRecorder}, at these phase boundaries and after each
 * sweep slice; while marking, only the strategy's checkpoint writes (after an index file's last
 * mark).
 *
 * <p>Priorities, in order: never delete a referenced chunk; byte-compatibility with PBS (same
 * classification, same {@code .gc-status}); no silent repair; then speed.
 *
 * <h2>Safety argument</h2>
 *
 * <p>Let {@code S} be phase 1's start (the earlier of the wall clock and the coarse clock the
 * kernel stamps file times with, {@link org.jpbs.chunkstore.FileTimeClock}: a touch made after the
 * start never gets an earlier atime), {@code W} the start of the oldest live registered writer (or
 * {@code S}), and {@code M = min_atime} from {@link org.jpbs.gc.SweepCutoff} ({@code M <= S -
 * cutoff} and {@code M <= W - 5 min}). The sweep removes a chunk only if its atime, read under the
 * chunk-directory lock, is below {@code M}. A chunk referenced by an index file that exists at any
 * point of the run is kept, because one of these holds:
 *
 * <ol>
 *   <li><b>The index was marked.</b> Phase 1 touched the chunk at a time {@code >= S > M}; a
 *       kernel-explicit {@code utimensat(UTIME_NOW)} is not suppressed by {@code relatime} or
 *       {@code noatime}, and the {@linkplain org.jpbs.chunkstore.AtimeCheck atime check} refuses
 *       filesystems that ignore it. With the default {@linkplain org.jpbs.gc.DirectoryOrderMarker
 *       directory order} the touch happens after the index was read rather than while it is read;
 *       that changes nothing here: the index stays mapped until its batch is touched (readable even
 *       if a prune unlinks it meanwhile), only the sweep deletes chunks, and the sweep starts after
 *       the last batch.
 *   <li><b>The chunk was written or touched by a writer during the run.</b> Writers register in the
 *       cross-process registry before taking the store lock, so {@code W} covers every jpbs writer
 *       process; a chunk inserted or touched by one has atime {@code >= W > M}. Insert and touch
 *       take the chunk-directory lock shared; the sweep holds it exclusively while it stats and
 *       unlinks, so a touch can never fall between the sweep's stat and its unlink (spec §8.4.1),
 *       across threads and processes.
 *   <li><b>The index was created after the walk, in a group the hierarchy pass had not yet
 *       listed.</b> Groups are listed lazily, so it is seen and marked (PBS ≥ 3.3.5).
 *   <li><b>The index belongs to a snapshot created after its group was listed</b> (a backup that
 *       reuses chunks of its base snapshot without touching them). The base snapshot was listed and
 *       is share-locked by the running backup until that backup finished, so it cannot vanish
 *       before it is marked — unless it is pruned after the backup finished and before the GC
 *       opened its index. Two mechanisms cover that window:
 *       <ul>
 *         <li>PBS's retry ({@link org.jpbs.gc.MarkWalk}): a vanished index of the newest listed
 *             snapshot re-lists the group (the 11th attempt under the group lock), so the new
 *             snapshot is marked;
 *         <li>jpbs's {@linkplain org.jpbs.gc.MarkPhaseBarrier mark-phase barrier}, which also
 *             closes the window PBS leaves open (spec §8.3: the newest listed snapshot was still in
 *             progress, so the vanished file is not in the newest one): while the mark-phase marker
 *             is published in the GC state ({@link org.jpbs.gc.MarkPhase} publishes it through
 *             {@link org.jpbs.gc.GcRunRecorder} before {@link org.jpbs.gc.MarkWalk} lists anything
 *             and withdraws it only when marking ended), every jpbs removal touches all chunks of
 *             the snapshot before deleting it. The marker is committed before the first listing; a
 *             removal that checked it before that happens after the newer snapshot finished, so the
 *             GC's later listing of the group sees that snapshot and marks it.
 *       </ul>
 *   <li><b>The index was renamed into another namespace during phase 1</b> ({@code move-group},
 *       {@code move-namespace}). The move journaled its path before the rename; {@link
 *       org.jpbs.gc.MoveJournalDrain} marks every journaled index at the end of phase 1 under the
 *       journal lock (the case list is in {@code org.jpbs.datastore.journal}).
 * </ol>
 *
 * <p>Marking is complete before any sweep: every error in phase 1 (unreadable or invalid index,
 * listing failure, touch error other than ENOENT, cancellation) aborts the run before phase 2;
 * {@link org.jpbs.gc.GarbageCollector} starts {@link org.jpbs.gc.SweepPhase} only after {@link
 * org.jpbs.gc.MarkPhase} returned, and hands it the strategy's {@link
 * org.jpbs.gc.MarkStrategy#referencedForSweep referenced chunks} only then (a strategy that marks
 * in a set instead of atimes must make every marked digest a member before that call returns).
 *
 * <h2>Dry runs without lock, full disks</h2>
 *
 * <p>A dry run touches, unlinks and records nothing: it reads atimes and compares them with {@code
 * M}. When the GC state cannot be written (a read-only mount) it therefore runs without the GC
 * lock, without the shared {@code .lock} guard and without a run record: no concurrent GC or writer
 * can be harmed by a process that changes nothing, and none can run on a read-only filesystem
 * anyway. Its report is what a real run started at that moment would remove. A real run refuses a
 * read-only state (I/O error). On a full filesystem a real run first deletes the state's {@code
 * gc.reserve} file (see {@link org.jpbs.gc.state}) so that its lock, run record and checkpoints can
 * be written, and re-creates it at the end; every safety mechanism above stays in force. Failing to
 * write the state is an I/O error, never a reason to run without it.
 *
 * <h2>Not covered</h2>
 *
 * <ul>
 *   <li>A PBS daemon working on the same store: the GC refuses to start while a process that is not
 *       a live registered jpbs process holds {@code .lock} (a PBS backup or pull holds it). A PBS
 *       prune takes no {@code .lock} and does not know the barrier; PBS's own retry still applies.
 *   <li>Snapshot or group directories that are symlinks are invisible to PBS's walk and listings
 *       (spec §8.4.8) and therefore to jpbs.
 *   <li>Clock skew between the host and the filesystem server larger than the cutoff margins.
 * </ul>
 *
 * <h2>Resuming</h2>
 *
 * <p>A run killed in phase 1 (or cancelled) is resumed by the next GC of the store with its
 * original {@code M} and {@code S}: chunks it touched have atime {@code >= S > M}; index files
 * recorded in its checkpoint with an unchanged identity are skipped, every other one is marked
 * again. The checkpoint is trusted only within the same kernel boot (touches may not have reached
 * the disk before a machine crash). A run killed in phase 2 sweeps again with the same {@code M},
 * from the first of the {@link org.jpbs.gc.SweepPhase} slices it had not recorded as swept (not
 * sweeping a directory again can only delay a removal), and reports the mark totals and sweep
 * counters the killed process recorded, i.e. the totals of the whole run. It skips phase 1 only
 * because its marks are atimes, which outlived the killed process ({@link
 * org.jpbs.gc.MarkStrategy#marksPersist}); a strategy whose marks lived in that process marks again
 * before {@link org.jpbs.gc.SweepPhase} continues. Until it is resumed, {@code gc status} shows a
 * run whose process is dead as interrupted.
 */
package org.jpbs.gc;
