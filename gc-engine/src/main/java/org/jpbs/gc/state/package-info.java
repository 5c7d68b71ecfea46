/**
 * Cross-process GC state of a datastore, kept in LMDB (lmdbjava 0.9.3, {@code byte[]} proxy, no
 * {@code --add-opens}).
 *
 * <p>Priorities: (1) never let GC delete a chunk someone still needs: every uncertainty resolves
 * towards "writer alive", "file not yet marked"; (2) survive {@code kill -9} at any point; (3) no
 * lmdbjava type in any public signature ({@code LmdbException} becomes {@link
 * org.jpbs.gc.state.GcStateException}).
 *
 * <h2>Location</h2>
 *
 * <p>Default {@code <datastore>/.jpbs/gc-state} ({@link
 * org.jpbs.gc.state.GcStateStore#defaultDir}); a dot-directory, so the PBS index walk skips it.
 * LMDB needs a coherent shared {@code mmap} and POSIX locks, so {@code open} refuses network and
 * cluster filesystems (nfs, cifs/smb3, ceph, 9p, sshfs, glusterfs...) found via {@code
 * /proc/self/mountinfo}; put the state on a local disk when the datastore is on NFS. One {@code
 * GcStateStore} per directory per process (LMDB rule); all processes must share one kernel.
 *
 * <h2>Data model (schema 1; encodings in {@code StateFormat})</h2>
 *
 * <table>
 *   <caption>LMDB databases</caption>
 *   <tr><th>database</th><th>key</th><th>value</th></tr>
 *   <tr><td>{@code meta}</td><td>{@code "schema"}, {@code "next-run-id"},
 *       {@code "next-lease-id"}</td><td>u32 / u64 LE counters (monotonic, never reused)</td></tr>
 *   <tr><td>{@code writers}</td><td>lease id, u64 BE</td><td>owner process identity (pid, start
 *       ticks, pid namespace, boot id), wall-clock start, kind, description</td></tr>
 *   <tr><td>{@code runs}</td><td>run id, u64 BE (so a backward cursor gives newest
 *       first)</td><td>start, phase1 start, min_atime, cutoff, options (threads, cache capacity,
 *       dry-run), owner identity, phase, outcome, finish time, status text</td></tr>
 *   <tr><td>{@code mark}</td><td>{@code "active"}</td><td>run id, min_atime, phase1 start,
 *       owner identity: the mark-phase marker</td></tr>
 *   <tr><td>{@code checkpoint}</td><td>run id u64 BE + SHA-256(relative path)</td><td>dev, ino,
 *       size, mtime ns, ctime ns, relative path</td></tr>
 * </table>
 *
 * <h2>Liveness</h2>
 *
 * <p>An entry's process is alive iff {@code /proc/<pid>/stat} exists, is not a zombie and its field
 * 22 (start ticks) equals the recorded one (pid reuse is detected). Entries from another boot are
 * dead. Entries from another pid namespace, or unreadable {@code /proc} entries, count as
 * <b>alive</b> (conservative: an unknowable writer keeps extending the cutoff instead of being
 * dropped). Dead writer entries are purged by {@code oldestActiveWriterEpoch()}; the marker and
 * unfinished runs of dead owners are ignored (and resumable), never trusted.
 *
 * <h2>Durability</h2>
 *
 * <p>Every method that changes state commits its own LMDB write transaction (fsync on commit;
 * {@code MDB_NOSYNC} is not used), except {@code checkpointIndexMarked}: its entries are buffered
 * and committed every {@code checkpointBatch} entries, on {@code flush()}, {@code
 * checkpointCount()} and {@code close()}. A {@code kill -9} therefore loses at most the unflushed
 * checkpoint entries; a resumed run re-marks those index files, which is always safe. A checkpoint
 * entry means "every chunk of this exact file was touched by this run"; a resumed run keeps the
 * original {@code min_atime}, and touches made before the kill have atime &ge; phase 1 start &gt;
 * {@code min_atime}, so skipping such a file is safe. A replaced file (new inode, size or times)
 * does not match and is marked again. LMDB transactions are atomic, so a kill never leaves a
 * half-written record.
 *
 * <h2>GC lock</h2>
 *
 * <p>{@code <state dir>/gc.lock}, a POSIX record lock (released by the kernel when the holder
 * dies): one GC per store across processes.
 *
 * <h2>Space reserve and read-only use</h2>
 *
 * <p>{@code <state dir>/gc.reserve} is 1 MiB of written zeros, created (best effort) whenever the
 * state is opened read-write. A GC deletes it before taking its lock, so that on a full filesystem
 * it can write the lock, its run record and checkpoints, and re-creates it when it is done. {@code
 * meta} also holds {@code "mark-totals"}: the counters of the last finished mark phase, and {@code
 * "sweep-progress"}, the sweep's next directory and counters, so a run resumed in its sweep reports
 * the totals of the whole run ({@link org.jpbs.gc.state.GcRunProgress}). {@code openReadOnly} opens
 * the environment with {@code MDB_RDONLY_ENV} (plus {@code MDB_NOLOCK} when the directory is not
 * writable: a read-only mount, where no writer can run), creates nothing, and gives an empty state
 * when none exists; every writing method then throws {@code GcStateException}.
 */
package org.jpbs.gc.state;
