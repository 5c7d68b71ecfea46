package org.jpbs.datastore.backup;

/**
 * What one archive of a backup session wrote.
 *
 * @param filename archive file name in the snapshot ({@code *.img.fidx}, {@code *.didx}, {@code
 *     *.blob})
 * @param size manifest size: archive bytes for an index, raw blob bytes for a blob
 * @param csumHex manifest csum: index checksum, or SHA-256 of the raw blob
 * @param chunks index entries (0 for a blob)
 * @param knownChunks entries referenced as known from the base snapshot, not inserted
 * @param uploaded inserts into the chunk store
 * @param duplicates inserts that found the chunk already stored (e.g. the zero chunk {@code init}
 *     writes)
 * @param repeatedChunks entries whose chunk was already inserted earlier in this session, not
 *     inserted again
 */
public record ArchiveStats(
    String filename,
    long size,
    String csumHex,
    int chunks,
    int knownChunks,
    int uploaded,
    int duplicates,
    int repeatedChunks) {}
