package org.jpbs.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * One PBS DataBlob: the encoded bytes of a chunk file or a {@code *.blob} file (spec §2.2).
 *
 * <p>Instances are immutable and always valid: {@link #parse} and {@link #load} check magic,
 * minimum length and CRC before returning. Encrypted blobs are opaque: their IV and tag are parsed
 * and their CRC is checked, but jpbs never decrypts. Thread-safe.
 */
public final class DataBlob {
  private final byte[] raw;
  private final BlobKind kind;

  private DataBlob(byte[] raw, BlobKind kind) {
    this.raw = raw;
    this.kind = kind;
  }

  /**
   * Encodes unencrypted data, zstd level 1 when that is not larger than the data (the rule of PBS
   * since Aug 2024: single-shot compress into a buffer of {@code data.length} bytes; "too small"
   * means store uncompressed).
   *
   * @throws IllegalArgumentException if {@code data} exceeds {@link BlobFormat#MAX_BLOB_SIZE}
   */
  public static DataBlob encode(byte[] data, boolean compress) {
    return encode(data, 0, data.length, compress);
  }

  /** As {@link #encode(byte[], boolean)} for {@code data[off..off+len)}. */
  public static DataBlob encode(byte[] data, int off, int len, boolean compress) {
    Objects.checkFromIndexSize(off, len, data.length);
    if (len > BlobFormat.MAX_BLOB_SIZE) {
      throw new IllegalArgumentException(
          "data blob too large: " + len + " > " + BlobFormat.MAX_BLOB_SIZE);
    }
    if (compress && len > 0) {
      byte[] out = new byte[BlobFormat.HEADER_SIZE + len];
      long n;
      try {
        n =
            Zstd.compressByteArray(
                out, BlobFormat.HEADER_SIZE, len, data, off, len, BlobFormat.ZSTD_LEVEL);
      } catch (ZstdException e) {
        n = -1; // "destination too small": store uncompressed, as PBS does
      }
      if (n >= 0 && !Zstd.isError(n) && n <= len) {
        byte[] raw = Arrays.copyOf(out, BlobFormat.HEADER_SIZE + (int) n);
        return seal(raw, BlobKind.COMPRESSED);
      }
    }
    byte[] raw = new byte[BlobFormat.HEADER_SIZE + len];
    System.arraycopy(data, off, raw, BlobFormat.HEADER_SIZE, len);
    return seal(raw, BlobKind.UNCOMPRESSED);
  }

  /**
   * Assembles an encrypted blob from its parts, computing the CRC over the ciphertext. jpbs does
   * not encrypt; this exists to carry and to test encrypted chunks produced elsewhere.
   */
  public static DataBlob assembleEncrypted(
      boolean compressed, byte[] iv, byte[] tag, byte[] ciphertext) {
    if (iv.length != BlobFormat.IV_SIZE || tag.length != BlobFormat.TAG_SIZE) {
      throw new IllegalArgumentException("IV and tag must be 16 bytes each");
    }
    byte[] raw = new byte[BlobFormat.ENCRYPTED_HEADER_SIZE + ciphertext.length];
    System.arraycopy(iv, 0, raw, BlobFormat.IV_OFFSET, BlobFormat.IV_SIZE);
    System.arraycopy(tag, 0, raw, BlobFormat.TAG_OFFSET, BlobFormat.TAG_SIZE);
    System.arraycopy(ciphertext, 0, raw, BlobFormat.ENCRYPTED_HEADER_SIZE, ciphertext.length);
    return seal(raw, compressed ? BlobKind.ENCRYPTED_COMPRESSED : BlobKind.ENCRYPTED);
  }

  private static DataBlob seal(byte[] raw, BlobKind kind) {
    System.arraycopy(kind.magic().bytes(), 0, raw, BlobFormat.MAGIC_OFFSET, FileMagic.SIZE);
    BlobFormat.littleEndian(raw).putInt(BlobFormat.CRC_OFFSET, crc32(raw, kind.headerSize()));
    return new DataBlob(raw, kind);
  }

  /**
   * Validates and wraps encoded blob bytes (the array is copied).
   *
   * @param resource named in errors (a path or description)
   * @throws UnsupportedFormatException if the magic is not a blob magic
   * @throws CorruptFileException if the blob is too short or its CRC does not match
   */
  public static DataBlob parse(byte[] raw, String resource)
      throws CorruptFileException, UnsupportedFormatException {
    return parseOwned(raw.clone(), resource);
  }

  private static DataBlob parseOwned(byte[] raw, String resource)
      throws CorruptFileException, UnsupportedFormatException {
    if (raw.length < BlobFormat.HEADER_SIZE) {
      throw new CorruptFileException(
          resource,
          raw.length,
          "blob shorter than its header",
          ">= " + BlobFormat.HEADER_SIZE + " bytes",
          raw.length + " bytes");
    }
    BlobKind kind = BlobKind.of(raw);
    if (kind == null) {
      throw new UnsupportedFormatException(
          resource, HexFormat.of().formatHex(raw, 0, FileMagic.SIZE), "a DataBlob magic");
    }
    if (raw.length < kind.headerSize()) {
      throw new CorruptFileException(
          resource,
          raw.length,
          "encrypted blob shorter than its header",
          ">= " + kind.headerSize() + " bytes",
          raw.length + " bytes");
    }
    int stored = BlobFormat.littleEndian(raw).getInt(BlobFormat.CRC_OFFSET);
    int actual = crc32(raw, kind.headerSize());
    if (stored != actual) {
      throw new CorruptFileException(
          resource, BlobFormat.CRC_OFFSET, "blob CRC32 mismatch", hex32(stored), hex32(actual));
    }
    return new DataBlob(raw, kind);
  }

  /**
   * Reads and validates a blob file.
   *
   * @param maxSize refuse files larger than this many bytes (before reading them)
   * @throws CorruptFileException if the file is larger than {@code maxSize} or invalid
   */
  public static DataBlob load(Path path, long maxSize) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > maxSize) {
        throw new CorruptFileException(
            path.toString(),
            -1,
            "blob file too large",
            "<= " + maxSize + " bytes",
            size + " bytes");
      }
      byte[] raw = new byte[(int) size];
      ByteBuffer buf = ByteBuffer.wrap(raw);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new CorruptFileException(
              path.toString(),
              buf.position(),
              "blob file shrank while reading",
              size,
              buf.position());
        }
      }
      return parseOwned(raw, path.toString());
    }
  }

  /** Reads and validates a blob file of at most {@code MAX_BLOB_SIZE + 48} bytes. */
  public static DataBlob load(Path path) throws IOException {
    return load(path, (long) BlobFormat.MAX_BLOB_SIZE + BlobFormat.ENCRYPTED_HEADER_SIZE);
  }

  /** The variant of this blob. */
  public BlobKind kind() {
    return kind;
  }

  /** Size of the encoded bytes (the file size). */
  public int rawSize() {
    return raw.length;
  }

  /** A copy of the encoded bytes. */
  public byte[] rawData() {
    return raw.clone();
  }

  /** A read-only view of the encoded bytes (no copy). */
  public ByteBuffer rawView() {
    return ByteBuffer.wrap(raw).asReadOnlyBuffer();
  }

  /** The stored (and verified) CRC32 of the payload. */
  public int crc() {
    return BlobFormat.littleEndian(raw).getInt(BlobFormat.CRC_OFFSET);
  }

  /** The 16-byte IV of an encrypted blob. */
  public byte[] iv() {
    requireEncrypted();
    return Arrays.copyOfRange(raw, BlobFormat.IV_OFFSET, BlobFormat.IV_OFFSET + BlobFormat.IV_SIZE);
  }

  /** The 16-byte GCM tag of an encrypted blob. */
  public byte[] tag() {
    requireEncrypted();
    return Arrays.copyOfRange(
        raw, BlobFormat.TAG_OFFSET, BlobFormat.TAG_OFFSET + BlobFormat.TAG_SIZE);
  }

  /**
   * The plain data of an unencrypted blob, decompressing if needed (all concatenated zstd frames;
   * at most {@code maxSize} bytes).
   *
   * @throws IllegalStateException if the blob is encrypted
   * @throws CorruptFileException if the zstd stream is invalid or decodes to more than maxSize
   */
  public byte[] decode(String resource, int maxSize) throws CorruptFileException {
    if (kind.isEncrypted()) {
      throw new IllegalStateException("cannot decode an encrypted blob (" + resource + ")");
    }
    int off = BlobFormat.HEADER_SIZE;
    if (!kind.isCompressed()) {
      if (raw.length - off > maxSize) {
        throw new CorruptFileException(
            resource, off, "blob data too large", "<= " + maxSize, raw.length - off);
      }
      return Arrays.copyOfRange(raw, off, raw.length);
    }
    try (InputStream in =
        new ZstdInputStream(new ByteArrayInputStream(raw, off, raw.length - off))) {
      byte[] out = in.readNBytes(maxSize);
      if (in.read() >= 0) {
        throw new CorruptFileException(
            resource, off, "decompressed blob data too large", "<= " + maxSize + " bytes", "more");
      }
      return out;
    } catch (CorruptFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException(
          resource, off, "zstd payload cannot be decoded: " + e.getMessage(), e);
    }
  }

  /** {@link #decode(String, int)} with the limit {@link BlobFormat#MAX_BLOB_SIZE}. */
  public byte[] decode(String resource) throws CorruptFileException {
    return decode(resource, BlobFormat.MAX_BLOB_SIZE);
  }

  /**
   * Server-side check of an unencrypted chunk (spec §2.3): decodes it and requires {@code
   * SHA256(data) == digest} and {@code data.length == expectedSize}.
   *
   * @param expectedSize the chunk's plain size, or -1 to skip the size check
   */
  public void verifyUnencrypted(long expectedSize, ChunkDigest digest, String resource)
      throws CorruptFileException {
    byte[] data = decode(resource, BlobFormat.MAX_BLOB_SIZE);
    if (expectedSize >= 0 && data.length != expectedSize) {
      throw new CorruptFileException(
          resource, -1, "chunk data size mismatch", expectedSize, data.length);
    }
    ChunkDigest actual = ChunkDigest.sha256(data);
    if (!actual.equals(digest)) {
      throw new CorruptFileException(resource, -1, "chunk digest mismatch", digest, actual);
    }
  }

  /** CRC-32/IEEE of {@code raw[from..end)}, as PBS computes it over a blob payload. */
  public static int crc32(byte[] raw, int from) {
    CRC32 crc = new CRC32();
    crc.update(raw, from, raw.length - from);
    return (int) crc.getValue();
  }

  private void requireEncrypted() {
    if (!kind.isEncrypted()) {
      throw new IllegalStateException("blob is not encrypted: " + kind);
    }
  }

  private static String hex32(int v) {
    return String.format("%08x", v);
  }

  @Override
  public String toString() {
    return "DataBlob[" + kind + ", " + raw.length + " bytes]";
  }
}
