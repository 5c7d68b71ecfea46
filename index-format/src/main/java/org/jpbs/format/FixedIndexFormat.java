package org.jpbs.format;

/**
 * The fixed index ({@code .fidx}) byte grammar (spec §2.4): a 4096-byte header followed by one
 * 32-byte digest per fixed-size chunk of an image.
 *
 * <pre>
 * FixedIndex --&gt; Header, Digest^n
 * Header     --&gt; {@link IndexHeaderFormat shared prefix}, Size, ChunkSize, Reserved (4096 bytes)
 * Magic      --&gt; 8 bytes {@link FileMagic#FIXED_SIZED_CHUNK_INDEX_1_0} (2f7f41ed91fd0fcd)
 * Uuid       --&gt; 16 bytes, RFC 4122 byte order (not validated)
 * Ctime      --&gt; i64 LE, epoch seconds at writer creation (not validated)
 * IndexCsum  --&gt; 32 bytes, SHA-256(Digest_0 ‖ … ‖ Digest_{n-1}) = SHA-256 of the entry area
 * Size       --&gt; u64 LE, image size in bytes
 * ChunkSize  --&gt; u64 LE, bytes per chunk (PBS writes 4 MiB)
 * Reserved   --&gt; 4016 zero bytes (not validated)
 * Digest     --&gt; 32 bytes, SHA-256 chunk digest; chunk i covers [i·ChunkSize, min((i+1)·ChunkSize, Size))
 * n          =  ceil(Size / ChunkSize); file length = 4096 + 32·n exactly
 * </pre>
 *
 * <p>Checksum scope: {@code IndexCsum} covers only the entry area. Magic, uuid, ctime, size, chunk
 * size and reserved bytes are not checksummed; size and chunk size are only cross-checked through
 * the file-length relation above.
 *
 * <p>jpbs requires {@code ChunkSize} to be a power of two in {@code [1, 2^30]}: the PBS reader
 * computes chunk positions with {@code offset & (chunk_size - 1)}, so any other value would be
 * misread by PBS itself. {@code Size} must be {@code < 2^63}.
 */
public final class FixedIndexFormat {
  private FixedIndexFormat() {}

  /** The magic. */
  public static final FileMagic MAGIC = FileMagic.FIXED_SIZED_CHUNK_INDEX_1_0;

  /** Length of the size field (u64). */
  public static final int SIZE_SIZE = 8;

  /** Offset of the image size. */
  public static final int SIZE_OFFSET = IndexHeaderFormat.SHARED_END;

  /** Length of the chunk size field (u64). */
  public static final int CHUNK_SIZE_SIZE = 8;

  /** Offset of the chunk size. */
  public static final int CHUNK_SIZE_OFFSET = SIZE_OFFSET + SIZE_SIZE;

  /** Offset of the reserved (zero) bytes. */
  public static final int RESERVED_OFFSET = CHUNK_SIZE_OFFSET + CHUNK_SIZE_SIZE;

  /** Header length; entries start here. */
  public static final int HEADER_SIZE = IndexHeaderFormat.HEADER_SIZE;

  /** Length of the reserved area. */
  public static final int RESERVED_SIZE = HEADER_SIZE - RESERVED_OFFSET;

  /** Length of one entry: a digest. */
  public static final int ENTRY_SIZE = ChunkDigest.SIZE;

  /** Offset of the digest inside an entry. */
  public static final int ENTRY_DIGEST_OFFSET = 0;

  /** How the reader opens this format (magic, name in messages, entry size, digest offset). */
  static final MappedIndex.Kind KIND =
      new MappedIndex.Kind(MAGIC, "fixed index", ENTRY_SIZE, ENTRY_DIGEST_OFFSET);

  /** The chunk size PBS writes (4 MiB). */
  public static final int DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

  /**
   * Number of entries for an image of {@code size} bytes: {@code ceil(size / chunkSize)}.
   *
   * @throws IllegalArgumentException if size is negative or chunkSize is not a positive power of
   *     two
   */
  public static long entryCount(long size, long chunkSize) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0: " + size);
    }
    if (!isValidChunkSize(chunkSize)) {
      throw new IllegalArgumentException(
          "chunk size must be a power of two in [1, 2^30]: " + chunkSize);
    }
    return size / chunkSize + (size % chunkSize == 0 ? 0 : 1);
  }

  /** True if {@code chunkSize} is a power of two in {@code [1, 2^30]}. */
  public static boolean isValidChunkSize(long chunkSize) {
    return chunkSize > 0 && chunkSize <= (1L << 30) && Long.bitCount(chunkSize) == 1;
  }

  /** The exact file length of an index with {@code n} entries. */
  public static long fileLength(long n) {
    return HEADER_SIZE + ENTRY_SIZE * n;
  }
}
