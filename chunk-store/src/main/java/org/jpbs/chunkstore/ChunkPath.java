package org.jpbs.chunkstore;

import java.nio.ByteBuffer;

/**
 * The chunk-name filter of PBS's chunk iterator (spec §1.2), on raw bytes and on Strings.
 *
 * <p>Accepted: names of exactly 64 or 70 bytes whose first 64 bytes are ASCII hex digits (either
 * case). An accepted name is "bad" iff it ends with {@code .bad}. Everything else (temp files
 * {@code <hex>.tmp_XXXXXX}, other lengths) is invisible to the sweep.
 */
final class ChunkName {
  private ChunkName() {}

  static final int HEX_LENGTH = 64;
  static final int BAD_LENGTH = 70;

  /** Not a chunk name. */
  static final int NONE = 0;

  /** A chunk name that does not end with ".bad". */
  static final int CHUNK = 1;

  /** A chunk name that ends with ".bad". */
  static final int BAD = 2;

  /**
   * Classifies the NUL-terminated name starting at {@code buf[off]} within {@code [off, end)} (the
   * name ends at its NUL or at {@code end}, whichever comes first). Any byte order. Branch-light:
   * the two possible name ends are tested first, then the 64 hex bytes eight at a time with {@link
   * #allHex(long)}.
   */
  static int classify(ByteBuffer buf, int off, int end) {
    int avail = end - off;
    if (avail < HEX_LENGTH) {
      return NONE;
    }
    int len;
    if (avail == HEX_LENGTH || buf.get(off + HEX_LENGTH) == 0) {
      len = HEX_LENGTH;
    } else if (avail >= BAD_LENGTH
        && (avail == BAD_LENGTH || buf.get(off + BAD_LENGTH) == 0)
        && noNulInSuffix(buf, off)) {
      len = BAD_LENGTH;
    } else {
      return NONE;
    }
    for (int i = 0; i < HEX_LENGTH; i += 8) {
      if (!allHex(buf.getLong(off + i))) {
        return NONE;
      }
    }
    if (len == BAD_LENGTH
        && buf.get(off + 66) == '.'
        && buf.get(off + 67) == 'b'
        && buf.get(off + 68) == 'a'
        && buf.get(off + 69) == 'd') {
      return BAD;
    }
    return CHUNK;
  }

  /** True if none of the 6 bytes after the hex part (64..69) is NUL (70-byte names only). */
  private static boolean noNulInSuffix(ByteBuffer buf, int off) {
    for (int i = HEX_LENGTH; i < BAD_LENGTH; i++) {
      if (buf.get(off + i) == 0) {
        return false;
      }
    }
    return true;
  }

  private static final long HIGH = 0x8080_8080_8080_8080L;

  /**
   * True if each of the 8 bytes of {@code w} is an ASCII hex digit ({@code 0-9a-fA-F}), SWAR: for
   * bytes below 0x80, {@code (b + (0x80 - lo)) & 0x80} is "b >= lo" without carries between bytes.
   * Letters are folded to lower case by setting bit 0x20; only {@code A-F}/{@code a-f} fold into
   * {@code a-f}.
   */
  static boolean allHex(long w) {
    if ((w & HIGH) != 0) {
      return false;
    }
    long geDigit0 = w + 0x5050_5050_5050_5050L; // b >= '0' (0x30)
    long gtDigit9 = w + 0x4646_4646_4646_4646L; // b >= ':' (0x3a)
    long l = w | 0x2020_2020_2020_2020L;
    long geLowerA = l + 0x1F1F_1F1F_1F1F_1F1FL; // b|0x20 >= 'a' (0x61)
    long gtLowerF = l + 0x1919_1919_1919_1919L; // b|0x20 >= 'g' (0x67)
    long ok = (geDigit0 & ~gtDigit9) | (geLowerA & ~gtLowerF);
    return (ok & HIGH) == HIGH;
  }

  /** Classifies a file name given as a String (the NIO fallback path). */
  static int classify(String name) {
    int len = name.length();
    if (len != HEX_LENGTH && len != BAD_LENGTH) {
      return NONE;
    }
    for (int i = 0; i < len; i++) {
      if (name.charAt(i) >= 0x80) {
        return NONE; // byte length would differ from char length
      }
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      if (!isHex((byte) name.charAt(i))) {
        return NONE;
      }
    }
    return len == BAD_LENGTH && name.endsWith(".bad") ? BAD : CHUNK;
  }

  /** Big-endian digest word {@code w} (0..3) of the validated hex name at {@code buf[off]}. */
  static long word(ByteBuffer buf, int off, int w) {
    long v = 0;
    for (int i = off + 16 * w, end = i + 16; i < end; i++) {
      v = (v << 4) | Character.digit(buf.get(i), 16);
    }
    return v;
  }

  /** Big-endian digest word {@code w} (0..3) of a validated hex name. */
  static long word(String name, int w) {
    long v = 0;
    for (int i = 16 * w, end = i + 16; i < end; i++) {
      v = (v << 4) | Character.digit(name.charAt(i), 16);
    }
    return v;
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
