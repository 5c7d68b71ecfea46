package org.jpbs.s3.gc;

import java.io.IOException;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.format.DataBlob;
import org.jpbs.s3.S3ChunkBackend;

/**
 * The atime check's zero chunk on an S3 datastore: inserted through the S3 backend (PUT {@code
 * If-None-Match: *} unless the cache holds it, as PBS does, §5.0) before the check runs on the
 * cache. Run on the cache alone, the check would leave a cache file without its object, and a
 * backup with a 4 MiB block of zeros would then skip the upload of a chunk the bucket lacks.
 */
public final class ZeroChunkUpload {
  private ZeroChunkUpload() {}

  /** Makes sure the zero chunk's object and cache file exist. */
  public static void ensure(S3ChunkBackend chunks) throws IOException {
    chunks.insert(AtimeCheck.ZERO_CHUNK_DIGEST, Blob.ZERO);
  }

  /** Built on first use (4 MiB of zeros, compressed). */
  private static final class Blob {
    static final DataBlob ZERO = DataBlob.encode(new byte[AtimeCheck.ZERO_CHUNK_SIZE], true);
  }
}
