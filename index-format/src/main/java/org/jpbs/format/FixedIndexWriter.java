package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a fixed index ({@code .fidx}) atomically, as PBS's {@code FixedIndexWriter} (spec §2.4).
 *
 * <p>{@link #create} writes the header (csum zero) to the temp file {@code <stem>.tmp_fidx} (Rust
 * {@code set_extension("tmp_fidx")}, spec §1.9) and sizes it to {@code 4096 + 32·n}; the entry area
 * is memory-mapped so {@link #setDigest} may fill it in any order. {@link #commit} requires every
 * entry to have been set (jpbs refuses to publish the zero digests PBS would leave), writes the
 * SHA-256 of the entry area at offset 32, optionally fsyncs, and renames onto the final name.
 * {@link #close()} without a commit is an abort: the temp file is deleted. A partial file therefore
 * never appears under the final name. Not thread-safe.
 */
public final class FixedIndexWriter implements AutoCloseable {
  /** Extension of the temp file. */
  public static final String TEMP_EXTENSION = "tmp_fidx";

  private final PendingIndexFile file;
  private final long size;
  private final int chunkSize;
  private final int count;
  private final BitSet set;
  private MappedEntries entries;

  private FixedIndexWriter(PendingIndexFile file, long size, int chunkSize, int count) {
    this.file = file;
    this.size = size;
    this.chunkSize = chunkSize;
    this.count = count;
    this.set = new BitSet(count);
  }

  /** Creates a writer with a random uuid and ctime = now from {@code clock}. */
  public static FixedIndexWriter create(
      Path finalPath, long size, int chunkSize, InstantSource clock) throws IOException {
    return create(finalPath, size, chunkSize, UUID.randomUUID(), clock.instant().getEpochSecond());
  }

  /**
   * Creates a writer with an explicit uuid and ctime (epoch seconds).
   *
   * @throws IllegalArgumentException if size is negative, chunkSize is not a power of two in [1,
   *     2^30], or the index would have more than 2^31-1 entries
   */
  public static FixedIndexWriter create(
      Path finalPath, long size, int chunkSize, UUID uuid, long ctime) throws IOException {
    Objects.requireNonNull(uuid, "uuid");
    long n = FixedIndexFormat.entryCount(size, chunkSize);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many entries: " + n);
    }
    PendingIndexFile file =
        PendingIndexFile.create(
            finalPath,
            TEMP_EXTENSION,
            true,
            FixedIndexFormat.MAGIC,
            uuid,
            ctime,
            h -> {
              h.putLong(FixedIndexFormat.SIZE_OFFSET, size);
              h.putLong(FixedIndexFormat.CHUNK_SIZE_OFFSET, chunkSize);
            });
    FixedIndexWriter w = new FixedIndexWriter(file, size, chunkSize, (int) n);
    try {
      if (n > 0) {
        file.write(ByteBuffer.wrap(new byte[1]), FixedIndexFormat.fileLength(n) - 1);
      }
      w.entries =
          MappedEntries.map(
              file.channel(),
              FileChannel.MapMode.READ_WRITE,
              FixedIndexFormat.HEADER_SIZE,
              FixedIndexFormat.ENTRY_SIZE,
              (int) n,
              MappedEntries.DEFAULT_SHIFT);
    } catch (IOException | RuntimeException e) {
      w.closeSuppressing(e);
      throw e;
    }
    return w;
  }

  /** Number of entries: ceil(size / chunkSize). */
  public int count() {
    return count;
  }

  /** The image size. */
  public long size() {
    return size;
  }

  /** Bytes per chunk. */
  public int chunkSize() {
    return chunkSize;
  }

  /** The temp file being written. */
  public Path tempPath() {
    return file.tempPath();
  }

  /** The name the index gets on commit. */
  public Path finalPath() {
    return file.finalPath();
  }

  /** Sets (or overwrites) entry {@code i}; any order. */
  public void setDigest(int i, ChunkDigest digest) {
    file.ensureWritable();
    Objects.checkIndex(i, count);
    byte[] b = digest.toBytes();
    entries.put(i, FixedIndexFormat.ENTRY_DIGEST_OFFSET, b, 0, ChunkDigest.SIZE);
    set.set(i);
  }

  /**
   * Writes the checksum, optionally fsyncs file and directory, and renames the temp file onto the
   * final name (replacing an existing file). On failure the temp file is removed.
   *
   * @return the 32-byte index checksum
   * @throws IllegalStateException if an entry was never set, or already committed/closed
   */
  public byte[] commit(boolean fsync) throws IOException {
    file.ensureWritable();
    int unset = set.nextClearBit(0);
    if (unset < count) {
      throw new IllegalStateException(
          "entry " + unset + " of " + count + " never set: " + file.tempPath());
    }
    byte[] csum;
    try {
      MessageDigest md = ChunkDigest.newSha256();
      entries.digestInto(md);
      csum = md.digest();
      if (fsync) {
        entries.force();
      }
      entries.release();
      entries = null;
    } catch (RuntimeException e) {
      closeSuppressing(e);
      throw e;
    }
    file.publish(csum, fsync);
    return csum;
  }

  /** Closes (aborting unless committed), attaching any failure to {@code primary}. */
  private void closeSuppressing(Exception primary) {
    try {
      close();
    } catch (IOException | RuntimeException s) {
      primary.addSuppressed(s);
    }
  }

  /** Discards the index: releases resources and deletes the temp file (no-op after commit). */
  public void abort() throws IOException {
    close();
  }

  /** Closes; without a prior {@link #commit} this aborts (deletes the temp file). Idempotent. */
  @Override
  public void close() throws IOException {
    if (entries != null) {
      entries.release();
      entries = null;
    }
    file.close();
  }
}
