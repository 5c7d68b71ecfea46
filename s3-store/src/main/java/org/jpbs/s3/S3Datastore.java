package org.jpbs.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.Datastore;

/**
 * An open S3 datastore: its local cache (a chunk store directory, PBS spec pbs-s3.md §3.1), the
 * client, and the two backends the datastore layer uses. {@link #create} is PBS's {@code
 * do_create_datastore} for S3 (§1.5); {@link #open} reads the settings from the cache.
 */
public final class S3Datastore implements AutoCloseable {
  private final ChunkStore cache;
  private final S3StoreClient client;
  private final Datastore datastore;
  private final S3ChunkBackend chunks;
  private S3Refresh.Result refreshed = new S3Refresh.Result(0, 0);

  private S3Datastore(ChunkStore cache, S3StoreClient client) throws IOException {
    this.cache = cache;
    this.client = client;
    this.chunks = new S3ChunkBackend(cache, client);
    this.datastore =
        Datastore.open(
            cache.base(),
            cache.base().resolve(Datastore.DEFAULT_LOCK_DIR),
            new S3MetadataBackend(client));
  }

  /**
   * How to create.
   *
   * @param hostname written into {@code .in-use}
   * @param overwriteInUse take over a prefix marked in use by another host
   * @param reuse the bucket already holds this datastore: rebuild the cache from it (s3-refresh)
   * @param createBucket create the bucket if HEAD bucket fails
   * @param credentialsFile recorded in the settings (null: the environment)
   */
  public record CreateOptions(
      String hostname,
      boolean overwriteInUse,
      boolean reuse,
      boolean createBucket,
      Path credentialsFile) {
    public CreateOptions {
      Objects.requireNonNull(hostname, "hostname");
    }
  }

  /**
   * Creates the datastore cached at {@code cacheDir} on {@code config}'s bucket prefix, in PBS's
   * order: HEAD bucket, the {@code .in-use} check, the cache's chunk store, the marker, then (with
   * {@code reuse}) s3-refresh. The settings file is written last, so a failed create leaves no
   * datastore that commands would open.
   *
   * @throws InUseMarker.S3DatastoreInUseException if another host's marker is there
   */
  public static S3Datastore create(
      Path cacheDir,
      S3DatastoreConfig config,
      CreateOptions options,
      ChunkStoreOptions storeOptions)
      throws IOException {
    S3StoreClient client = S3StoreClient.open(config);
    ChunkStore cache = null;
    try {
      try {
        client.checkBucket();
      } catch (S3StoreException e) {
        if (!options.createBucket()) {
          throw new S3Calls.S3IOException(e);
        }
        S3Calls.io(client::createBucket);
      }
      InUseMarker.check(client, options.hostname(), options.overwriteInUse());
      if (!options.reuse() && holdsData(client)) {
        throw new IOException(
            "bucket "
                + config.bucket()
                + " already holds datastore objects under "
                + config.keys().storePrefix()
                + " (open them with --reuse-datastore)");
      }
      cache = ChunkStore.create(cacheDir, storeOptions);
      InUseMarker.write(client, options.hostname());
      S3Refresh.Result r = options.reuse() ? S3Refresh.run(cache.base(), client) : null;
      S3DatastoreSettings.write(cache.base(), config, options.credentialsFile());
      S3Datastore ds = new S3Datastore(cache, client);
      if (r != null) {
        ds.refreshed = r;
      }
      return ds;
    } catch (IOException | RuntimeException e) {
      if (cache != null) { // leave no half-made cache that would open as a local datastore
        cache.close();
        try {
          for (String made : new String[] {".chunks", ".lock", ".jpbs"}) {
            S3Refresh.deleteTree(cache.base().resolve(made));
          }
        } catch (IOException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      client.close();
      throw e;
    }
  }

  /**
   * Opens the S3 datastore cached at {@code base}, credentials from the settings or {@code env}.
   */
  public static S3Datastore open(Path base, Map<String, String> env, ChunkStoreOptions storeOptions)
      throws IOException {
    S3DatastoreConfig config = S3DatastoreSettings.read(base, env);
    ChunkStore cache = ChunkStore.open(base, storeOptions);
    S3StoreClient client = null;
    try {
      client = S3StoreClient.open(config);
      return new S3Datastore(cache, client);
    } catch (IOException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      cache.close();
      throw e;
    }
  }

  /** An S3 datastore over an already created cache and a given client (tests: fault clients). */
  static S3Datastore of(ChunkStore cache, S3StoreClient client) throws IOException {
    return new S3Datastore(cache, client);
  }

  /** Rebuilds the cache's metadata from the bucket (s3-refresh). */
  public S3Refresh.Result refresh() throws IOException {
    refreshed = S3Refresh.run(cache.base(), client);
    return refreshed;
  }

  /** What the last refresh of this instance fetched (zero if none ran). */
  public S3Refresh.Result lastRefresh() {
    return refreshed;
  }

  public ChunkStore cache() {
    return cache;
  }

  public S3StoreClient client() {
    return client;
  }

  public Datastore datastore() {
    return datastore;
  }

  public S3ChunkBackend chunks() {
    return chunks;
  }

  /** True if the store prefix holds anything besides {@code .in-use}. */
  private static boolean holdsData(S3StoreClient client) throws IOException {
    S3ObjectKeys keys = client.config().keys();
    for (String prefix : new String[] {keys.contentPrefix(), keys.chunksPrefix()}) {
      if (!S3Calls.io(() -> client.listPage(prefix, null, 1)).objects().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds this process's request counts to the cache's {@link S3CounterFile} (best effort: a
   * read-only cache or a damaged counter file loses them, never the command), then closes the
   * client and the cache.
   */
  @Override
  public void close() {
    try {
      S3CounterFile.add(cache.base(), client.counters());
    } catch (java.io.IOException | RuntimeException e) {
      // statistics only: the command's own result stands
    } finally {
      try {
        client.close();
      } finally {
        cache.close();
      }
    }
  }
}
