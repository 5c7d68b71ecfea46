/**
 * Verify jobs (spec §6): every file of a snapshot against its manifest and every referenced chunk
 * by CRC, length and SHA-256; corrupt chunks renamed to {@code .N.bad}; the result stored as {@code
 * unprotected.verify_state} in the manifest.
 *
 * <h2>Priorities</h2>
 *
 * <ol>
 *   <li>Never harm good data: a chunk is renamed only after its own bytes were read and proved
 *       wrong (or it is missing, where the rename is a no-op). I/O errors, interruption and
 *       cancellation rename nothing. Manifests are replaced atomically under the manifest lock,
 *       after re-reading them, so a killed verify leaves the old manifest intact.
 *   <li>PBS compatibility: same checks and order (groups in PBS order, snapshots newest first,
 *       chunks by inode), same {@code verify_state} shape with a PBS-layout UPID whose start time
 *       PBS's {@code outdated-after} can read.
 *   <li>Each chunk is read at most once per job (job-wide verified and corrupt sets).
 * </ol>
 *
 * <h2>Locks</h2>
 *
 * <p>Per snapshot a shared snapshot lock, without waiting; if it is held exclusively (a backup
 * writing it, a forget, a protection change) the snapshot is skipped and counts as ok, as in PBS.
 * The manifest lock (5 s) is taken only to write {@code verify_state}; a failure to write it is
 * reported but does not fail the snapshot (PBS ≥ 3.3.3). Renames run under the chunk store's
 * per-directory exclusion, the same as the GC sweep ({@code ChunkStore.renameCorrupt}).
 *
 * <h2>Read-only stores</h2>
 *
 * <p>On a store opened from a read-only mount the job takes the same shared snapshot locks (see
 * {@code org.jpbs.datastore.lock} for lock files that do not exist there), runs every check and
 * reports the same, but renames no chunk and records no {@code verify_state} ({@code
 * Verifier.readOnly()}); the caller should say so.
 *
 * <h2>Deviations from PBS</h2>
 *
 * <ul>
 *   <li>A chunk that cannot be read for a reason other than corruption or absence (EIO, EACCES,
 *       interruption) is an error but is not renamed and not added to the corrupt set.
 *   <li>{@code outdated-after} is a {@link java.time.Duration}; whole days behave as PBS (integer
 *       days since the last verify's UPID start time), other durations compare exactly.
 *   <li>One pool of reader threads that also decode (PBS ≥ 4.0.20 splits readers and decoders).
 * </ul>
 */
package org.jpbs.datastore.verify;
