/**
 * Sync between two jpbs datastores (PBS's local sync job, issue 19): {@link
 * org.jpbs.datastore.sync.DatastoreSync} copies groups from a source to a target, each a filesystem
 * or an S3 datastore, through {@code Datastore} and the backend seam only.
 *
 * <h2>What is copied (PBS semantics)</h2>
 *
 * <ul>
 *   <li>Namespaces below {@code --ns} (at most {@code --max-depth} levels) map to {@code
 *       --target-ns} plus the same relative path; missing target namespaces are created; a mapping
 *       deeper than 7 levels refuses the run before anything is written.
 *   <li>Groups pass {@code --group-filter} ({@link org.jpbs.datastore.sync.GroupFilter}: {@code
 *       type:}, {@code group:}, {@code regex:}, each optionally {@code exclude:}). A target group
 *       is created with the sync's owner ({@code --owner}, default {@code root@pam}, as PBS's job
 *       owner; the source's owner is not copied); an existing one with another owner is refused.
 *   <li>Per group, the finished source snapshots (of the newest {@code --transfer-last N}) newer
 *       than the target's newest finished one; with {@code --resync-corrupt} also those whose
 *       target manifest says {@code verify_state: failed} (or cannot be read), copied again with
 *       every target chunk read back and checked (corrupt ones renamed to {@code .bad}, then
 *       copied).
 *   <li>Per snapshot: the manifest's files, {@code client.log.blob} if present, and the chunks the
 *       target lacks. The manifest is copied byte for byte (PBS pull), so snapshot notes and the
 *       source's {@code verify_state} come with it; group notes and {@code .protected} are not
 *       copied (PBS neither), except that a resync keeps the target's own flag.
 *   <li>{@code --remove-vanished}: target snapshots of a synced group that the source no longer
 *       lists, and target groups (of the sync's owner, passing the filter) the source no longer
 *       has, are removed with the normal locks and removal listeners; protected snapshots stay.
 *       Vanished namespaces below the target anchor (within the depth) are removed children first
 *       once their groups are gone, and only when the sync had no failure; unlike PBS a namespace
 *       holding another owner's group stays ({@link VanishedNamespaces}).
 *   <li>{@code --dry-run}: writes and touches nothing; counts the snapshots and, from the source
 *       indexes, the chunks it would copy ({@link DryRunChunks}).
 * </ul>
 *
 * <h2>Chunk existence (what it costs)</h2>
 *
 * <p>{@link org.jpbs.datastore.backend.ChunkBackend#touchIfPresent} first: on a filesystem target
 * one {@code utimensat} (exists and touched in one call, PBS's {@code cond_touch_chunk}); on S3 a
 * whole copy in the local cache, touched, with no request. Otherwise the chunk is read from the
 * source and inserted: on S3 a {@code PUT If-None-Match: *} whose 412 answer says the object was
 * already there. So S3 costs no request for cached chunks, one PUT per new chunk, and re-sends the
 * bytes only of chunks that are in the bucket but not in the cache (after a cache loss). A HEAD per
 * chunk would cost a request for every new chunk; a bucket listing would be stale against a
 * concurrent GC (it must follow the touch, see case T2) and costs one request per 1,000 chunks of
 * the whole bucket.
 *
 * <h2>Verification before visibility</h2>
 *
 * <p>The source manifest is CRC-checked and must name the snapshot; each blob is CRC-checked and
 * must match the manifest's size and SHA-256; each index is fully verified (its checksum, its
 * structure) and must match the manifest's size and csum before any of its chunks is copied; each
 * copied chunk is CRC-checked on load and refused by the target's insert unless it hashes to its
 * digest. Everything is written into {@code <group>/.sync-<time>.tmp}; an index first as {@code
 * <name>.part} (a name no index walk matches) and renamed to its name only after every chunk it
 * references is on the target, the rule every index writer follows; the manifest last; then {@code
 * syncfs} (if sync is on) and one {@code rename} into {@code <group>/<time>} under the target
 * snapshot's exclusive lock. On S3 the objects go to the final keys, the manifest object last,
 * before the local rename (PBS's order: a bucket without the manifest object shows an unfinished
 * snapshot, as after an interrupted PBS pull).
 *
 * <h2>Safety argument</h2>
 *
 * <p>Locks held by a sync: the target's GC writer registration and its {@code .lock} shared guard
 * for the whole run (registration first, as {@code BackupSession}); per group the target group lock
 * (exclusive, no wait: a busy group is a recorded failure); per snapshot the source snapshot's lock
 * shared (waiting {@link org.jpbs.datastore.sync.GroupSync#SOURCE_LOCK_WAIT}) and, for the rename,
 * the target snapshot's lock exclusive.
 *
 * <ol>
 *   <li><b>T1, target GC, chunk copied by the sync.</b> It is inserted after the registration, so
 *       its atime is at least the writer start {@code W}, above the GC's cutoff {@code M} (gc
 *       package-info, case 2); the temporary directory is hidden, so the GC does not need to see
 *       its indexes. After the rename the index is visible and marked by any later GC.
 *   <li><b>T2, target GC, chunk already on the target.</b> {@code touchIfPresent} touches it under
 *       the chunk-directory lock; the sweep stats and unlinks under the same lock, so either the
 *       sweep removed it first (the touch then reports absent and the chunk is copied) or the atime
 *       is now {@code >= W > M} and the sweep keeps it. A GC that started before the sync has a
 *       cutoff below its own start, earlier still. On S3 the touch is the cache marker PBS's S3 GC
 *       reads (no S3 GC runs in jpbs yet: issue 17 must keep this property).
 *   <li><b>T3, target GC after the sync.</b> Every synced snapshot is visible and marked.
 *   <li><b>T4, target prune during the sync.</b> It cannot remove the snapshot being renamed (the
 *       exclusive lock) and never sees the temporary directory; remove-vanished removes through
 *       {@code BackupDir.destroy}, so the removal listeners (the GC's mark-phase barrier) run.
 *   <li><b>S1, source prune during the sync.</b> {@code destroy} needs the snapshot lock exclusive,
 *       which fails while the sync holds it shared; the sync waits for an exclusively locked one
 *       briefly and then skips it, and skips one that vanished before it was locked (counted in
 *       {@code snapshotsVanished}, PBS 4.1.12), never failing the group for it. A move on the
 *       source needs the same lock exclusively, so it cannot take a snapshot being copied (it fails
 *       softly); a snapshot it moved first is skipped as vanished, and a source namespace moved or
 *       removed after the sync listed it is skipped with a warning, not a failure of the run; the
 *       next run finds them where they are now.
 *   <li><b>S2, source GC during the sync.</b> The snapshot being copied is visible and locked for
 *       the whole copy, so every GC marks its chunks (or keeps them through its own cases).
 *   <li><b>K, kill at any point.</b> Before the rename nothing is visible on the target (the
 *       temporary directory is hidden from listings and from the GC walk); chunks inserted stay
 *       until a GC finds them unreferenced. The rename is atomic. A rerun takes the group lock
 *       (free: the killed process's locks died with it), deletes {@code .sync-*} leftovers, and
 *       copies only snapshots newer than the target's newest finished one. A kill between a
 *       resync's two renames leaves {@code .sync-<time>.old}, which the rerun renames back if the
 *       snapshot is missing. The registration and {@code .lock} guard die with the process.
 * </ol>
 *
 * <p>Tested: T1–T2 and S1–S2 staged at the sync's steps ({@code SyncGcRaceIT}), K at every step
 * ({@code SyncKillIT}); T1–T4 and S1–S2 at random in the multi-process torture ({@code
 * ConcurrencyTortureIT}: syncs with and without remove-vanished in child JVMs while others GC the
 * target and back up, move, prune, forget and GC the source; audited on both stores: every
 * referenced chunk exists, every target snapshot is a complete copy of a recorded backup and
 * restores byte-identically).
 */
package org.jpbs.datastore.sync;
