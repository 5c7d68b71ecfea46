package org.jpbs.format;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An open, validated chunk index file ({@code .fidx} or {@code .didx}): the list of chunk digests a
 * backup archive references.
 *
 * <p>Implementations are {@link FixedIndexReader} and {@link DynamicIndexReader}; {@link
 * IndexFiles#open} picks one by magic. Everything checked on open (length, magic, length relations)
 * holds for the life of the object; the checksum and O(n) invariants are checked only on demand by
 * {@link #verifyChecksum()} / {@link #verify()}.
 *
 * <p>Thread safety: the accessors may be called from several threads concurrently. {@link #close()}
 * releases the memory mapping immediately; it must not race with accessors in other threads (doing
 * so may crash the JVM, as with Lucene's {@code MMapDirectory}). Use after close throws {@link
 * AlreadyClosedException}.
 */
public interface IndexFile extends AutoCloseable {

  /** The file this index was opened from. */
  Path path();

  /** The magic identifying the format. */
  FileMagic magic();

  /** Number of entries (chunks); 0 is accepted (PBS cannot map such files, jpbs can). */
  int count();

  /**
   * Big-endian word {@code w} (0..3) of digest {@code i}, as {@link ChunkDigest#word}; allocates
   * nothing. The hot accessor for GC marking.
   *
   * @throws IndexOutOfBoundsException if {@code i} or {@code w} is out of range
   */
  long digestWord(int i, int w);

  /** Copies the 32 bytes of digest {@code i} into {@code dst[off..off+32)}; allocates nothing. */
  void copyDigest(int i, byte[] dst, int off);

  /** Digest {@code i} as a value object (allocates). */
  default ChunkDigest digest(int i) {
    return ChunkDigest.ofWords(
        digestWord(i, 0), digestWord(i, 1), digestWord(i, 2), digestWord(i, 3));
  }

  /**
   * Bytes of archive data the index describes: fixed = image size, dynamic = last end (0 if empty).
   */
  long indexBytes();

  /** The header's ctime (epoch seconds at writer creation; unchecked by any checksum). */
  long ctime();

  /** The header's uuid (unchecked by any checksum). */
  UUID uuid();

  /** A copy of the 32-byte {@code index_csum} stored in the header. */
  byte[] storedChecksum();

  /** SHA-256 over the entry area as it is now on disk (reads the whole area). */
  byte[] computeChecksum();

  /**
   * Recomputes the checksum and compares it with the stored one.
   *
   * @throws CorruptFileException naming the file, offset of the csum field, expected (stored) and
   *     actual (computed) hex
   */
  void verifyChecksum() throws CorruptFileException;

  /**
   * Full verification: {@link #verifyChecksum()} plus the O(n) structural invariants of the format
   * (dynamic: end offsets non-decreasing and below 2^63).
   */
  void verify() throws CorruptFileException;

  /**
   * Passes each memory-mapped region of the entry area to {@code action}, read-only, e.g. to let
   * the kernel drop this process's resident pages of a file already read (nothing for an index that
   * is not mapped). Only while the index is open: a region must not be used after {@link #close()},
   * which unmaps it.
   */
  default void forEachMapping(Consumer<? super ByteBuffer> action) {}

  /** Releases the mapping; idempotent. */
  @Override
  void close();

  /** Thrown when an index is used after {@link #close()}. */
  final class AlreadyClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the closed index
     */
    public AlreadyClosedException(Path path) {
      super("index already closed: " + path);
    }
  }
}
