package org.jpbs.format;

/**
 * The dynamic index ({@code .didx}) byte grammar (spec §2.5): a 4096-byte header followed by one
 * 40-byte entry per variable-size chunk of an archive stream.
 *
 * <pre>
 * DynamicIndex --&gt; Header, Entry^n
 * Header       --&gt; {@link IndexHeaderFormat shared prefix}, Reserved              (4096 bytes)
 * Magic        --&gt; 8 bytes {@link FileMagic#DYNAMIC_SIZED_CHUNK_INDEX_1_0} (1c914ea519bab3cd)
 * Uuid         --&gt; 16 bytes, RFC 4122 byte order (not validated)
 * Ctime        --&gt; i64 LE, epoch seconds at writer creation (not validated)
 * IndexCsum    --&gt; 32 bytes, SHA-256(Entry_0 ‖ … ‖ Entry_{n-1}) = SHA-256 of the entry area as stored
 * Reserved     --&gt; 4032 zero bytes (not validated)
 * Entry        --&gt; EndOffset, Digest                                      (40 bytes)
 * EndOffset    --&gt; u64 LE, exclusive end of the chunk in the archive; chunk i covers [End_{i-1}, End_i), End_{-1} = 0
 * Digest       --&gt; 32 bytes, SHA-256 chunk digest
 * n            =  (file length - 4096) / 40; the remainder must be 0
 * </pre>
 *
 * <p>Checksum scope: {@code IndexCsum} covers the whole entry area (end offsets and digests).
 * Magic, uuid, ctime and reserved bytes are not checksummed. End offsets must be non-decreasing
 * (and below 2^63); that is an O(n) check done by {@code verify()}, not by {@code open}.
 */
public final class DynamicIndexFormat {
  private DynamicIndexFormat() {}

  /** The magic. */
  public static final FileMagic MAGIC = FileMagic.DYNAMIC_SIZED_CHUNK_INDEX_1_0;

  /** Offset of the reserved (zero) bytes: the dynamic format adds no header fields. */
  public static final int RESERVED_OFFSET = IndexHeaderFormat.SHARED_END;

  /** Header length; entries start here. */
  public static final int HEADER_SIZE = IndexHeaderFormat.HEADER_SIZE;

  /** Length of the reserved area. */
  public static final int RESERVED_SIZE = HEADER_SIZE - RESERVED_OFFSET;

  /** Length of the end offset (u64 LE) in an entry. */
  public static final int ENTRY_END_SIZE = 8;

  /** Offset of the end offset inside an entry. */
  public static final int ENTRY_END_OFFSET = 0;

  /** Offset of the digest inside an entry. */
  public static final int ENTRY_DIGEST_OFFSET = ENTRY_END_OFFSET + ENTRY_END_SIZE;

  /** Length of one entry. */
  public static final int ENTRY_SIZE = ENTRY_DIGEST_OFFSET + ChunkDigest.SIZE;

  /** How the reader opens this format (magic, name in messages, entry size, digest offset). */
  static final MappedIndex.Kind KIND =
      new MappedIndex.Kind(MAGIC, "dynamic index", ENTRY_SIZE, ENTRY_DIGEST_OFFSET);

  /** The exact file length of an index with {@code n} entries. */
  public static long fileLength(long n) {
    return HEADER_SIZE + (long) ENTRY_SIZE * n;
  }
}
