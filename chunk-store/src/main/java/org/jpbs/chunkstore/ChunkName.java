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

  /** Classifies the NUL-terminated name starting at {@code buf[off]} within {@code [off, end)}. */
  static int classify(ByteBuffer buf, int off, int end) {
    int len = 0;
    while (off + len < end && buf.get(off + len) != 0) {
      len++;
      if (len > BAD_LENGTH) {
        return NONE;
      }
    }
    if (len != HEX_LENGTH && len != BAD_LENGTH) {
      return NONE;
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      if (!isHex(buf.get(off + i))) {
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
