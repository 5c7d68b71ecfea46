package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.cli.output.Output;
import org.jpbs.s3.InUseMarker;
import org.jpbs.s3.S3Datastore;
import org.jpbs.s3.S3DatastoreConfig;
import org.jpbs.s3.gc.ZeroChunkUpload;

/** {@code jpbs init --s3-endpoint ...}: an S3 datastore with {@code DIR} as its local cache. */
final class S3Init {
  private S3Init() {}

  /**
   * JSON result of an S3 {@code init}.
   *
   * @param path the cache directory (the datastore path for every later command)
   * @param bucket the bucket
   * @param store the store name (key prefix)
   * @param reused whether an existing datastore in the bucket was adopted
   * @param refreshedObjects metadata objects fetched into the cache
   * @param atimeCheck {@code passed} or {@code skipped}
   */
  record Result(
      Path path,
      String bucket,
      String store,
      boolean reused,
      long refreshedObjects,
      String atimeCheck) {}

  static int run(
      Path dir, S3Datastores.InitOptions o, boolean atimeCheck, InstantSource clock, Output out)
      throws IOException, CommandFailedException, InterruptedException {
    S3DatastoreConfig config = o.config(dir);
    try (S3Datastore ds =
        S3Datastore.create(dir, config, o.createOptions(), ChunkStoreOptions.defaults(clock))) {
      String check = "skipped";
      if (atimeCheck) {
        ZeroChunkUpload.ensure(ds.chunks()); // never a cache file without its object
        AtimeCheck.run(ds.cache());
        check = "passed";
      }
      long refreshed = ds.lastRefresh().objects();
      Result r =
          new Result(
              ds.cache().base(), config.bucket(), config.storeName(), o.reuse, refreshed, check);
      out.emit(
          r,
          w -> {
            w.println(
                "created S3 datastore "
                    + r.path()
                    + " on bucket "
                    + r.bucket()
                    + ", prefix "
                    + r.store()
                    + "/"
                    + (r.reused() ? " (adopted the existing datastore, cache rebuilt)" : ""));
            w.println("atime safety check: " + r.atimeCheck());
          });
      return ExitCodes.OK;
    } catch (InUseMarker.S3DatastoreInUseException e) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          e.getMessage(),
          "nothing was changed; add --overwrite-in-use only if that host no longer uses it",
          e);
    }
  }
}
