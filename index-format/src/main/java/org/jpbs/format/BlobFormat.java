package org.jpbs.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The DataBlob byte grammar (spec §2.2), used for chunk files and {@code *.blob} files.
 *
 * <pre>
 * Blob          --&gt; Magic, Crc32, Payload                     (unencrypted, header 12 bytes)
 * EncryptedBlob --&gt; Magic, Crc32, Iv[16], Tag[16], Ciphertext (encrypted, header 48 bytes)
 * Magic         --&gt; 8 bytes, one of the four blob magics in {@link FileMagic}
 * Crc32         --&gt; u32 little-endian, CRC-32/IEEE over bytes [headerSize .. end)
 * </pre>
 *
 * <p>The CRC covers only the payload: for encrypted blobs the IV and tag are not covered.
 *
 * <p>Encrypted header size: PBS declares {@code EncryptedDataBlobHeader} as {@code #[repr(C,
 * packed)]} of magic[8], crc[4], iv[16], tag[16], so the ciphertext starts at byte 44. (The project
 * spec's table says 48, which contradicts its own offsets 12 + 16 + 16; the PBS source wins for
 * byte compatibility.)
 */
public final class BlobFormat {
  private BlobFormat() {}

  /** Offset of the magic. */
  public static final int MAGIC_OFFSET = 0;

  /** Offset of the CRC32 (u32 LE). */
  public static final int CRC_OFFSET = MAGIC_OFFSET + FileMagic.SIZE;

  /** Length of the CRC field. */
  public static final int CRC_SIZE = 4;

  /** Header size of unencrypted blobs; payload offset. */
  public static final int HEADER_SIZE = CRC_OFFSET + CRC_SIZE;

  /** Offset of the 16-byte IV in encrypted blobs. */
  public static final int IV_OFFSET = HEADER_SIZE;

  /** IV length (16, not 12: OpenSSL GHASH-derived J0). */
  public static final int IV_SIZE = 16;

  /** Offset of the 16-byte GCM tag in encrypted blobs. */
  public static final int TAG_OFFSET = IV_OFFSET + IV_SIZE;

  /** GCM tag length. */
  public static final int TAG_SIZE = 16;

  /** Header size of encrypted blobs; payload offset. */
  public static final int ENCRYPTED_HEADER_SIZE = TAG_OFFSET + TAG_SIZE;

  /** Largest data {@code encode} accepts (PBS {@code MAX_BLOB_SIZE}). */
  public static final int MAX_BLOB_SIZE = 128 * 1024 * 1024;

  /** Largest chunk data size the backup protocol accepts. */
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  /** Largest encoded chunk the backup protocol accepts. */
  public static final int MAX_ENCODED_CHUNK_SIZE = MAX_CHUNK_SIZE + ENCRYPTED_HEADER_SIZE;

  /** Smallest encoded chunk the backup protocol accepts (a 1-byte unencrypted chunk). */
  public static final int MIN_ENCODED_CHUNK_SIZE = HEADER_SIZE + 1;

  /** zstd level PBS uses. */
  public static final int ZSTD_LEVEL = 1;

  /** A little-endian view of {@code raw}: the only way blob bytes are interpreted. */
  static ByteBuffer littleEndian(byte[] raw) {
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
  }
}
