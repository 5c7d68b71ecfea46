package org.jpbs.s3.gc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import org.jpbs.s3.S3ObjectInfo;
import org.jpbs.s3.S3StoreClient;
import org.jpbs.s3.S3StoreException;

/**
 * The one ListObjectsV2 listing of {@code <store>/.chunks/} a GC's sweep reads, page by page (1,000
 * keys), carried from one sweep slice into the next so that no page is fetched twice: LIST requests
 * = ⌈objects / 1000⌉. It starts after the first directory the first slice asks for (a resumed run
 * skips the directories it swept before). The first page's {@code Date} header gives the {@link
 * StoreClock}.
 */
final class ChunkListing {
  private final S3ChunkSweeper sweeper;
  private final ArrayDeque<S3ObjectInfo> page = new ArrayDeque<>();
  private String token;
  private boolean started;
  private boolean exhausted;

  ChunkListing(S3ChunkSweeper sweeper) {
    this.sweeper = sweeper;
  }

  /** The next listed object, or null after the last. */
  S3ObjectInfo next(int firstPrefix, BooleanSupplier abort) throws IOException {
    while (page.isEmpty()) {
      if (exhausted) {
        return null;
      }
      if (abort.getAsBoolean()) {
        throw new InterruptedIOException("S3 sweep aborted");
      }
      fetch(firstPrefix);
    }
    return page.poll();
  }

  /** Returns an object that belongs to the next slice. */
  void pushBack(S3ObjectInfo o) {
    page.addFirst(o);
  }

  private void fetch(int firstPrefix) throws IOException {
    String prefix = sweeper.client.config().keys().chunksPrefix();
    // "<store>/.chunks/4000" sorts after every key of directory 3fff and before those of 4000
    String startAfter = started ? null : prefix + String.format("%04x", firstPrefix);
    Instant before = sweeper.hostClock.instant();
    S3StoreClient.ListPage p;
    try {
      p = sweeper.client.listPage(prefix, startAfter, token, S3StoreClient.PAGE_KEYS);
    } catch (S3StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
    Instant after = sweeper.hostClock.instant();
    sweeper.stats.listRequests.incrementAndGet();
    started = true;
    token = p.nextToken();
    exhausted = token == null;
    if (sweeper.stats.clock == null) {
      sweeper.stats.clock =
          StoreClock.measure(
              before,
              p.serverDate(),
              after,
              sweeper.maxSkew,
              String.valueOf(sweeper.client.config().endpoint()));
    }
    page.addAll(p.objects());
    sweeper.probe.at(S3SweepProbe.Step.PAGE_LISTED);
  }
}
