package org.jpbs.datastore.sync;

import java.util.concurrent.atomic.LongAdder;

/** What every worker of one sync shares. */
record SyncContext(
    SyncEndpoint source,
    SyncEndpoint target,
    SyncOptions options,
    SyncCounters counters,
    RateLimit rate,
    SyncListener listener,
    SyncProbe probe,
    LongAdder progress) {

  /** Adds {@code bytes} of processed archive data and tells the listener. */
  void advance(long bytes) {
    progress.add(bytes);
    listener.progress(progress.sum());
  }
}
