package org.jpbs.format;

/**
 * The prefix of the 4096-byte header that both index formats share, at the same offsets (spec §2.4,
 * §2.5). {@link FixedIndexFormat} and {@link DynamicIndexFormat} define only the fields after it
 * and their entries.
 *
 * <pre>
 * Header --&gt; Magic, Uuid, Ctime, IndexCsum, FormatFields, Reserved   (4096 bytes)
 * Magic  --&gt; 8 bytes, the format's {@link FileMagic}
 * Uuid   --&gt; 16 bytes, RFC 4122 byte order (not validated)
 * Ctime  --&gt; i64 LE, epoch seconds at writer creation (not validated)
 * IndexCsum --&gt; 32 bytes, SHA-256 of the entry area as stored
 * </pre>
 */
public final class IndexHeaderFormat {
  private IndexHeaderFormat() {}

  /** Offset of the magic. */
  public static final int MAGIC_OFFSET = 0;

  /** Length of the uuid. */
  public static final int UUID_SIZE = 16;

  /** Offset of the uuid. */
  public static final int UUID_OFFSET = MAGIC_OFFSET + FileMagic.SIZE;

  /** Length of the ctime (i64). */
  public static final int CTIME_SIZE = 8;

  /** Offset of the ctime. */
  public static final int CTIME_OFFSET = UUID_OFFSET + UUID_SIZE;

  /** Length of the index checksum. */
  public static final int CSUM_SIZE = 32;

  /** Offset of the index checksum. */
  public static final int CSUM_OFFSET = CTIME_OFFSET + CTIME_SIZE;

  /** End of the shared prefix: the format's own fields (or its reserved bytes) start here. */
  public static final int SHARED_END = CSUM_OFFSET + CSUM_SIZE;

  /** Header length of both formats; entries start here. */
  public static final int HEADER_SIZE = 4096;
}
