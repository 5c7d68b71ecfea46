package org.jpbs.chunkstore;

import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;

/**
 * The checks {@link ChunkStore#insert} makes before storing a chunk (size limits; an unencrypted
 * chunk must decode and hash to its digest), for chunk backends that store elsewhere (S3: before
 * anything is uploaded, PBS spec pbs-s3.md §4.1).
 */
public final class ChunkValidation {
  private ChunkValidation() {}

  /**
   * Validates {@code blob} as the chunk {@code digest}.
   *
   * @param resource named in the error (a path or object key)
   * @throws CorruptFileException if the blob is out of size limits or does not hash to {@code
   *     digest}
   */
  public static void validate(ChunkDigest digest, DataBlob blob, String resource)
      throws CorruptFileException {
    ChunkInserter.validate(digest, blob, resource);
  }
}
