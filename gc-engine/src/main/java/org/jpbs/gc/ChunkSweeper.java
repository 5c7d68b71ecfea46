package org.jpbs.gc;

import java.io.IOException;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;

/**
 * The storage phase 2 lists and deletes from, one range of chunk prefixes at a time: the one place
 * a storage backend plugs into the sweep. {@link SweepPhase} slices the 65,536 prefixes, records
 * its progress and adds up the counters; the backend only sweeps the prefixes of {@link
 * SweepRequest#withPrefixRange its request} and classifies each chunk as spec §4.4 says.
 *
 * <p>{@link #of(GcEnvironment)} is the local chunk store (the 65,536 {@code XXXX} directories,
 * atimes read under the chunk-directory lock), the default of {@link GarbageCollector#run(
 * GcEnvironment, GcOptions, GcListener)}; an S3 datastore hands its own ({@code
 * org.jpbs.s3.gc.S3ChunkSweeper}: the bucket's {@code .chunks/XXXX/} keys of the same range) to
 * {@link GarbageCollector#run(GcEnvironment, GcOptions, GcListener, ChunkSweeper)}.
 */
@FunctionalInterface
public interface ChunkSweeper {
  /** Sweeps the prefix range of {@code request} and returns its counters. */
  SweepReport sweep(SweepRequest request) throws IOException, InterruptedException;

  /** The sweep of the run's chunk storage: the local chunk store's directory sweep. */
  static ChunkSweeper of(GcEnvironment env) {
    return env.chunkStore()::sweep;
  }
}
