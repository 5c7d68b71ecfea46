package org.jpbs.datastore.backup;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.jpbs.chunkstore.InsertResult;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.format.IndexFile;

/**
 * The session's {@code known_chunks} (PBS §8.2): digests registered from the base snapshot's
 * indexes or inserted in this session are referenced without touching the store; every other chunk
 * is encoded and inserted. Single-threaded.
 */
final class ChunkUploader {
  private final ChunkBackend store;
  private final Map<ChunkDigest, Integer> known = new HashMap<>();
  private final Map<ChunkDigest, Integer> inserted = new HashMap<>();
  private long count;
  private long size;
  private long compressedSize;
  private long duplicates;

  ChunkUploader(ChunkBackend store) {
    this.store = store;
  }

  /** Registers every digest of a previous index with its chunk length (no touch, no stat). */
  void registerPrevious(IndexFile index, ChunkSizes sizes) {
    for (int i = 0; i < index.count(); i++) {
      known.putIfAbsent(index.digest(i), sizes.size(i));
    }
  }

  /** Chunk length by index position. */
  @FunctionalInterface
  interface ChunkSizes {
    int size(int i);
  }

  /**
   * Hashes {@code data[off..off+len)} and inserts it unless known.
   *
   * @return the digest; {@code outcome[0]} is set to 0 known from the base, 1 written, 2
   *     server-side duplicate (already in the chunk store), 3 already inserted earlier in this
   *     session
   */
  ChunkDigest upload(byte[] data, int off, int len, int[] outcome) throws IOException {
    ChunkDigest digest = ChunkDigest.sha256(data, off, len);
    Integer insertedLen = inserted.get(digest);
    if (insertedLen != null && insertedLen == len) {
      outcome[0] = 3;
      return digest;
    }
    Integer knownLen = known.get(digest);
    if (knownLen != null && knownLen == len) {
      outcome[0] = 0;
      return digest;
    }
    // unknown, or registered with another length (a base index whose unchecksummed size field
    // lies): upload it; insert checks the digest against the data
    DataBlob blob = DataBlob.encode(data, off, len, true);
    InsertResult r;
    try {
      r = store.insert(digest, blob);
    } catch (IOException e) {
      if (e.getClass() != IOException.class) {
        throw e; // typed errors (file system, corrupt file, cancellation) already say enough
      }
      // a bare I/O error (ENOSPC, EIO from a write) names no file: name the chunk
      throw new IOException(
          "storing chunk " + store.location(digest) + " failed: " + e.getMessage(), e);
    }
    count++;
    size += len;
    compressedSize += blob.rawSize();
    if (r.duplicate()) {
      duplicates++;
      outcome[0] = 2;
    } else {
      outcome[0] = 1;
    }
    inserted.put(digest, len);
    return digest;
  }

  ChunkUploadStats stats() {
    return new ChunkUploadStats(count, size, compressedSize, duplicates);
  }
}
