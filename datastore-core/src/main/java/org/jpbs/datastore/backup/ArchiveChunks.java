package org.jpbs.datastore.backup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;
import org.jpbs.format.DynamicIndexReader;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.format.IndexFile;
import org.jpbs.format.UnsupportedFormatException;

/**
 * The chunks of one open index archive: where chunk {@code i} lies in the archive, and its data,
 * loaded from the chunk store and verified (CRC, decode, length and SHA-256 against the index
 * entry) before one byte of it is returned, optionally through a bounded cache of decoded chunks.
 *
 * <p>Thread-safe for {@link #cached} and {@link #load} (the cache is concurrent, the index is read
 * only).
 */
final class ArchiveChunks {
  private final ChunkBackend store;
  private final IndexFile index;
  private final String filename;
  private final long size;
  private final long fixedChunkSize; // 0 for a dynamic index
  private final Cache<ChunkDigest, byte[]> cache;

  ArchiveChunks(ChunkBackend store, IndexFile index, String filename, long cacheBytes) {
    this.store = store;
    this.index = index;
    this.filename = filename;
    this.size = index.indexBytes();
    this.fixedChunkSize = index instanceof FixedIndexReader f ? f.chunkSize() : 0;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(cacheBytes)
            .weigher((ChunkDigest k, byte[] v) -> v.length)
            .build();
  }

  /** Bytes of archive data. */
  long size() {
    return size;
  }

  /** Number of chunks. */
  int count() {
    return index.count();
  }

  /** The fixed chunk size of a fixed index (disk image), 0 for a dynamic index. */
  long fixedChunkSize() {
    return fixedChunkSize;
  }

  /** The chunk that holds archive byte {@code offset} ({@code 0 <= offset < size()}). */
  int chunkAt(long offset) {
    if (fixedChunkSize > 0) {
      return (int) (offset / fixedChunkSize);
    }
    DynamicIndexReader d = (DynamicIndexReader) index;
    int lo = 0;
    int hi = d.count() - 1;
    while (lo < hi) { // first chunk whose end > offset
      int mid = (lo + hi) >>> 1;
      if (d.chunkEnd(mid) > offset) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Archive offset of chunk {@code i}. */
  long chunkStart(int i) {
    return fixedChunkSize > 0 ? i * fixedChunkSize : ((DynamicIndexReader) index).chunkStart(i);
  }

  /** Data length of chunk {@code i}, from the index. */
  long chunkLength(int i) {
    if (fixedChunkSize > 0) {
      return Math.min(fixedChunkSize, size - i * fixedChunkSize);
    }
    DynamicIndexReader d = (DynamicIndexReader) index;
    return d.chunkEnd(i) - d.chunkStart(i);
  }

  /** Chunk {@code i} through the cache (random access). */
  byte[] cached(int i) throws IOException {
    ChunkDigest digest = index.digest(i);
    byte[] data;
    try {
      data =
          cache.get(
              digest,
              d -> {
                try {
                  return load(i);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (data.length != chunkLength(i)) { // same digest listed with another length: the index lies
      throw new CorruptFileException(
          index.path().toString(), -1, "chunk " + i + " length", chunkLength(i), data.length);
    }
    return data;
  }

  /** Chunk {@code i} loaded and verified, bypassing the cache (sequential reads). */
  byte[] load(int i) throws IOException {
    ChunkDigest digest = index.digest(i);
    String resource = store.location(digest);
    DataBlob blob;
    try {
      blob = store.load(digest);
    } catch (NoSuchFileException e) {
      throw missingChunk(digest, resource, e);
    } catch (UnsupportedFormatException e) { // a chunk file is a DataBlob in every PBS version
      throw new CorruptFileException(
          resource,
          0,
          "chunk does not start with a DataBlob magic (found " + e.actualMagicHex() + ")",
          e);
    }
    if (blob.kind().isEncrypted()) {
      throw new CorruptFileException(
          resource, 0, "chunk is encrypted; jpbs cannot decrypt", "unencrypted", blob.kind());
    }
    byte[] data = blob.decode(resource);
    if (data.length != chunkLength(i)) {
      throw new CorruptFileException(
          resource, -1, "chunk data size mismatch", chunkLength(i), data.length);
    }
    ChunkDigest actual = ChunkDigest.sha256(data);
    if (!actual.equals(digest)) {
      throw new CorruptFileException(resource, -1, "chunk digest mismatch", digest, actual);
    }
    return data;
  }

  /**
   * A referenced chunk that is not there: corrupt data when verify quarantined it (a {@code .N.bad}
   * copy exists), else the I/O error naming the chunk and the index.
   */
  private IOException missingChunk(ChunkDigest digest, String resource, NoSuchFileException e)
      throws IOException {
    Optional<String> bad = store.badCopy(digest);
    if (bad.isPresent()) {
      return new CorruptFileException(
          resource,
          -1,
          "chunk "
              + digest
              + " of "
              + filename
              + " is missing; verify quarantined a corrupt copy as "
              + bad.get(),
          e);
    }
    NoSuchFileException missing =
        new NoSuchFileException(
            resource, null, "chunk " + digest + " of " + filename + " is missing");
    missing.initCause(e);
    return missing;
  }

  /** Drops every cached chunk. */
  void invalidate() {
    cache.invalidateAll();
  }
}
