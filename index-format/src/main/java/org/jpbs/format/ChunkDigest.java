package org.jpbs.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A 32-byte SHA-256 chunk digest: the content address of a chunk (spec §2.2).
 *
 * <p>Immutable value type held as four big-endian {@code long}s, so {@link #compareTo} is the
 * byte-wise (= directory, = lower-case hex) order and equality costs four compares. The chunk's
 * directory prefix is {@link #prefix()} ({@code digest[0..2]} as an int 0..65535).
 */
public final class ChunkDigest implements Comparable<ChunkDigest> {
  /** Digest length in bytes. */
  public static final int SIZE = 32;

  /** Length of the lower-case hex form. */
  public static final int HEX_LENGTH = 64;

  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final long w0;
  private final long w1;
  private final long w2;
  private final long w3;

  private ChunkDigest(long w0, long w1, long w2, long w3) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }

  /** The digest held in {@code bytes[off..off+32)}. */
  public static ChunkDigest of(byte[] bytes, int off) {
    Objects.checkFromIndexSize(off, SIZE, bytes.length);
    return new ChunkDigest(
        be(bytes, off), be(bytes, off + 8), be(bytes, off + 16), be(bytes, off + 24));
  }

  /** The digest held in a 32-byte array. */
  public static ChunkDigest of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("digest must be 32 bytes, got " + bytes.length);
    }
    return of(bytes, 0);
  }

  /** From the four big-endian words (word 0 holds bytes 0..7). */
  public static ChunkDigest ofWords(long w0, long w1, long w2, long w3) {
    return new ChunkDigest(w0, w1, w2, w3);
  }

  /**
   * Parses 64 hex digits (upper- or lower-case).
   *
   * @throws IllegalArgumentException if {@code hex} is not exactly 64 hex digits
   */
  public static ChunkDigest fromHex(CharSequence hex) {
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException("digest hex must be 64 characters, got " + hex.length());
    }
    long[] w = new long[4];
    for (int i = 0; i < HEX_LENGTH; i++) {
      char c = hex.charAt(i);
      int v = c < 128 ? Character.digit(c, 16) : -1;
      if (v < 0) {
        throw new IllegalArgumentException("not a hex digit at " + i + ": '" + hex.charAt(i) + "'");
      }
      w[i >> 4] = (w[i >> 4] << 4) | v;
    }
    return new ChunkDigest(w[0], w[1], w[2], w[3]);
  }

  /** True if {@code s} is exactly 64 hex digits (as PBS's chunk-name filter, case-insensitive). */
  public static boolean isHex(CharSequence s) {
    if (s.length() != HEX_LENGTH) {
      return false;
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  /** SHA-256 of {@code data[off..off+len)}: the digest of an unencrypted chunk. */
  public static ChunkDigest sha256(byte[] data, int off, int len) {
    MessageDigest md = newSha256();
    md.update(data, off, len);
    return of(md.digest());
  }

  /** SHA-256 of {@code data}. */
  public static ChunkDigest sha256(byte[] data) {
    return sha256(data, 0, data.length);
  }

  /** A fresh SHA-256 {@link MessageDigest} (always present in the JDK). */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  /** Copies the 32 bytes into {@code dst[off..off+32)}. */
  public void writeTo(byte[] dst, int off) {
    Objects.checkFromIndexSize(off, SIZE, dst.length);
    putBe(dst, off, w0);
    putBe(dst, off + 8, w1);
    putBe(dst, off + 16, w2);
    putBe(dst, off + 24, w3);
  }

  /** A new 32-byte array. */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    writeTo(b, 0);
    return b;
  }

  /** Writes the 64 lower-case hex ASCII bytes into {@code dst[off..off+64)}. */
  public void writeHexAscii(byte[] dst, int off) {
    Objects.checkFromIndexSize(off, HEX_LENGTH, dst.length);
    putHex(dst, off, w0);
    putHex(dst, off + 16, w1);
    putHex(dst, off + 32, w2);
    putHex(dst, off + 48, w3);
  }

  /** Lower-case hex, 64 characters. */
  public String toHex() {
    byte[] b = new byte[HEX_LENGTH];
    writeHexAscii(b, 0);
    return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The chunk directory index: {@code digest[0] << 8 | digest[1]} (0..65535). */
  public int prefix() {
    return (int) (w0 >>> 48);
  }

  /** Big-endian word {@code i} (0..3) of the digest. */
  public long word(int i) {
    switch (i) {
      case 0:
        return w0;
      case 1:
        return w1;
      case 2:
        return w2;
      case 3:
        return w3;
      default:
        throw new IndexOutOfBoundsException(i);
    }
  }

  @Override
  public int compareTo(ChunkDigest o) {
    int c = Long.compareUnsigned(w0, o.w0);
    if (c == 0) {
      c = Long.compareUnsigned(w1, o.w1);
      if (c == 0) {
        c = Long.compareUnsigned(w2, o.w2);
        if (c == 0) {
          c = Long.compareUnsigned(w3, o.w3);
        }
      }
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChunkDigest)) {
      return false;
    }
    ChunkDigest d = (ChunkDigest) o;
    return w0 == d.w0 && w1 == d.w1 && w2 == d.w2 && w3 == d.w3;
  }

  @Override
  public int hashCode() {
    // SHA-256 output is uniform: one word is as good a hash as any mix of all four.
    return Long.hashCode(w1);
  }

  @Override
  public String toString() {
    return toHex();
  }

  private static long be(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFFL);
    }
    return v;
  }

  private static void putBe(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static void putHex(byte[] dst, int off, long v) {
    for (int i = 15; i >= 0; i--) {
      dst[off + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
  }
}
