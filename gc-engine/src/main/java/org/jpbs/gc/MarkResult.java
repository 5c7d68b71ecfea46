package org.jpbs.gc;

/**
 * What phase 1 did.
 *
 * @param indexFileCount index files opened and marked (PBS {@code index-file-count}, with its retry
 *     double counts)
 * @param indexDataBytes Σ logical bytes of those files ({@code index-data-bytes})
 * @param cacheHits digest cache hits
 * @param cacheMisses digest cache misses
 * @param missingChunks referenced chunks that did not exist
 * @param unexpectedIndexFiles index files found outside the expected scheme and marked anyway
 * @param skippedByCheckpoint index files a resumed run did not re-mark (unchanged since marked)
 * @param retries group re-listings triggered by a vanished index of a newest snapshot
 */
public record MarkResult(
    long indexFileCount,
    long indexDataBytes,
    long cacheHits,
    long cacheMisses,
    long missingChunks,
    long unexpectedIndexFiles,
    long skippedByCheckpoint,
    long retries) {}
