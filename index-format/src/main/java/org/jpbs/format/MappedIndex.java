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
import java.util.function.Consumer;

/**
 * What both index readers share: the common header fields (uuid, ctime, {@code index_csum} at the
 * same offsets in both formats), the mapped entry area with the digest accessors, the checksum and
 * close. A format class adds only its own header fields, validation and entry fields.
 */
abstract sealed class MappedIndex implements IndexFile
    permits FixedIndexReader, DynamicIndexReader {
  private final Path path;
  private final String what;
  private final UUID uuid;
  private final long ctime;
  private final byte[] storedCsum;
  private final int digestOffset;
  final int count;
  final MappedEntries entries;
  private boolean closed;

  /**
   * What tells one index format from the other when opening and reading it.
   *
   * @param magic the format's magic
   * @param what the format's name in messages, e.g. {@code fixed index}
   * @param entrySize bytes per entry
   * @param digestOffset offset of the digest inside one entry
   */
  record Kind(FileMagic magic, String what, int entrySize, int digestOffset) {}

  /**
   * @param header the little-endian 4096-byte header, magic already checked
   */
  MappedIndex(Path path, Kind kind, ByteBuffer header, MappedEntries entries) {
    this.path = Objects.requireNonNull(path, "path");
    this.what = kind.what();
    this.uuid = IndexHeaders.uuid(header, IndexHeaderFormat.UUID_OFFSET);
    this.ctime = header.getLong(IndexHeaderFormat.CTIME_OFFSET);
    this.storedCsum = new byte[IndexHeaderFormat.CSUM_SIZE];
    header.get(IndexHeaderFormat.CSUM_OFFSET, storedCsum);
    this.entries = entries;
    this.count = entries.count();
    this.digestOffset = kind.digestOffset();
  }

  /** The format-specific check of a header against the file length. */
  @FunctionalInterface
  interface Layout {
    /**
     * @param header the little-endian header, magic checked
     * @param length the file length, at least the header size
     * @return the number of entries, at most {@link Integer#MAX_VALUE}
     * @throws CorruptFileException if the header and the length disagree
     */
    int entryCount(ByteBuffer header, long length) throws CorruptFileException;
  }

  /** Creates the format's reader from its checked header and mapped entries. */
  @FunctionalInterface
  interface Factory<T extends MappedIndex> {
    T create(ByteBuffer header, MappedEntries entries);
  }

  /**
   * The open sequence of both formats: read and check the header (magic, minimum length), let the
   * format check it against the length, map the entry area read-only and close the channel.
   */
  static <T extends MappedIndex> T open(
      Path path, Kind kind, int segmentShift, Layout layout, Factory<T> factory)
      throws IOException {
    Objects.requireNonNull(path, "path");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long length = ch.size();
      ByteBuffer header = IndexHeaders.read(ch, length, path, kind.magic(), kind.what());
      int n = layout.entryCount(header, length);
      MappedEntries entries =
          MappedEntries.map(
              ch,
              FileChannel.MapMode.READ_ONLY,
              IndexHeaderFormat.HEADER_SIZE,
              kind.entrySize(),
              n,
              segmentShift);
      return factory.create(header, entries);
    }
  }

  /** The format's name in messages, e.g. {@code fixed index}. */
  final String what() {
    return what;
  }

  @Override
  public final Path path() {
    return path;
  }

  @Override
  public final int count() {
    ensureOpen();
    return count;
  }

  @Override
  public final long digestWord(int i, int w) {
    ensureOpen();
    Objects.checkIndex(i, count);
    Objects.checkIndex(w, 4);
    return entries.beLong(i, digestOffset + (w << 3));
  }

  @Override
  public final void copyDigest(int i, byte[] dst, int off) {
    ensureOpen();
    Objects.checkIndex(i, count);
    Objects.checkFromIndexSize(off, ChunkDigest.SIZE, dst.length);
    entries.copyDigest(i, digestOffset, dst, off);
  }

  @Override
  public final long ctime() {
    ensureOpen();
    return ctime;
  }

  @Override
  public final UUID uuid() {
    ensureOpen();
    return uuid;
  }

  @Override
  public final byte[] storedChecksum() {
    ensureOpen();
    return storedCsum.clone();
  }

  @Override
  public final byte[] computeChecksum() {
    ensureOpen();
    MessageDigest md = ChunkDigest.newSha256();
    entries.digestInto(md);
    return md.digest();
  }

  @Override
  public final void verifyChecksum() throws CorruptFileException {
    byte[] actual = computeChecksum();
    if (!Arrays.equals(actual, storedCsum)) {
      throw new CorruptFileException(
          path.toString(),
          IndexHeaderFormat.CSUM_OFFSET,
          what() + " csum mismatch",
          IndexHeaders.hex(storedCsum),
          IndexHeaders.hex(actual));
    }
  }

  @Override
  public final void forEachMapping(Consumer<? super ByteBuffer> action) {
    ensureOpen();
    entries.forEachMapping(action);
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      entries.release();
    }
  }

  final void ensureOpen() {
    if (closed) {
      throw new AlreadyClosedException(path);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + path + ", " + count + " entries]";
  }
}
