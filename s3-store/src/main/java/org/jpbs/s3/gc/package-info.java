/**
 * Garbage collection of S3 datastores (issue 17, pbs-s3.md §5): {@link
 * org.jpbs.s3.gc.S3GarbageCollection} runs the GC of {@code gc-engine} with phase 1 in set mode
 * over the local cache's index files (no request per referenced chunk) and phase 2 through an
 * {@link org.jpbs.s3.gc.S3ChunkSweeper}: one ListObjectsV2 listing of {@code <store>/.chunks/}
 * (1,000 keys a page), DeleteObjects batches of up to 1,000 keys.
 *
 * <p>Module placement: this package needs both the GC engine and the S3 client; {@code s3-store}
 * depends on {@code gc-engine} (which knows nothing of S3), so the modules stay acyclic and the ITs
 * share the RGW fixtures of {@code s3-store}.
 *
 * <h2>The rule</h2>
 *
 * <p>Let {@code S}, {@code W} and {@code M = min_atime} be the GC's phase-1 start, oldest writer
 * and cutoff as on a filesystem ({@code org.jpbs.gc}'s package documentation; all host time). A
 * listed object is kept if it is a member of the mark set (for a {@code <hex>.N.bad} key: {@code
 * <hex>} is a member and its object was not listed). Otherwise its <em>effective time</em> is the
 * later of
 *
 * <ul>
 *   <li>its {@code LastModified} converted to host time by the {@link org.jpbs.s3.gc.StoreClock}
 *       measured from the first listing's {@code Date} header: rounded up to the second and shifted
 *       by the lower bound of the skew, so the result is never earlier than the true host time of
 *       the write; a skew beyond the bound (default 5 min) refuses the GC;
 *   <li>the atime of its local cache file {@code .chunks/<p>/<name>}, if there is one;
 * </ul>
 *
 * and the object is garbage only if that time is below {@code M}. Unlike PBS 4.2, no object is
 * deleted because the host has no local file for it (§5.6 defect 4), and the {@code .bad} key maps
 * to {@code <hex>.N.bad}, never PBS's doubled path (§5.6 defect 1). Pending and disk counts use the
 * same effective time with PBS's {@code cond_sweep_chunk} and the listed size (§5.4).
 *
 * <h2>The protocol</h2>
 *
 * <ul>
 *   <li><b>Writers</b> ({@link org.jpbs.s3.S3ChunkBackend}): an insert takes the cache's chunk
 *       directory lock shared ({@code ChunkStore.withSharedChunkLock}, the OFD byte of the
 *       directory) and inside it: a whole cache file → touch it and stop; else PUT {@code
 *       If-None-Match: *} (201 or 412) and write/touch the cache file. A read that misses the cache
 *       does its GET and the cache fill under the same shared lock.
 *   <li><b>Sweep</b>: lists without locks and collects candidates (non-members whose effective time
 *       is below {@code M}). A batch of up to 1,000 takes the directories from its first to its
 *       last prefix exclusively ({@code ChunkStore.withExclusivePrefixes}), reads each local atime
 *       <em>again</em> (a candidate whose file is now fresh is kept), unlinks the local file of
 *       each remaining one, sends one DeleteObjects, and releases the lock only after the response.
 *       Any per-key error fails the GC naming the key.
 *   <li><b>Cache cleaning</b>: once the listing has passed a directory, its local files whose name
 *       the listing did not contain are unlinked under that directory's exclusive lock.
 * </ul>
 *
 * <h2>Safety argument, case by case</h2>
 *
 * <p>Claim: an object referenced by an index that exists at any point of the run, or inserted by a
 * writer whose index is written later, is not deleted; and after the run no local cache file names
 * an object this run deleted. Deletion happens only inside a batch's exclusive critical section
 * {@code X}; every writer action on a chunk happens inside a shared critical section {@code Y} of
 * the same directory byte. {@code X} and {@code Y} are disjoint in time, across threads and
 * processes.
 *
 * <ol>
 *   <li><b>Referenced by a marked index; seed race; move journal; known-chunk reuse.</b> Phase 1 is
 *       the filesystem GC's set mode unchanged (same walk, seed retry, move-journal drain): every
 *       such chunk is a member and members are never deleted. A backup reusing known chunks of its
 *       base snapshot relies on the base index being marked, exactly as on a filesystem.
 *   <li><b>Mark-phase barrier</b> (a snapshot removed while phase 1 runs, {@code
 *       MarkPhaseBarrier}): on a filesystem it touches the chunk files; on S3 a chunk may have no
 *       cache file, so the barrier ({@code markMissing}) touches it or creates a 0-byte marker
 *       {@code <hex>} under the shared lock. Its fresh atime is the object's effective time: kept.
 *       A 0-byte marker is not a cached copy: an insert still PUTs (412) and a read still GETs, and
 *       both replace it with the whole blob.
 *   <li><b>Uploaded new during the run</b> (PUT 201). Its {@code LastModified} is at or after the
 *       write's host time (by the clock conversion), which is after {@code S > M}: kept. If the
 *       listing ran before the PUT, the object is not listed at all.
 *   <li><b>412 (the object existed, with an old {@code LastModified}).</b> The writer's {@code Y}
 *       leaves a cache file with atime = now {@code >= S > M}. If {@code Y} precedes the batch's
 *       {@code X}, {@code X} re-reads that atime and keeps the object. If {@code X} precedes {@code
 *       Y}, the object is gone when the PUT is sent, so the PUT creates it (case 2).
 *   <li><b>Dedup hit on the cache</b> (PBS's LRU hit skips the touch, §5.6 defect 2; jpbs has no
 *       LRU and always touches). {@code Y} before {@code X}: the touch makes the atime fresh and
 *       {@code X} keeps the object. {@code X} before {@code Y}: {@code X} unlinked the cache file
 *       before deleting, so {@code Y} finds no whole cache file and PUTs (case 2).
 *   <li><b>A read that fills the cache</b> (restore, verify): GET and fill are one {@code Y}. If
 *       {@code X} came first the GET gets 404 and nothing is cached; otherwise the fill's fresh
 *       atime keeps the object. So no cache file of a deleted object is created by a reader.
 *   <li><b>No-cache uploads and other hosts' objects</b> (§5.6 defects 3 and 4). An object without
 *       a local file is aged by its {@code LastModified} alone, which is fresh for any upload of
 *       this run.
 *   <li><b>Kill -9 of the GC</b> between a batch's decision and its delete, or inside the delete:
 *       its OFD locks vanish with it and it deletes nothing more. Cache files it already unlinked
 *       have their objects still (or not, if the DeleteObjects was processed) — both safe: a writer
 *       without the cache file PUTs, and a 412 re-creates the file. The run stays recorded as
 *       interrupted; the next GC marks again (the set does not persist) and lists again. Residual
 *       window: a DeleteObjects the store received but had not yet processed when the process died
 *       can still take effect after the lock was released; S3 gives no way to cancel it. PBS has
 *       the same window (its flocks are dropped with the process, too).
 *   <li><b>Kill of a writer</b>: its lock vanishes; a half-done insert leaves at most an object
 *       without cache file (aged by its fresh {@code LastModified}) or a cache file with its object
 *       (a 412 or 201 preceded it). Its snapshot never gets an index, so its chunks become garbage
 *       by age, as on a filesystem.
 *   <li><b>Skewed host clock.</b> {@code M} and the cache atimes are host time; each {@code
 *       LastModified} is converted with the skew's lower bound measured at the start, which makes
 *       objects look younger, never older. A skew beyond the bound refuses the run before any
 *       delete. A host clock that jumps during the run is the filesystem GC's case ({@code S} is
 *       the earlier of wall clock and file clock).
 *   <li><b>A failed delete batch</b>: a per-key error or a failed request fails the GC naming the
 *       key; cache files of that batch were unlinked (safe, case 7); nothing is swept after an
 *       incomplete mark, because the sweep only starts after phase 1 returned.
 *   <li><b>Cache cleaning</b> unlinks only cache files, under the directory's exclusive lock; a
 *       missing cache file never loses an object (the next insert PUTs, a 412 re-creates it). It
 *       removes the one dangerous state, a cache file whose object is gone (left by another tool or
 *       by a store-side deletion), which would let an insert skip its upload.
 * </ol>
 *
 * <p>Listing lag (seen on the RGW: a fresh PUT may be missing from a listing for over a second, the
 * bucket index being completed asynchronously): an object the listing misses is not deleted (safe),
 * and the cache cleaning removes only its cache file (an insert uploads again). A stale entry of an
 * object deleted and uploaded again still carries its old {@code LastModified}, but the upload left
 * a fresh cache file, which the batch's re-check reads under the lock.
 *
 * <p>Known limits: after a cache loss, the refresh must finish before a GC (phase 1 reads the local
 * index files only). The zero chunk of the atime check is inserted through the S3 backend first, so
 * the check never leaves a cache file without its object.
 */
package org.jpbs.s3.gc;
