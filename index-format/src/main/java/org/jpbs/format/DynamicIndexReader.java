package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

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
public final class DynamicIndexReader extends MappedIndex {
  private DynamicIndexReader(Path path, ByteBuffer header, MappedEntries entries) {
    super(path, DynamicIndexFormat.KIND, header, entries);
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
    MappedIndex.Layout layout = (h, length) -> entryCount(path, length);
    return MappedIndex.open(
        path,
        DynamicIndexFormat.KIND,
        segmentShift,
        layout,
        (h, e) -> new DynamicIndexReader(path, h, e));
  }

  /** The entry area is a whole number of 40-byte entries, at most 2^31 − 1 of them. */
  private static int entryCount(Path path, long length) throws CorruptFileException {
    String res = path.toString();
    long area = length - DynamicIndexFormat.HEADER_SIZE;
    if (area % DynamicIndexFormat.ENTRY_SIZE != 0) {
      long whole = area / DynamicIndexFormat.ENTRY_SIZE;
      throw new CorruptFileException(
          res,
          DynamicIndexFormat.fileLength(whole),
          "dynamic index entry area is not a multiple of "
              + DynamicIndexFormat.ENTRY_SIZE
              + " bytes (file truncated?)",
          DynamicIndexFormat.fileLength(whole)
              + " or "
              + DynamicIndexFormat.fileLength(whole + 1)
              + " bytes",
          length + " bytes");
    }
    long n = area / DynamicIndexFormat.ENTRY_SIZE;
    if (n > Integer.MAX_VALUE) {
      throw new CorruptFileException(
          res,
          DynamicIndexFormat.HEADER_SIZE,
          "dynamic index has more entries than jpbs supports",
          "<= " + Integer.MAX_VALUE,
          n);
    }
    return (int) n;
  }

  @Override
  public FileMagic magic() {
    return DynamicIndexFormat.MAGIC;
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
            path().toString(),
            DynamicIndexFormat.fileLength(i) + DynamicIndexFormat.ENTRY_END_OFFSET,
            "dynamic index end offset of entry " + i + " decreases",
            ">= " + prev,
            Long.toUnsignedString(end));
      }
      prev = end;
    }
  }
}
