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
 * A memory-mapped, validated fixed index ({@code .fidx}, grammar in {@link FixedIndexFormat}).
 *
 * <p>{@link #open} checks, before returning: magic, length ≥ 4096, chunk size a power of two in
 * [1, 2^30], size in [0, 2^63), and file length == 4096 + 32·ceil(size/chunkSize) exactly. The
 * checksum is checked only by {@link #verifyChecksum()}. Files with 0 entries (size 0) are
 * accepted, unlike PBS (whose zero-length mmap fails). The file channel is closed right after
 * mapping; the reader owns only the mapping. Thread safety and close: see {@link IndexFile}.
 */
public final class FixedIndexReader implements IndexFile {
  private final Path path;
  private final UUID uuid;
  private final long ctime;
  private final byte[] storedCsum;
  private final long size;
  private final int chunkSize;
  private final int count;
  private final MappedEntries entries;
  private boolean closed;

  private FixedIndexReader(Path path, ByteBuffer header, long size, int chunkSize, MappedEntries entries) {
    this.path = path;
    this.uuid = IndexHeaders.uuid(header, FixedIndexFormat.UUID_OFFSET);
    this.ctime = header.getLong(FixedIndexFormat.CTIME_OFFSET);
    this.storedCsum = new byte[FixedIndexFormat.CSUM_SIZE];
    header.get(FixedIndexFormat.CSUM_OFFSET, storedCsum);
    this.size = size;
    this.chunkSize = chunkSize;
    this.entries = entries;
    this.count = entries.count();
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
    Objects.requireNonNull(path, "path");
    String res = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long length = ch.size();
      ByteBuffer h = IndexHeaders.read(ch, length, path, FixedIndexFormat.MAGIC, "fixed index");
      long chunkSize = h.getLong(FixedIndexFormat.CHUNK_SIZE_OFFSET);
      if (!FixedIndexFormat.isValidChunkSize(chunkSize)) {
        throw new CorruptFileException(
            res, FixedIndexFormat.CHUNK_SIZE_OFFSET, "fixed index chunk size invalid",
            "a power of two in [1, 2^30]", Long.toUnsignedString(chunkSize));
      }
      long size = h.getLong(FixedIndexFormat.SIZE_OFFSET);
      if (size < 0) {
        throw new CorruptFileException(
            res, FixedIndexFormat.SIZE_OFFSET, "fixed index size too large", "< 2^63", Long.toUnsignedString(size));
      }
      long n = FixedIndexFormat.entryCount(size, chunkSize);
      long expectedLength = n > Integer.MAX_VALUE ? -1 : FixedIndexFormat.fileLength(n);
      if (expectedLength != length) {
        throw new CorruptFileException(
            res, FixedIndexFormat.HEADER_SIZE,
            "fixed index file length does not match size " + size + " / chunk size " + chunkSize
                + " (file truncated or header corrupt?)",
            n > Integer.MAX_VALUE ? n + " entries (more than jpbs supports)" : expectedLength + " bytes",
            length + " bytes");
      }
      MappedEntries e = MappedEntries.map(
          ch, FileChannel.MapMode.READ_ONLY, FixedIndexFormat.HEADER_SIZE,
          FixedIndexFormat.ENTRY_SIZE, (int) n, segmentShift);
      return new FixedIndexReader(path, h, size, (int) chunkSize, e);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public FileMagic magic() {
    return FixedIndexFormat.MAGIC;
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
    return entries.beLong(i, FixedIndexFormat.ENTRY_DIGEST_OFFSET + (w << 3));
  }

  @Override
  public void copyDigest(int i, byte[] dst, int off) {
    ensureOpen();
    Objects.checkIndex(i, count);
    Objects.checkFromIndexSize(off, ChunkDigest.SIZE, dst.length);
    entries.get(i, FixedIndexFormat.ENTRY_DIGEST_OFFSET, dst, off, ChunkDigest.SIZE);
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
          path.toString(), FixedIndexFormat.CSUM_OFFSET, "fixed index csum mismatch",
          IndexHeaders.hex(storedCsum), IndexHeaders.hex(actual));
    }
  }

  @Override
  public void verify() throws CorruptFileException {
    verifyChecksum();
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
    return "FixedIndexReader[" + path + ", " + count + " entries]";
  }
}
