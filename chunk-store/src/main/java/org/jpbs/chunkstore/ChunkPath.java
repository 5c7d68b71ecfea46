package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jpbs.format.ChunkDigest;

/**
 * The one owner of the chunk path layout {@code .chunks/XXXX/<64 hex>[.N.bad]} (spec §1.1-§1.2):
 * renders it as a {@link Path} ({@link #of}, {@link #badCopy}, {@link #prefixName}), into a
 * reusable native buffer for the syscalls ({@link Buffer}), and parses a directory entry's name
 * back ({@link #classify}, {@link #word}).
 *
 * <p>The parser is the chunk-name filter of PBS's chunk iterator, on raw bytes and on Strings.
 *
 * <p>Accepted: names of exactly 64 or 70 bytes whose first 64 bytes are ASCII hex digits (either
 * case). An accepted name is "bad" iff it ends with {@code .bad}. Everything else (temp files
 * {@code <hex>.tmp_XXXXXX}, other lengths) is invisible to the sweep.
 */
public final class ChunkPath {
  private ChunkPath() {}

  /**
   * True if {@code name} is a chunk file's name as the sweep sees it: 64 hex digits, not a bad copy
   * or a temp file (for tools that count chunk files, e.g. {@code jpbs stats}).
   */
  public static boolean isChunkFileName(String name) {
    return classify(name) == CHUNK;
  }

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
    int i = off + 16 * w;
    boolean little = buf.order() == java.nio.ByteOrder.LITTLE_ENDIAN;
    return hex8(buf.getLong(i), little) << 32 | hex8(buf.getLong(i + 8), little);
  }

  /**
   * The 32-bit value of 8 validated hex digits (either case) read as one {@code long}, all lanes at
   * once: a digit's value is its low nibble, plus 9 for letters (bit 6 set).
   */
  private static long hex8(long x, boolean littleEndian) {
    long v = littleEndian ? Long.reverseBytes(x) : x; // first digit in the high byte
    v = (v & 0x0F0F0F0F0F0F0F0FL) + ((v >>> 6) & 0x0101010101010101L) * 9;
    v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
    v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
    return (v | (v >>> 16)) & 0xFFFFFFFFL;
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

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The path of a chunk: {@code <chunksDir>/XXXX/<hex>}. */
  static Path of(Path chunksDir, ChunkDigest digest) {
    String hex = digest.toHex();
    return chunksDir.resolve(hex.substring(0, 4)).resolve(hex);
  }

  /** The path of bad copy {@code n}: {@code <chunksDir>/XXXX/<hex>.<n>.bad}. */
  static Path badCopy(Path chunksDir, ChunkDigest digest, int n) {
    String hex = digest.toHex();
    return chunksDir.resolve(hex.substring(0, 4)).resolve(hex + "." + n + ".bad");
  }

  /** {@code "%04x"}: the name of chunk directory {@code prefix}. */
  static String prefixName(int prefix) {
    return new String(
        new char[] {
          HEX[(prefix >>> 12) & 0xF],
          HEX[(prefix >>> 8) & 0xF],
          HEX[(prefix >>> 4) & 0xF],
          HEX[prefix & 0xF]
        });
  }

  /**
   * A native buffer holding {@code "XXXX/<64 hex>\0"} (plus room for a suffix) or {@code "XXXX\0"},
   * relative to the open {@code .chunks} directory, rewritten in place per call from the digest
   * words (two hex characters per {@code putShort} into a direct view of the native memory: no JNI
   * copy, no allocation). Not thread-safe: one per thread ({@link #forThisThread()}) or one per
   * owner that is confined to a thread.
   */
  static final class Buffer {
    static final int SIZE = 96;
    private static final ThreadLocal<Buffer> LOCAL = ThreadLocal.withInitial(Buffer::new);

    /**
     * For byte b: its two lower-case hex characters as a little-endian short (high nibble first).
     */
    private static final short[] HEX_PAIRS = new short[256];

    static {
      byte[] hex = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
      for (int b = 0; b < 256; b++) {
        HEX_PAIRS[b] = (short) ((hex[b & 15] << 8) | hex[b >>> 4]);
      }
    }

    private final Memory memory = new Memory(SIZE);
    private final long address = Pointer.nativeValue(memory);
    private final ByteBuffer view = memory.getByteBuffer(0, SIZE).order(ByteOrder.LITTLE_ENDIAN);

    Buffer() {
      view.put(4, (byte) '/');
    }

    /** This thread's buffer. */
    static Buffer forThisThread() {
      return LOCAL.get();
    }

    /** Writes {@code "XXXX/<hex>\0"} and returns its address. */
    long chunkPath(ChunkDigest digest) {
      return chunkPath(digest.word(0), digest.word(1), digest.word(2), digest.word(3));
    }

    /** Writes {@code "XXXX/<hex>\0"} for the big-endian digest words and returns its address. */
    long chunkPath(long w0, long w1, long w2, long w3) {
      ByteBuffer v = view;
      v.putShort(0, HEX_PAIRS[(int) (w0 >>> 56)]);
      v.putShort(2, HEX_PAIRS[(int) (w0 >>> 48) & 0xFF]);
      v.put(4, (byte) '/');
      putWord(v, 5, w0);
      putWord(v, 21, w1);
      putWord(v, 37, w2);
      putWord(v, 53, w3);
      v.put(69, (byte) 0);
      return address;
    }

    private static void putWord(ByteBuffer v, int off, long w) {
      for (int k = 0; k < 8; k++) {
        v.putShort(off + 2 * k, HEX_PAIRS[(int) (w >>> (56 - 8 * k)) & 0xFF]);
      }
    }

    /** Writes {@code "XXXX/<hex>.<n>.bad\0"} and returns its address. */
    long badCopyPath(ChunkDigest digest, int n) {
      if (n < 0 || n > 9) {
        throw new IllegalArgumentException("bad copy index must be 0..9: " + n);
      }
      chunkPath(digest);
      view.put(69, (byte) '.');
      view.put(70, (byte) ('0' + n));
      view.put(71, (byte) '.');
      view.put(72, (byte) 'b');
      view.put(73, (byte) 'a');
      view.put(74, (byte) 'd');
      view.put(75, (byte) 0);
      return address;
    }

    /** Writes {@code "%04x\0"} (directory {@code prefix}) and returns its address. */
    long directoryPath(int prefix) {
      // "%04x" + NUL (+ 3 NUL padding) in one store
      view.putLong(
          0,
          (HEX_PAIRS[(prefix >>> 8) & 0xFF] & 0xFFFFL)
              | (HEX_PAIRS[prefix & 0xFF] & 0xFFFFL) << 16);
      return address;
    }
  }
}
