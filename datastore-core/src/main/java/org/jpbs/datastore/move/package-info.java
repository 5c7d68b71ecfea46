/**
 * Moving backup groups and namespaces between namespaces of one datastore (PBS 4.1.9 {@code
 * move-group} / {@code move-namespace}, spec pbs-s3 §7.3–7.4), on the filesystem backend.
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
 */
package org.jpbs.datastore.move;
