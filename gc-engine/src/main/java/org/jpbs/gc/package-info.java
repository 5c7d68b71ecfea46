/**
 * PBS garbage collection for jpbs datastores: mark every referenced chunk, by setting its atime
 * (PBS, {@link org.jpbs.gc.GcOptions.MarkMode#ATIME}) or in a mark set (jpbs's default, {@link
 * org.jpbs.gc.GcOptions.MarkMode#SET}), then sweep the unmarked chunks whose atime is older than a
 * cutoff (spec §4).
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
 *       {@link org.jpbs.gc.MarkStrategy} marks each digest (touch, record for a dry run, or add it
 *       to the mark set of {@link org.jpbs.gc.SetMarking});
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
 * <h2>Set mode: a mark set instead of touches</h2>
 *
 * <p>In set mode ({@link org.jpbs.gc.SetMarking}) phase 1 walks exactly as above (same discovery,
 * retries, group lock, barrier, strange-path pass) but adds each referenced digest to a mark set
 * ({@link org.jpbs.gc.markset}) instead of touching the chunk. The sweep keeps every member
 * (counted as PBS counts a chunk it touched in this run) and classifies every non-member exactly as
 * the atime mode classifies every chunk: by its atime, read under the chunk-directory lock, against
 * the same {@code M}. So the sweep removes a chunk only if it is not a member <em>and</em> its
 * atime is below {@code M}. The claim: every chunk the atime mode keeps, the set mode keeps. Case
 * by case:
 *
 * <ol>
 *   <li><b>The index was marked (case 1).</b> In the atime mode the touch gives the chunk an atime
 *       {@code >= S > M}; here its digest is in the set before {@link
 *       org.jpbs.gc.MarkStrategy#referencedForSweep} returns, i.e. before the sweep starts, and the
 *       set answers membership exactly (full 32-byte digests; see {@link org.jpbs.gc.markset} for
 *       why an added digest is never reported absent, including after spilling). Every sweep thread
 *       asks its own read-only view of the finished set; membership cannot change during the sweep,
 *       so there is no membership race to order against the directory lock. A sweep thread loads
 *       the partitions of a whole span of directories (the run one range lock covers, about 1,024
 *       chunk files, as in the atime mode) before it takes that lock; a partition that cannot be
 *       read (I/O error, spill checksum mismatch) fails the sweep before any directory of the span
 *       is locked; it never falls back to the atime. A lookup of a digest outside the loaded span
 *       throws rather than answering "no". The index stays mapped while its digests are added, as
 *       it stays mapped until touched.
 *   <li><b>The seed race and the newest-first retry (case 4, first mechanism).</b> The retry
 *       re-lists the group and marks the new newest snapshot, the 11th attempt under the group
 *       lock, in both modes through the same {@link org.jpbs.gc.MarkWalk}; only the sink of the
 *       digests differs. Digests added during an abandoned attempt stay in the set, as touches stay
 *       in the atimes (they can only keep garbage). Exhausted retries abort before the sweep in
 *       both modes.
 *   <li><b>The §8.3 window (case 4, second mechanism).</b> The mark-phase barrier touches every
 *       chunk of a snapshot before a jpbs removal deletes it while the mark-phase marker is
 *       published, in set mode as in atime mode (the marker is published and withdrawn by {@link
 *       org.jpbs.gc.MarkPhase}, not by the strategy). Those chunks need not be members: their atime
 *       is {@code >= S > M}, and the non-member rule keeps them.
 *   <li><b>Writers (case 2).</b> Set mode changes nothing for writers: an insert or touch gives the
 *       chunk an atime {@code >= W > M}; {@code M} still includes the {@code oldest_writer} margin,
 *       and a non-member is judged by that atime. Insert and touch take the chunk-directory lock
 *       shared and the sweep holds it exclusively from its stat to its unlink, so a touch is either
 *       seen by the stat or happens after the decision for a chunk the sweep then keeps or has not
 *       reached — exactly as in the atime mode, where the same ordering protects the same touches.
 *       (The sweep loads a span's partitions before it takes the span's lock, and asks a listed
 *       {@code DT_REG} entry's membership before its stat; the set is immutable, so neither
 *       ordering matters for members, and a non-member's atime is still read by the {@code statx}
 *       made under the lock, after the listing that was also made under it.)
 *   <li><b>Indexes created after their group was listed (case 3).</b> Listed lazily and marked, as
 *       in the atime mode.
 *   <li><b>Resume after kill -9.</b> The set dies with the process ({@link
 *       org.jpbs.gc.MarkStrategy#marksPersist} false), so a run killed in phase 1 or 2 and resumed
 *       in set mode marks every index file again, with no checkpoint skipping (its checkpointer
 *       records nothing), before it sweeps the slices not yet swept with the original {@code M}.
 *       Its walk is a complete new phase 1 (cases 1–5 hold for it) and its {@code M} is at most
 *       what a new run would compute, so it removes no more than a new run. The run record
 *       remembers set marking, so an atime-mode run that adopts it also marks again; a set-mode run
 *       does not adopt an atime-mode run (whose checkpoint assumes touches) but starts a new one.
 *       The killed run's spill file is deleted by the next set-mode run, which holds the GC lock
 *       ({@link org.jpbs.gc.markset.MarkSetWriter#open}). Cost: one complete set-mode phase 1 per
 *       resume (every index read again, every digest added again; no syscall per chunk), i.e. the
 *       phase 1 time of a new set-mode run; not measured here at 4M chunks.
 *   <li><b>Missing referenced chunks.</b> PBS touches the {@code <hex>.N.bad} copies of a
 *       referenced chunk whose touch fails with ENOENT. Set mode keeps a {@code .bad} copy when
 *       {@code <hex>} is a member and the chunk file does not exist when the sweep, holding the
 *       directory's lock, reaches the copy. The rule is evaluated at sweep time rather than mark
 *       time; the two differ only when a writer re-inserts the missing chunk between the two (set
 *       mode may then remove the unreferenced corrupt copies, the good chunk exists), or when the
 *       chunk disappears in between, e.g. renamed to {@code .bad} by verify (set mode keeps the
 *       copies; the atime mode keeps the renamed copy too, through the atime it touched). Neither
 *       concerns a chunk file an index references. Missing members are counted by the sweep (the
 *       members of a directory's partition that no chunk file matched) and reported in one warning
 *       without names; {@code --mark-mode atime} names each with its index, as PBS does.
 *   <li><b>Members kept without a stat ({@code --member-stat skip}, {@link
 *       org.jpbs.gc.GcOptions#statMembers} false).</b> A member is kept whatever its atime in both
 *       variants; the skipped {@code statx} would only have supplied its size for {@code
 *       disk-bytes}. The sweep skips it only for a chunk-named entry that is a member and whose
 *       directory entry says regular file ({@code DT_REG}); a {@code .bad} copy, a {@code
 *       DT_UNKNOWN} entry and every non-member are stat-ed and classified as above, under the same
 *       lock, and the unlink path is reached only after that stat. So the variant removes exactly
 *       what the full one removes (tested on copies of one store). The counters it cannot compute
 *       (disk bytes, and the on-disk usage, deduplication factor and average chunk size derived
 *       from them) are reported as unknown, never as a partial sum, and {@code .gc-status} is left
 *       as it was: PBS reads that file with every counter required and falls back to an all-zero
 *       status on a null or missing one (spec §1.4).
 *   <li><b>Aborts and failures.</b> A corrupt index, a listing failure, a spill write failure (full
 *       disk), exhausted retries or a cancellation in phase 1 abort before the sweep, as in the
 *       atime mode. A dry run uses the same set (spilling to a temporary directory when the GC
 *       state is read-only) and reports what a real set-mode run would remove.
 * </ol>
 *
 * <p><b>False membership.</b> The set is exact, so its structure produces neither false members nor
 * false non-members. The only "false" members are digests of index files that were marked and then
 * removed before the sweep (pruned snapshots, an abandoned retry attempt's index): those chunks are
 * kept until the next run, exactly as the touch keeps them in the atime mode. A false member can
 * only keep garbage; a false non-member, the dangerous kind (the chunk would be judged by an old
 * atime), cannot occur.
 *
 * <p><b>What set mode does not give.</b> A touch also refreshes the atime, which the atime mode's
 * next runs see: a chunk marked today is protected by its atime for one cutoff (24 h 5 min) even
 * from a later run that fails to mark it. Set mode leaves the atime as the last writer left it. No
 * case above relies on that carry-over; it matters only for the windows listed under "Not covered"
 * (a PBS daemon's prune without the barrier, symlinked directories, clock skew), where in the atime
 * mode a frequent GC schedule happens to narrow them. Operators mixing PBS daemons and jpbs on one
 * store can choose {@code --mark-mode atime}.
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
 * before {@link org.jpbs.gc.SweepPhase} continues (the set mode, see above). Until it is resumed,
 * {@code gc status} shows a run whose process is dead as interrupted.
 */
package org.jpbs.gc;
