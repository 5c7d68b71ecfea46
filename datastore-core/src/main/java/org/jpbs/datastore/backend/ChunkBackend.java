package org.jpbs.datastore.backend;

import java.io.IOException;
import java.util.Optional;
import org.jpbs.chunkstore.InsertResult;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;

/**
 * Where a datastore's chunks live: the local chunk store ({@link LocalChunkBackend}) or an S3
 * bucket behind the local cache ({@code org.jpbs.s3.S3ChunkBackend}). Backup, restore and verify
 * talk only to this; the GC's sweep has its own seam ({@code org.jpbs.gc.ChunkSweeper}).
 *
 * <p>Implementations are thread-safe.
 */
public interface ChunkBackend {
  /**
   * Validates and stores a chunk; an existing copy is kept (and, locally, touched).
   *
   * @throws org.jpbs.format.CorruptFileException if the blob does not hash to {@code digest}
   */
  InsertResult insert(ChunkDigest digest, DataBlob blob) throws IOException;

  /**
   * The existence check of a sync (PBS pull's {@code cond_touch_chunk(digest, false)}): if this
   * backend knows it holds the chunk without a request, marks it in use now (the touch a duplicate
   * insert does, so a concurrent GC keeps it) and returns true. False means absent or unknown: the
   * caller inserts it (an S3 insert then learns from the conditional PUT that it exists).
   */
  default boolean touchIfPresent(ChunkDigest digest) throws IOException {
    return false;
  }

  /**
   * True if this backend knows, without a request and without marking the chunk in use, that it
   * holds it: a dry run's estimate of what a sync would copy (S3: a whole cached copy; the bucket
   * may hold more).
   */
  default boolean knownPresent(ChunkDigest digest) throws IOException {
    return false;
  }

  /**
   * Reads a chunk (CRC-checked) the cheapest way: locally, or from the cache before the bucket.
   *
   * @throws java.nio.file.NoSuchFileException naming {@link #location} if the chunk does not exist
   */
  DataBlob load(ChunkDigest digest) throws IOException;

  /**
   * Reads a chunk from the authoritative copy, bypassing any cache (verify, PBS spec §6.1).
   *
   * @throws java.nio.file.NoSuchFileException naming {@link #location} if the chunk does not exist
   */
  default DataBlob loadAuthoritative(ChunkDigest digest) throws IOException {
    return load(digest);
  }

  /**
   * Moves a corrupt chunk aside to {@code <hex>.N.bad} (PBS {@code rename_corrupt_chunk}).
   *
   * @return the file name or key of the bad copy, or empty if the chunk did not exist
   */
  Optional<String> renameCorrupt(ChunkDigest digest) throws IOException;

  /** The path or key of a {@code <hex>.N.bad} copy verify made of this chunk, if one exists. */
  Optional<String> badCopy(ChunkDigest digest) throws IOException;

  /** The path or object key of a chunk, for messages. */
  String location(ChunkDigest digest);

  /** True if nothing may be written (a read-only mount of the store). */
  boolean isReadOnly();
}
