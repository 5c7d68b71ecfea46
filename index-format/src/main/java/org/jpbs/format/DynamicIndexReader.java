package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A memory-mapped, validated dynamic index ({@code .didx}, grammar in {@link DynamicIndexFormat}).
 *
 * <p>{@link #open} checks, before returning: magic, length ≥ 4096, and (length − 4096) a multiple
 * of 40. The checksum ({@link #verifyChecksum()}) and the O(n) ordering of end offsets ({@link
 * #verify()}) are checked on demand only. Unlike PBS, {@link #ctime()} is read from the header
 * (PBS's reader reports "now"), and files with 0 entries are accepted (PBS's zero-length mmap
 * fails). The file channel is closed right after mapping. Thread safety and close: see {@link
 * IndexFile}.
 */
public final class DynamicIndexReader implements IndexFile {
  private final Path path;
  private final UUID uuid;
  private final long ctime;
  private final byte[] storedCsum;
  private final int count;
  private final MappedEntries entries;
  private boolean closed;

  private DynamicIndexReader(Path path, ByteBuffer header, MappedEntries entries) {
    this.path = path;
    this.uuid = IndexHeaders.uuid(header, DynamicIndexFormat.UUID_OFFSET);
    this.ctime = header.getLong(DynamicIndexFormat.CTIME_OFFSET);
    this.storedCsum = new byte[DynamicIndexFormat.CSUM_SIZE];
    header.get(DynamicIndexFormat.CSUM_OFFSET, storedCsum);
    this.entries = entries;
    this.count = entries.count();
  }

  /**
   * Opens and validates a dynamic index.
   *
   * @throws UnsupportedFormatException if the magic is not the dynamic index magic
   * @throws CorruptFileException if the file length is inconsistent
   */
  public static DynamicIndexReader open(Path path) throws IOException {
    return open(path, MappedEntries.DEFAULT_SHIFT);
  }

  static DynamicIndexReader open(Path path, int segmentShift) throws IOException {
    Objects.requireNonNull(path, "path");
    String res = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long length = ch.size();
      ByteBuffer h = IndexHeaders.read(ch, length, path, DynamicIndexFormat.MAGIC, "dynamic index");
      long area = length - DynamicIndexFormat.HEADER_SIZE;
      if (area % DynamicIndexFormat.ENTRY_SIZE != 0) {
        long whole = area / DynamicIndexFormat.ENTRY_SIZE;
        throw new CorruptFileException(
            res, DynamicIndexFormat.fileLength(whole),
            "dynamic index entry area is not a multiple of " + DynamicIndexFormat.ENTRY_SIZE
                + " bytes (file truncated?)",
            DynamicIndexFormat.fileLength(whole) + " or " + DynamicIndexFormat.fileLength(whole + 1) + " bytes",
            length + " bytes");
      }
      long n = area / DynamicIndexFormat.ENTRY_SIZE;
      if (n > Integer.MAX_VALUE) {
        throw new CorruptFileException(
            res, DynamicIndexFormat.HEADER_SIZE, "dynamic index has more entries than jpbs supports",
            "<= " + Integer.MAX_VALUE, n);
      }
      MappedEntries e = MappedEntries.map(
          ch, FileChannel.MapMode.READ_ONLY, DynamicIndexFormat.HEADER_SIZE,
          DynamicIndexFormat.ENTRY_SIZE, (int) n, segmentShift);
      return new DynamicIndexReader(path, h, e);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public FileMagic magic() {
    return DynamicIndexFormat.MAGIC;
  }

  @Override
  public int count() {
    ensureOpen();
    return count;
  }

  @Override
  public long digestWord(int i, int w) {
    ensureOpen();
    Objects.checkIndex(i, count);
    Objects.checkIndex(w, 4);
    return entries.beLong(i, DynamicIndexFormat.ENTRY_DIGEST_OFFSET + (w << 3));
  }

  @Override
  public void copyDigest(int i, byte[] dst, int off) {
    ensureOpen();
    Objects.checkIndex(i, count);
    Objects.checkFromIndexSize(off, ChunkDigest.SIZE, dst.length);
    entries.get(i, DynamicIndexFormat.ENTRY_DIGEST_OFFSET, dst, off, ChunkDigest.SIZE);
  }

  /**
   * The stored (exclusive) end offset of chunk {@code i} in the archive. Raw u64 bits: unchecked
   * until {@link #verify()}.
   */
  public long chunkEnd(int i) {
    ensureOpen();
    Objects.checkIndex(i, count);
    return entries.leLong(i, DynamicIndexFormat.ENTRY_END_OFFSET);
  }

  /** The start offset of chunk {@code i}: the end of chunk {@code i-1}, or 0. */
  public long chunkStart(int i) {
    ensureOpen();
    Objects.checkIndex(i, count);
    return i == 0 ? 0 : entries.leLong(i - 1, DynamicIndexFormat.ENTRY_END_OFFSET);
  }

  @Override
  public long indexBytes() {
    ensureOpen();
    return count == 0 ? 0 : entries.leLong(count - 1, DynamicIndexFormat.ENTRY_END_OFFSET);
  }

  @Override
  public long ctime() {
    ensureOpen();
    return ctime;
  }

  @Override
  public UUID uuid() {
    ensureOpen();
    return uuid;
  }

  @Override
  public byte[] storedChecksum() {
    ensureOpen();
    return storedCsum.clone();
  }

  @Override
  public byte[] computeChecksum() {
    ensureOpen();
    MessageDigest md = ChunkDigest.newSha256();
    entries.digestInto(md);
    return md.digest();
  }

  @Override
  public void verifyChecksum() throws CorruptFileException {
    byte[] actual = computeChecksum();
    if (!Arrays.equals(actual, storedCsum)) {
      throw new CorruptFileException(
          path.toString(), DynamicIndexFormat.CSUM_OFFSET, "dynamic index csum mismatch",
          IndexHeaders.hex(storedCsum), IndexHeaders.hex(actual));
    }
  }

  /**
   * {@link #verifyChecksum()}, then checks that end offsets are below 2^63 and non-decreasing.
   *
   * @throws CorruptFileException naming the offset of the first bad entry
   */
  @Override
  public void verify() throws CorruptFileException {
    verifyChecksum();
    long prev = 0;
    for (int i = 0; i < count; i++) {
      long end = entries.leLong(i, DynamicIndexFormat.ENTRY_END_OFFSET);
      if (end < prev) {
        throw new CorruptFileException(
            path.toString(),
            DynamicIndexFormat.fileLength(i) + DynamicIndexFormat.ENTRY_END_OFFSET,
            "dynamic index end offset of entry " + i + " decreases",
            ">= " + prev, Long.toUnsignedString(end));
      }
      prev = end;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      entries.release();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new AlreadyClosedException(path);
    }
  }

  @Override
  public String toString() {
    return "DynamicIndexReader[" + path + ", " + count + " entries]";
  }
}
