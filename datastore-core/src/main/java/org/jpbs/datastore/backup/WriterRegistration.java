package org.jpbs.datastore.backup;

import java.io.IOException;

/**
 * Makes a chunk writer known to the garbage collector before it takes the store's shared lock (the
 * inversion that keeps datastore-core free of gc-engine: the caller passes gc-engine's {@code
 * GcStateStore.registerWriter} in as a lambda).
 *
 * <p>Contract: {@link #register} is called before {@code ChunkStore.acquireShared()}, and the
 * returned handle is closed only after that guard is released, so the GC never sees the {@code
 * .lock} holder without its registration.
 */
@FunctionalInterface
public interface WriterRegistration {
  /** Registers nothing (tests, stores that no jpbs GC ever runs on). */
  WriterRegistration NONE = (kind, description) -> () -> {};

  /**
   * Registers one writer.
   *
   * @param kind short kind, e.g. {@code "backup"}
   * @param description human-readable detail, e.g. the snapshot path
   * @return the registration; closing it unregisters
   */
  Handle register(String kind, String description) throws IOException;

  /** A live registration. */
  @FunctionalInterface
  interface Handle extends AutoCloseable {
    /** Unregisters; idempotence is up to the implementation. */
    @Override
    void close() throws IOException;
  }
}
