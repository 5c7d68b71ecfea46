package org.jpbs.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkValidation;
import org.jpbs.chunkstore.InsertResult;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.format.BlobFormat;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;

/**
 * Chunks of an S3 datastore: the object {@code <store>/.chunks/<p>/<hex>} is the chunk, the local
 * cache's {@code .chunks/<p>/<hex>} a copy (PBS spec pbs-s3.md §3.2, §4.1, §6.1).
 *
 * <ul>
 *   <li>{@link #insert}: validated first; a chunk the cache already holds is touched and not sent
 *       (PBS "already encountered"); otherwise one PUT with {@code If-None-Match: *} (412 = the
 *       object exists: a duplicate), then the cache copy, all under the chunk directory's shared
 *       lock (the S3 GC's sweep decides and deletes under it exclusively). Unlike PBS there is no
 *       in-memory LRU whose hits skip the touch (§5.6 defect 2).
 *   <li>{@link #load}: the cache copy if it is a whole blob, else GET (CRC-checked, unlike PBS's
 *       {@code from_raw}) and fill the cache, both under the shared lock.
 *   <li>{@link #loadAuthoritative} (verify): always GET, never the cache.
 *   <li>{@link #renameCorrupt}: {@code N} is the first index free both in the cache and in the
 *       bucket; the cached copy is renamed, the object copied to {@code <hex>.N.bad} (the right
 *       key: §5.6 defect 1 is not copied) and then deleted.
 * </ul>
 */
public final class S3ChunkBackend implements ChunkBackend {
  private final ChunkStore cache;
  private final S3StoreClient client;
  private final S3ObjectKeys keys;

  public S3ChunkBackend(ChunkStore cache, S3StoreClient client) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.client = Objects.requireNonNull(client, "client");
    this.keys = client.config().keys();
  }

  @Override
  public InsertResult insert(ChunkDigest digest, DataBlob blob) throws IOException {
    String key = keys.chunk(digest.toHex());
    ChunkValidation.validate(digest, blob, location(digest));
    cache.requireWritable("insert chunk");
    // one critical section against the S3 GC's sweep (org.jpbs.s3.gc): see its package-info
    return cache.withSharedChunkLock(
        digest,
        chunk -> {
          if (cachedWhole(digest) && chunk.touch()) {
            return new InsertResult(true, blob.rawSize());
          }
          S3PutOutcome outcome = S3Calls.io(() -> client.putIfAbsent(key, blob.rawData()));
          chunk.insert(blob); // a 412 also leaves a fresh local copy: the object's new age
          return new InsertResult(outcome == S3PutOutcome.ALREADY_PRESENT, blob.rawSize());
        });
  }

  /** A whole cached copy counts (as for insert's "already encountered"); no request is made. */
  @Override
  public boolean touchIfPresent(ChunkDigest digest) throws IOException {
    return cachedWhole(digest) && cache.touch(digest);
  }

  @Override
  public boolean knownPresent(ChunkDigest digest) throws IOException {
    return cachedWhole(digest);
  }

  @Override
  public DataBlob load(ChunkDigest digest) throws IOException {
    if (cachedWhole(digest)) {
      try {
        return cache.load(digest);
      } catch (NoSuchFileException e) {
        // evicted meanwhile: fetch it
      }
    }
    if (cache.isReadOnly()) {
      return fetch(digest);
    }
    // GET and cache fill under the chunk lock: a sweep deletes the object either before the GET
    // (404) or after the fill (whose fresh atime it then sees), never between them
    return cache.withSharedChunkLock(
        digest,
        chunk -> {
          DataBlob blob = fetch(digest);
          ChunkValidation.validate(digest, blob, location(digest)); // a wrong object names its key
          chunk.insert(blob);
          return blob;
        });
  }

  @Override
  public DataBlob loadAuthoritative(ChunkDigest digest) throws IOException {
    return fetch(digest);
  }

  private DataBlob fetch(ChunkDigest digest) throws IOException {
    String key = keys.chunk(digest.toHex());
    Optional<byte[]> raw =
        S3Calls.io(() -> client.getAtMost(key, BlobFormat.MAX_ENCODED_CHUNK_SIZE));
    if (raw.isEmpty()) {
      throw new NoSuchFileException(location(digest), null, "chunk object does not exist");
    }
    if (raw.get().length > BlobFormat.MAX_ENCODED_CHUNK_SIZE) {
      throw new org.jpbs.format.CorruptFileException(
          location(digest),
          -1,
          "chunk object larger than a chunk can be (not downloaded further)",
          "<= " + BlobFormat.MAX_ENCODED_CHUNK_SIZE + " bytes",
          "more");
    }
    return DataBlob.parse(raw.get(), location(digest));
  }

  /** True if the cache holds more than a 0-byte marker for this chunk. */
  private boolean cachedWhole(ChunkDigest digest) throws IOException {
    Path p = cache.chunkPath(digest);
    try {
      return Files.size(p) > 0;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public Optional<String> renameCorrupt(ChunkDigest digest) throws IOException {
    cache.requireWritable("rename corrupt chunk");
    String hex = digest.toHex();
    String key = keys.chunk(hex);
    Path local = cache.chunkPath(digest);
    int n = 9;
    for (int i = 0; i <= 8; i++) {
      String badKey = keys.badChunk(hex, i);
      if (!Files.exists(badPath(local, i), LinkOption.NOFOLLOW_LINKS)
          && S3Calls.io(() -> client.head(badKey)).isEmpty()) {
        n = i;
        break;
      }
    }
    try {
      Files.move(local, badPath(local, n), StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      // not cached
    }
    if (S3Calls.io(() -> client.head(key)).isEmpty()) {
      return Optional.empty();
    }
    String badKey = keys.badChunk(hex, n);
    S3Calls.io(() -> client.copy(key, badKey));
    S3Calls.io(() -> client.delete(key));
    return Optional.of(badKey);
  }

  private static Path badPath(Path chunk, int n) {
    return chunk.resolveSibling(chunk.getFileName() + "." + n + ".bad");
  }

  @Override
  public Optional<String> badCopy(ChunkDigest digest) throws IOException {
    for (int n = 0; n <= 9; n++) {
      String badKey = keys.badChunk(digest.toHex(), n);
      if (S3Calls.io(() -> client.head(badKey)).isPresent()) {
        return Optional.of(client.config().bucket() + "/" + badKey);
      }
    }
    return Optional.empty();
  }

  /** {@code <bucket>/<store>/.chunks/<p>/<hex>}. */
  @Override
  public String location(ChunkDigest digest) {
    return client.config().bucket() + "/" + keys.chunk(digest.toHex());
  }

  @Override
  public boolean isReadOnly() {
    return cache.isReadOnly();
  }

  @Override
  public String toString() {
    return "S3ChunkBackend[" + client.config().bucket() + "/" + keys.chunksPrefix() + "]";
  }
}
