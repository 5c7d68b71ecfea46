package org.jpbs.chunkstore;

/**
 * Outcome of {@link ChunkStore#insert}: PBS {@code (is_duplicate, stored_size)}.
 *
 * @param duplicate true if an existing chunk file was kept (and touched)
 * @param storedSize size in bytes of the chunk file now on disk
 */
public record InsertResult(boolean duplicate, long storedSize) {}
