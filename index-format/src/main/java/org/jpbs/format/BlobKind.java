package org.jpbs.format;

/** The four DataBlob variants, one per magic (spec §2.2). */
public enum BlobKind {
  /** Raw data after a 12-byte header. */
  UNCOMPRESSED(FileMagic.UNCOMPRESSED_BLOB_1_0, false, false),
  /** One zstd stream after a 12-byte header. */
  COMPRESSED(FileMagic.COMPRESSED_BLOB_1_0, false, true),
  /** AES-256-GCM ciphertext of the raw data after a 48-byte header (IV, tag). */
  ENCRYPTED(FileMagic.ENCRYPTED_BLOB_1_0, true, false),
  /** AES-256-GCM ciphertext of zstd-compressed data after a 48-byte header. */
  ENCRYPTED_COMPRESSED(FileMagic.ENCR_COMPR_BLOB_1_0, true, true);

  private final FileMagic magic;
  private final boolean encrypted;
  private final boolean compressed;

  BlobKind(FileMagic magic, boolean encrypted, boolean compressed) {
    this.magic = magic;
    this.encrypted = encrypted;
    this.compressed = compressed;
  }

  /** The magic that starts blobs of this kind. */
  public FileMagic magic() {
    return magic;
  }

  /** True for the two AES-GCM variants. */
  public boolean isEncrypted() {
    return encrypted;
  }

  /** True if the (plain or encrypted) payload is zstd data. */
  public boolean isCompressed() {
    return compressed;
  }

  /** Header length: 12 for unencrypted, 48 for encrypted blobs. */
  public int headerSize() {
    return encrypted ? BlobFormat.ENCRYPTED_HEADER_SIZE : BlobFormat.HEADER_SIZE;
  }

  /** The kind whose magic is in {@code raw[0..8)}, or {@code null}. */
  public static BlobKind of(byte[] raw) {
    for (BlobKind k : values()) {
      if (k.magic.matches(raw, 0)) {
        return k;
      }
    }
    return null;
  }
}
