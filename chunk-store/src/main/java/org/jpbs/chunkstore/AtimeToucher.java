package org.jpbs.chunkstore;

import java.io.IOException;
import org.jpbs.format.ChunkDigest;

/**
 * Sets a chunk file's atime to "now" without following symlinks and without changing mtime (PBS
 * {@code cond_touch_chunk}, spec §3.3). Takes no lock: callers hold the chunk lock.
 *
 * <p>Implementations are thread-safe; the JNA one allocates nothing per call.
 */
interface AtimeToucher {
  /**
   * Touches {@code .chunks/<prefix>/<hex>}.
   *
   * @return true if the chunk exists (and was touched), false if it is absent (ENOENT)
   * @throws IOException for any other failure, naming the path and the errno
   */
  boolean touch(ChunkDigest digest) throws IOException;

  /**
   * As {@link #touch(ChunkDigest)} for the digest with big-endian words {@code w0..w3} (see {@link
   * ChunkDigest#word}); the JNA implementation allocates nothing.
   */
  boolean touch(long w0, long w1, long w2, long w3) throws IOException;

  /**
   * Touches {@code .chunks/<prefix>/<hex>.<n>.bad} (a copy renamed by verify), as PBS's mark phase
   * does for a referenced chunk that is missing.
   *
   * @param n 0..9
   * @return true if that file exists
   */
  boolean touchBadCopy(ChunkDigest digest, int n) throws IOException;

  /** Short name for logs: "jna-utimensat" or "nio-setTimes". */
  String name();
}
