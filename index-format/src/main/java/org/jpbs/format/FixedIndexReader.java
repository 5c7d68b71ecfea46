package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A memory-mapped, validated fixed index ({@code .fidx}, grammar in {@link FixedIndexFormat}).
 *
 * <p>{@link #open} checks, before returning: magic, length ≥ 4096, chunk size a power of two in [1,
 * 2^30], size in [0, 2^63), and file length == 4096 + 32·ceil(size/chunkSize) exactly. The checksum
 * is checked only by {@link #verifyChecksum()}. Files with 0 entries (size 0) are accepted, unlike
 * PBS (whose zero-length mmap fails). The file channel is closed right after mapping; the reader
 * owns only the mapping. Thread safety and close: see {@link IndexFile}.
 */
public final class FixedIndexReader extends MappedIndex {
  private final long size;
  private final int chunkSize;

  private FixedIndexReader(Path path, ByteBuffer header, MappedEntries entries) {
    super(path, FixedIndexFormat.KIND, header, entries);
    this.size = header.getLong(FixedIndexFormat.SIZE_OFFSET);
    this.chunkSize = (int) header.getLong(FixedIndexFormat.CHUNK_SIZE_OFFSET);
  }

  /**
   * Opens and validates a fixed index.
   *
   * @throws UnsupportedFormatException if the magic is not the fixed index magic
   * @throws CorruptFileException if the header or the file length is inconsistent
   */
  public static FixedIndexReader open(Path path) throws IOException {
    return open(path, MappedEntries.DEFAULT_SHIFT);
  }

  static FixedIndexReader open(Path path, int segmentShift) throws IOException {
    MappedIndex.Layout layout = (h, length) -> entryCount(path, h, length);
    return MappedIndex.open(
        path,
        FixedIndexFormat.KIND,
        segmentShift,
        layout,
        (h, e) -> new FixedIndexReader(path, h, e));
  }

  /**
   * Chunk size a power of two in [1, 2^30], size below 2^63, length = 4096 + 32·ceil(size/chunk).
   */
  private static int entryCount(Path path, ByteBuffer h, long length) throws CorruptFileException {
    String res = path.toString();
    long chunkSize = h.getLong(FixedIndexFormat.CHUNK_SIZE_OFFSET);
    if (!FixedIndexFormat.isValidChunkSize(chunkSize)) {
      throw new CorruptFileException(
          res,
          FixedIndexFormat.CHUNK_SIZE_OFFSET,
          "fixed index chunk size invalid",
          "a power of two in [1, 2^30]",
          Long.toUnsignedString(chunkSize));
    }
    long size = h.getLong(FixedIndexFormat.SIZE_OFFSET);
    if (size < 0) {
      throw new CorruptFileException(
          res,
          FixedIndexFormat.SIZE_OFFSET,
          "fixed index size too large",
          "< 2^63",
          Long.toUnsignedString(size));
    }
    long n = FixedIndexFormat.entryCount(size, chunkSize);
    long expectedLength = n > Integer.MAX_VALUE ? -1 : FixedIndexFormat.fileLength(n);
    if (expectedLength != length) {
      throw new CorruptFileException(
          res,
          FixedIndexFormat.HEADER_SIZE,
          "fixed index file length does not match size "
              + size
              + " / chunk size "
              + chunkSize
              + " (file truncated or header corrupt?)",
          n > Integer.MAX_VALUE
              ? n + " entries (more than jpbs supports)"
              : expectedLength + " bytes",
          length + " bytes");
    }
    return (int) n;
  }

  @Override
  public FileMagic magic() {
    return FixedIndexFormat.MAGIC;
  }

  /** The image size in bytes (header field). */
  public long size() {
    ensureOpen();
    return size;
  }

  /** Bytes per chunk (header field); only the last chunk may be shorter. */
  public int chunkSize() {
    ensureOpen();
    return chunkSize;
  }

  @Override
  public long indexBytes() {
    return size();
  }

  @Override
  public void verify() throws CorruptFileException {
    verifyChecksum();
  }
}
