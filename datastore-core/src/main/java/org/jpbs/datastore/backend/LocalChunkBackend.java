package org.jpbs.datastore.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.InsertResult;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;

/** Chunks in the local chunk store: exactly {@link ChunkStore}'s behaviour. */
public final class LocalChunkBackend implements ChunkBackend {
  private final ChunkStore store;

  public LocalChunkBackend(ChunkStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public InsertResult insert(ChunkDigest digest, DataBlob blob) throws IOException {
    return store.insert(digest, blob);
  }

  @Override
  public boolean touchIfPresent(ChunkDigest digest) throws IOException {
    return store.touch(digest);
  }

  @Override
  public boolean knownPresent(ChunkDigest digest) {
    return Files.isRegularFile(store.chunkPath(digest), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public DataBlob load(ChunkDigest digest) throws IOException {
    return store.load(digest);
  }

  @Override
  public Optional<String> renameCorrupt(ChunkDigest digest) throws IOException {
    return store.renameCorrupt(digest).map(p -> p.getFileName().toString());
  }

  @Override
  public Optional<String> badCopy(ChunkDigest digest) {
    Path chunk = store.chunkPath(digest);
    for (int n = 0; n <= 9; n++) {
      Path bad = chunk.resolveSibling(chunk.getFileName() + "." + n + ".bad");
      if (Files.exists(bad, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(bad.toString());
      }
    }
    return Optional.empty();
  }

  @Override
  public String location(ChunkDigest digest) {
    return store.chunkPath(digest).toString();
  }

  @Override
  public boolean isReadOnly() {
    return store.isReadOnly();
  }

  @Override
  public String toString() {
    return "LocalChunkBackend[" + store.base() + "]";
  }
}
