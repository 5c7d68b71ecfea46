package org.jpbs.format;

import java.util.HexFormat;

/**
 * Every 8-byte magic number of the PBS on-disk formats (spec §2.1).
 *
 * <p>Each constant is the first 8 bytes of SHA-256 over its ASCII descriptor string. The bytes are
 * written out literally here (as PBS {@code file_formats.rs} does) and re-derived from the
 * descriptor by {@code FileMagicTest}, so a typo cannot ship. Never modify them: they identify
 * files written by every PBS version since 1.0.
 */
public enum FileMagic {
  /** Unencrypted, uncompressed DataBlob. */
  UNCOMPRESSED_BLOB_1_0("Proxmox Backup uncompressed blob v1.0", "42ab3807be8370a1"),
  /** Unencrypted, zstd-compressed DataBlob. */
  COMPRESSED_BLOB_1_0("Proxmox Backup zstd compressed blob v1.0", "31b958426fb6a37f"),
  /** AES-256-GCM encrypted, uncompressed DataBlob. */
  ENCRYPTED_BLOB_1_0("Proxmox Backup encrypted blob v1.0", "7b6785be222d4cf0"),
  /** zstd-compressed, then AES-256-GCM encrypted DataBlob. */
  ENCR_COMPR_BLOB_1_0("Proxmox Backup zstd compressed encrypted blob v1.0", "e6591bbf0bbfd80b"),
  /** Fixed-size chunk index ({@code .fidx}). */
  FIXED_SIZED_CHUNK_INDEX_1_0("Proxmox Backup fixed sized chunk index v1.0", "2f7f41ed91fd0fcd"),
  /** Dynamic-size chunk index ({@code .didx}). */
  DYNAMIC_SIZED_CHUNK_INDEX_1_0(
      "Proxmox Backup dynamic sized chunk index v1.0", "1c914ea519bab3cd"),
  /** Catalog stream (informational; GC treats catalogs as ordinary {@code .didx}). */
  PROXMOX_CATALOG_FILE_1_0("Proxmox Backup Catalog file v1.0", "91fd60f9c46758d5");

  /** Length of every magic in bytes. */
  public static final int SIZE = 8;

  private final String descriptor;
  private final byte[] bytes;
  private final long littleEndianValue;

  FileMagic(String descriptor, String hex) {
    this.descriptor = descriptor;
    this.bytes = HexFormat.of().parseHex(hex);
    long v = 0;
    for (int i = SIZE - 1; i >= 0; i--) {
      v = (v << 8) | (bytes[i] & 0xFFL);
    }
    this.littleEndianValue = v;
  }

  /** The ASCII string whose SHA-256 prefix this magic is. */
  public String descriptor() {
    return descriptor;
  }

  /** A copy of the 8 magic bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The magic read as a little-endian {@code long}, for a single-compare match. */
  public long littleEndianValue() {
    return littleEndianValue;
  }

  /** Lower-case hex of the 8 bytes. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** True if {@code buf[off..off+8)} equals this magic. */
  public boolean matches(byte[] buf, int off) {
    if (buf.length - off < SIZE) {
      return false;
    }
    for (int i = 0; i < SIZE; i++) {
      if (buf[off + i] != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** The magic whose little-endian value is {@code value}, or {@code null}. */
  public static FileMagic fromLittleEndian(long value) {
    for (FileMagic m : values()) {
      if (m.littleEndianValue == value) {
        return m;
      }
    }
    return null;
  }
}
