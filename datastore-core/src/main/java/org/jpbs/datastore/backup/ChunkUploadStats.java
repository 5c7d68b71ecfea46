package org.jpbs.datastore.backup;

/**
 * PBS {@code UploadStatistic} as stored in the manifest's {@code unprotected.chunk_upload_stats}:
 * chunks sent to the chunk store in one session (chunks known from the base snapshot are not sent
 * and not counted).
 *
 * @param count chunks inserted (new or server-side duplicates)
 * @param size plain bytes of those chunks
 * @param compressedSize encoded (blob) bytes of those chunks
 * @param duplicates inserts that found the chunk already stored (touched, not written)
 */
public record ChunkUploadStats(long count, long size, long compressedSize, long duplicates) {
  /** Chunks actually written to the store. */
  public long written() {
    return count - duplicates;
  }
}
