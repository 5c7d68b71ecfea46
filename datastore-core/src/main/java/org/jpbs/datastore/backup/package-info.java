/**
 * Backup and restore: writes real snapshots the way a PBS backup session does, and reads them back
 * with every byte verified (spec §2, §3.2, §7, §8.2).
 *
 * <h2>Priorities</h2>
 *
 * <ol>
 *   <li>Correctness: a finished snapshot references only chunks that were stored or known from its
 *       base; a failed or cancelled backup leaves no snapshot; a restore returns no byte that was
 *       not checked against its digest.
 *   <li>Byte compatibility with PBS: the same archive names, index formats, chunk blobs (zstd when
 *       smaller), manifest fields and {@code chunk_upload_stats}; dynamic boundaries are those of
 *       PBS's buzhash {@link org.jpbs.datastore.backup.Chunker}.
 *   <li>Speed second: one pass over the input, one SHA-256 and one zstd per new chunk.
 * </ol>
 *
 * <h2>Backup ({@link org.jpbs.datastore.backup.BackupSession})</h2>
 *
 * <p>Order of acquisition in {@code start}, released in reverse by {@code finish}/{@code close}:
 *
 * <ol>
 *   <li>{@link org.jpbs.datastore.backup.WriterRegistration#register} — the GC registration. It
 *       comes <b>before</b> the store lock and is closed <b>after</b> that lock is released,
 *       because the GC refuses to run while a process it does not know holds {@code .lock}: a
 *       registered writer without the lock is harmless, the lock without a registration would stop
 *       every GC.
 *   <li>{@code ChunkStore.acquireShared()} — the {@code .lock} shared guard (its timestamp is the
 *       GC's oldest-writer input).
 *   <li>group create (owner check) and the group lock, exclusive.
 *   <li>the base snapshot: the newest finished one unless its {@code verify_state} is {@code
 *       failed} (or its manifest cannot be read), locked <b>shared</b> for the session.
 *   <li>the new snapshot (clock time, must be after the base's), locked exclusive, then created.
 * </ol>
 *
 * <p>Known chunks (PBS {@code known_chunks}): when an archive starts, the base's archive of the
 * same name (if its size and checksum match the base manifest) registers all its digests; every
 * chunk inserted in the session is registered too. A known chunk is referenced by the new index
 * <b>without</b> insert, touch or stat — exactly PBS's behaviour, so the GC must protect such
 * chunks through the indexes (and the writer's lock timestamp), not through atimes. Other chunks
 * are encoded ({@code DataBlob.encode(data, true)}) and inserted; a server-side duplicate is
 * touched by the chunk store.
 *
 * <p>Archives: {@code addImage} → {@code <name>.img.fidx}, 4 MiB blocks (the last short); {@code
 * addStream} → {@code <name>.didx}, buzhash boundaries (average 4 MiB by default); {@code addBlob}
 * → {@code <name>.blob}. {@code finish} checks that the base still exists, runs {@code syncfs} (if
 * sync is on), and writes {@code index.json.blob} last, atomically, with per-file size and csum and
 * {@code unprotected.chunk_upload_stats}. Any failure makes the session unusable; {@code close()}
 * then removes the snapshot directory (PBS {@code remove_backup_dir(force)}).
 *
 * <h2>Restore ({@link org.jpbs.datastore.backup.ArchiveReader})</h2>
 *
 * <p>Opening checks the manifest entry (size, csum) against the index; each chunk is CRC-checked,
 * decoded and compared by length and SHA-256. Sequential copies bypass the cache; random reads go
 * through a Caffeine cache bounded by decoded bytes. The snapshot stays locked shared while open.
 *
 * <h2>Progress and cancellation</h2>
 *
 * <p>{@link org.jpbs.datastore.backup.ProgressListener} gets {@code (done, total)} bytes per chunk;
 * {@link org.jpbs.datastore.backup.Cancellation} is polled per chunk and ends the operation with
 * {@link java.io.InterruptedIOException} (an interrupted thread counts as cancelled). Clocks are
 * injected ({@link java.time.InstantSource}).
 *
 * <h2>Deviations from PBS</h2>
 *
 * <ul>
 *   <li>A base whose manifest cannot be read is ignored (PBS fails the backup); a base index whose
 *       size or csum disagrees with its manifest offers no known chunks (the PBS client would
 *       refuse to use it). Both only cost re-uploads.
 *   <li>Unencrypted only; {@code crypt-mode} is always {@code none}.
 * </ul>
 */
package org.jpbs.datastore.backup;
