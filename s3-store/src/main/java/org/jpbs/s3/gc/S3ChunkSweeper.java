package org.jpbs.s3.gc;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;
import org.jpbs.gc.ChunkSweeper;
import org.jpbs.gc.GcSafetyException;
import org.jpbs.s3.S3StoreClient;

/**
 * Phase 2 of a GC on an S3 datastore: lists the bucket's {@code <store>/.chunks/} keys of the
 * request's prefix range (ListObjectsV2, 1,000 keys a page, {@code start-after} the range's first
 * directory), keeps the mark set's members, and deletes a non-member only when both its {@code
 * LastModified} (converted with the measured {@link StoreClock}) and its local cache file's atime
 * (if it has one) are older than the cutoff, in DeleteObjects batches of up to 1,000 keys decided
 * again and deleted under the batch's chunk-directory locks. Afterwards each directory's local
 * cache files whose object the listing did not contain are removed. See the package documentation
 * for the safety argument.
 *
 * <p>One sweeper per GC run (the clock is measured on its first listing); the sweep phase's slices
 * of one run are swept one after another.
 */
public final class S3ChunkSweeper implements ChunkSweeper {
  final S3StoreClient client;
  final ChunkStore cache;
  final InstantSource hostClock;
  final Duration maxSkew;
  final S3SweepProbe probe;
  final int batchKeys;
  final S3SweepStats stats = new S3SweepStats();

  /**
   * Candidates not deleted yet, carried from one slice into the next (a run killed meanwhile only
   * deletes them later); the last slice deletes the rest.
   */
  final List<S3SweepRun.Candidate> pending = new ArrayList<>();

  /** The listing, carried across slices as well. */
  final ChunkListing listing = new ChunkListing(this);

  /**
   * @param client the datastore's client (its counters count every request)
   * @param cache the local cache (its chunk-directory locks exclude the S3 inserts)
   * @param hostClock this host's wall clock (the skew is measured against it)
   * @param maxSkew the largest tolerated skew between the store's clock and the host's
   * @param probe test observer of the sweep's steps ({@link S3SweepProbe#NONE})
   * @param batchKeys keys per delete batch, 1..1000 (1000; tests use fewer)
   */
  public S3ChunkSweeper(
      S3StoreClient client,
      ChunkStore cache,
      InstantSource hostClock,
      Duration maxSkew,
      S3SweepProbe probe,
      int batchKeys) {
    if (batchKeys < 1 || batchKeys > S3StoreClient.PAGE_KEYS) {
      throw new IllegalArgumentException("batch keys must be 1..1000: " + batchKeys);
    }
    this.batchKeys = batchKeys;
    this.client = Objects.requireNonNull(client, "client");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.hostClock = Objects.requireNonNull(hostClock, "hostClock");
    this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  /** Requests, deletions and cleaned cache files so far. */
  public S3SweepStats stats() {
    return stats;
  }

  @Override
  public SweepReport sweep(SweepRequest request) throws IOException {
    if (request.referenced() == null) {
      throw new GcSafetyException(
          "the S3 sweep needs the referenced chunks of phase 1: run with mark mode 'set'");
    }
    return new S3SweepRun(this, request).run();
  }
}
