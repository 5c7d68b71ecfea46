/**
 * Moving backup groups and namespaces between namespaces of one datastore (PBS 4.1.9 {@code
 * move-group} / {@code move-namespace}, spec pbs-s3 §7.3–7.4), on the filesystem and the S3
 * backend.
 *
 * <p>Every snapshot rename is journaled first ({@link org.jpbs.datastore.journal.MoveJournal}),
 * which keeps a concurrently marking GC from sweeping the moved snapshot's chunks (the safety
 * argument is in {@code org.jpbs.datastore.journal}).
 *
 * <h2>Locks and failures</h2>
 *
 * <p>A move holds the source group lock, then the target group lock, then the exclusive locks of at
 * most {@link org.jpbs.datastore.move.GroupMove#MAX_SNAPSHOT_LOCKS} snapshots at a time, none
 * waiting. A running backup holds its group lock for the whole session and readers or verify hold
 * shared snapshot locks, so they make the move fail <em>softly</em> (a {@link
 * org.jpbs.chunkstore.LockContentionException}: retry later; earlier batches may have moved, oldest
 * first, so the merge invariant holds on retry). Failing checks are <em>hard</em> ({@link
 * org.jpbs.datastore.move.MoveRefusedException}, one line naming the group). Each snapshot is in
 * exactly one place at any moment (one {@code rename(2)} per snapshot), and a move never deletes a
 * snapshot.
 *
 * <h2>S3 datastores</h2>
 *
 * <p>On a datastore whose metadata has a remote copy ({@link
 * org.jpbs.datastore.backend.MetadataBackend#isRemote()}) the local cache stays the datastore's
 * view (every listing, the GC's marking through index files and the journal, a backup's choice of
 * base), and the bucket is what the cache is rebuilt from after its loss (s3-refresh). Per
 * snapshot, with the snapshot lock and both group locks held ({@link
 * org.jpbs.datastore.move.SnapshotObjects}):
 *
 * <ol>
 *   <li>journal the index paths (as on a filesystem);
 *   <li>delete whatever objects are under the target snapshot's prefix (the target snapshot is not
 *       in the cache — the move refuses otherwise — so they can only be left by an interrupted
 *       move), then <b>CopyObject</b> every object listed under {@code <source snapshot>/} plus
 *       every backup file of the local directory (a listing may lag a fresh PUT), the manifest
 *       {@code index.json.blob} last. A failed copy is an error: the copies made are deleted again
 *       and the snapshot stays at the source, whole in the cache and in the bucket;
 *   <li>rename the local directory (a failure deletes the copies again);
 *   <li>delete the source objects, the manifest first. A failure only warns: the snapshot is whole
 *       at the target in both places.
 * </ol>
 *
 * <p>Then a created target group gets its {@code owner} object before the local file, notes that
 * move get the target {@code notes} object before the local rename, and the emptied source group,
 * still under its lock, first loses whatever is still under {@code <source group>/<time>/} for the
 * snapshots this move handled (earlier failed deletes, keys a lagging listing missed), then its
 * {@code owner} and {@code notes} objects and its directory. Created target namespaces get their
 * {@code .namespace} marker before the {@code mkdir}; a removed source namespace loses its marker
 * after the {@code rmdir} (a failure is a warning). Chunks are never copied or deleted by a move.
 * Every prefix ends with {@code /}: moving group {@code vm/100} never touches {@code vm/1000}, and
 * namespace {@code a} never touches {@code ab} (PBS 4.2 omits the slash, spec §4.3).
 *
 * <p><b>Why nothing is lost.</b> (1) A source object is deleted only after every copy succeeded and
 * the local rename happened, so the bucket always holds at least one whole copy of each snapshot.
 * (2) The manifest is copied last and deleted first, so a partial copy at either place is an
 * <em>unfinished</em> snapshot (like an interrupted backup), never a finished snapshot missing a
 * file. (3) The objects a move deletes besides the source's own are either under a target prefix
 * the cache has no snapshot for, or under {@code <source group>/<time>/} of a snapshot the move
 * just moved; objects of any other snapshot name are not touched. (4) The GC marks through the
 * cache, whose index files move by one journaled rename as on a filesystem; a leftover that a
 * refresh brings back only adds references (more chunks kept, never fewer).
 *
 * <p><b>What a failure or a crash leaves, and what a refresh from the bucket then shows.</b>
 *
 * <ul>
 *   <li>Crash during the copy: the cache has the snapshot at the source; the bucket has it whole at
 *       the source plus a partial copy without manifest at the target. A rerun deletes the partial
 *       copy before copying again; a refresh before the rerun shows the source snapshot and an
 *       unfinished one at the target ({@code jpbs forget} it).
 *   <li>Crash after the copy, before the rename: the bucket has two whole copies; a rerun copies
 *       again over the target's, a refresh before it shows both (forget either).
 *   <li>Crash after the rename, or source deletes that failed (the move succeeded with a warning
 *       naming the prefix): the cache has the snapshot at the target only, the bucket also has a
 *       leftover at the source: whole (the manifest delete failed or never ran) or unfinished. Only
 *       a refresh shows it, as a second copy at the source, in a group without owner if the group
 *       was removed; forget it. Nothing a later move does brings it back or deletes the target's
 *       copy.
 *   <li>Failed target-notes or owner PUT: an error before the local write, as every S3-first write.
 * </ul>
 */
package org.jpbs.datastore.move;
