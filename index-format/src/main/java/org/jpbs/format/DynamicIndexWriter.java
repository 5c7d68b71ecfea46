package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a dynamic index ({@code .didx}) atomically, as PBS's {@code DynamicIndexWriter} (spec
 * §2.5).
 *
 * <p>{@link #create} writes the header (csum zero) to the temp file {@code <stem>.tmp_didx} (spec
 * §1.9). {@link #append} adds entries sequentially through a 1 MiB buffer while a running SHA-256
 * is updated; end offsets must strictly increase (every chunk has ≥ 1 byte, as the backup protocol
 * requires). {@link #commit} writes the checksum at offset 32, optionally fsyncs, and renames onto
 * the final name. {@link #close()} without a commit is an abort that deletes the temp file, so a
 * partial file never appears under the final name. Not thread-safe.
 */
public final class DynamicIndexWriter implements AutoCloseable {
  /** Extension of the temp file. */
  public static final String TEMP_EXTENSION = "tmp_didx";

  static final int BUFFER_SIZE = 1 << 20;

  private final PendingIndexFile file;
  private final MessageDigest csum = ChunkDigest.newSha256();
  private final byte[] buf = new byte[BUFFER_SIZE - BUFFER_SIZE % DynamicIndexFormat.ENTRY_SIZE];
  private final ByteBuffer bufLe = IndexHeaders.littleEndian(buf);
  private long filePos = DynamicIndexFormat.HEADER_SIZE;
  private int bufPos;
  private long count;
  private long lastEnd;

  private DynamicIndexWriter(PendingIndexFile file) {
    this.file = file;
  }

  /** Creates a writer with a random uuid and ctime = now from {@code clock}. */
  public static DynamicIndexWriter create(Path finalPath, InstantSource clock) throws IOException {
    return create(finalPath, UUID.randomUUID(), clock.instant().getEpochSecond());
  }

  /** Creates a writer with an explicit uuid and ctime (epoch seconds). */
  public static DynamicIndexWriter create(Path finalPath, UUID uuid, long ctime)
      throws IOException {
    Objects.requireNonNull(uuid, "uuid");
    return new DynamicIndexWriter(
        PendingIndexFile.create(
            finalPath, TEMP_EXTENSION, false, DynamicIndexFormat.MAGIC, uuid, ctime, null));
  }

  /**
   * Appends the chunk ending at {@code endOffset} (exclusive) with {@code digest}.
   *
   * @throws IllegalArgumentException if {@code endOffset} is not greater than the previous end (or
   *     0 for the first entry)
   */
  public void append(long endOffset, ChunkDigest digest) throws IOException {
    file.ensureWritable();
    Objects.requireNonNull(digest, "digest");
    if (endOffset <= lastEnd) {
      throw new IllegalArgumentException(
          "end offset must increase: "
              + endOffset
              + " after "
              + lastEnd
              + " ("
              + file.tempPath()
              + ")");
    }
    if (count == Integer.MAX_VALUE) {
      throw new IllegalStateException("too many entries: " + file.tempPath());
    }
    if (bufPos == buf.length) {
      flush();
    }
    bufLe.putLong(bufPos + DynamicIndexFormat.ENTRY_END_OFFSET, endOffset);
    digest.writeTo(buf, bufPos + DynamicIndexFormat.ENTRY_DIGEST_OFFSET);
    bufPos += DynamicIndexFormat.ENTRY_SIZE;
    lastEnd = endOffset;
    count++;
  }

  /** Entries appended so far. */
  public int count() {
    return (int) count;
  }

  /** End offset of the last entry (archive size so far), 0 if none. */
  public long lastEnd() {
    return lastEnd;
  }

  /** The temp file being written. */
  public Path tempPath() {
    return file.tempPath();
  }

  /** The name the index gets on commit. */
  public Path finalPath() {
    return file.finalPath();
  }

  /**
   * Writes the checksum, optionally fsyncs file and directory, and renames the temp file onto the
   * final name. On failure the temp file is removed.
   *
   * @return the 32-byte index checksum
   */
  public byte[] commit(boolean fsync) throws IOException {
    file.ensureWritable();
    try {
      flush();
    } catch (IOException | RuntimeException e) {
      file.closeSuppressing(e);
      throw e;
    }
    byte[] sum = csum.digest();
    file.publish(sum, fsync);
    return sum;
  }

  /** Discards the index and deletes the temp file (no-op after commit). */
  public void abort() throws IOException {
    close();
  }

  /** Closes; without a prior {@link #commit} this aborts (deletes the temp file). Idempotent. */
  @Override
  public void close() throws IOException {
    file.close();
  }

  private void flush() throws IOException {
    if (bufPos > 0) {
      csum.update(buf, 0, bufPos);
      file.write(ByteBuffer.wrap(buf, 0, bufPos), filePos);
      filePos += bufPos;
      bufPos = 0;
    }
  }
}
