/**
 * The PBS datastore tree: {@link org.jpbs.datastore.Datastore}, {@link
 * org.jpbs.datastore.BackupNamespace}, {@link org.jpbs.datastore.BackupType}, {@link
 * org.jpbs.datastore.BackupGroup}, {@link org.jpbs.datastore.BackupDir} (snapshot) and the listings
 * GC and prune use (spec §1, §4.3 steps 3–5).
 *
 * <h2>Names</h2>
 *
 * Every name is validated before it becomes a path: namespace components (SAFE_ID, depth ≤ 7, total
 * ≤ 256), backup ids (BACKUP_ID_RE), types ({@code vm|ct|host}), snapshot times ({@code
 * YYYY-MM-DDTHH:MM:SSZ}, a real UTC time) and archive names (BACKUP_FILE_REGEX, a single file
 * name). API input that breaks a rule is an {@link java.lang.IllegalArgumentException} naming the
 * bad name; a bad name found on disk is an {@link org.jpbs.datastore.InvalidBackupNameException}
 * (an error item in listings).
 *
 * <h2>Listings</h2>
 *
 * Readdir order throughout; entry types come from {@code lstat}, so symlinks are never directories.
 * Namespaces: the anchor, then depth-first pre-order, invalid child names are error items. Groups:
 * type directories, then ids matching BACKUP_ID_RE. Snapshots: directories matching the time regex,
 * each with its regular {@code *.fidx|*.didx|*.blob} files captured at listing time; finished iff
 * {@code index.json.blob} is listed; protected iff a {@code .protected} entry exists. Each
 * directory is read completely when visited, so an abandoned iterator holds no descriptor.
 *
 * <h2>Locking</h2>
 *
 * Locks are {@code flock(2)} on files of the PBS ≥ 3.3.5 lock tree ({@link
 * org.jpbs.datastore.lock.LockDirectory}); they exclude threads and processes alike and die with
 * their holder. Group and snapshot locks never wait unless asked; the manifest lock waits 5 s. A
 * lock held elsewhere is a {@link org.jpbs.datastore.lock.LockedException}.
 *
 * <p>Which lock makes each pair of operations safe (after PBS {@code pbs-datastore/src/lib.rs}; "G"
 * group lock, "S" snapshot lock (sh = shared, ex = exclusive), "M" manifest lock):
 *
 * <pre>
 * operation A            | operation B                 | what keeps them apart
 * -----------------------+-----------------------------+-----------------------------------------------
 * forget / prune (S ex,  | reader / restore (S sh)     | S: forget fails "locked by another operation",
 *   then M)              |                             |    nothing deleted; the reader keeps its files
 * forget / prune         | verify (S sh; M to write    | S, then M: verify state is never written into
 *                        |   verify_state)             |    a directory being deleted
 * forget / prune         | backup writing the snapshot | S: the new snapshot is held ex for the session
 *                        |   (S ex, G ex)              |
 * forget / prune         | backup using it as base     | S: the base is held sh for the session
 *                        |   snapshot (S sh)           |
 * forget / prune         | forget / prune (same snap)  | S: the second one fails, or finds it gone
 * forget / prune         | set / clear protection      | S: protection is changed under S ex and
 *                        |   (S ex)                    |    re-checked by destroy under S ex
 * forget: remove emptied | backup starting in the      | G: the group is removed only if G is free and
 *   group (G ex, no wait)|   group (G ex)              |    no snapshot is listed under G
 * group destroy (G ex,   | backup in the group (G ex)  | G
 *   then S ex + M each)  |                             |
 * group destroy          | reader / verify (S sh)      | S: destroy stops with LockedException at that
 *                        |                             |    snapshot (earlier ones are gone, as in PBS)
 * group destroy          | forget's group cleanup      | G: the cleanup sees G held and leaves it to
 *                        |                             |    the destroyer (flock: one fd per lock, so
 *                        |                             |    this holds inside one process too)
 * manifest update (M)    | forget / prune (S ex + M)   | M
 * move-group (G ex src,  | backup in either group      | G: the move fails softly (retry later); a
 *   G ex tgt, S ex per   |   (G ex)                    |    backup starting meanwhile cannot lock G
 *   batch of 512)        | reader / verify / prune (S) | S: the batch fails softly; earlier batches
 *                        |                             |    moved (oldest first, merge invariant kept)
 * move-group / -ns       | GC mark                     | no lock: the move journal (org.jpbs.datastore
 *                        |                             |    .journal), appended before every rename
 * GC mark                | forget / prune / group      | no lock: removal listeners run under S ex + M
 *                        |   destroy                   |    before deletion; GC re-lists a group whose
 *                        |                             |    newest index vanished (spec §4.3 step 5)
 * </pre>
 *
 * <p>Removal listeners are per {@link org.jpbs.datastore.Datastore} instance: use one instance per
 * datastore per process (like PBS's datastore cache) so that GC sees every removal.
 *
 * <h2>Deviations from PBS (on purpose)</h2>
 *
 * <ul>
 *   <li>Removing an emptied group leaves it alone if it holds anything besides {@code owner} and
 *       {@code notes} (PBS deletes owner and notes first and then fails on rmdir).
 *   <li>{@code .protected} counts when it exists as any entry type (PBS ≥ 3.4.2 listing: regular
 *       file only; {@code is_protected}: {@code exists()}): the safe union.
 *   <li>Lock files are not chowned to {@code backup:backup}; run as that user to share the lock
 *       tree with PBS.
 * </ul>
 */
package org.jpbs.datastore;
