package org.jpbs.datastore.sync;

import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jpbs.format.ChunkDigest;

/**
 * What every worker of one sync shares; {@code dryRunCopies} holds the chunks a dry run counted as
 * copied (a later snapshot then finds them present, as the real run would).
 */
record SyncContext(
    SyncEndpoint source,
    SyncEndpoint target,
    SyncOptions options,
    SyncCounters counters,
    RateLimit rate,
    SyncListener listener,
    SyncProbe probe,
    LongAdder progress,
    Set<ChunkDigest> dryRunCopies) {

  /** Adds {@code bytes} of processed archive data and tells the listener. */
  void advance(long bytes) {
    progress.add(bytes);
    listener.progress(progress.sum());
  }
}
