package org.jpbs.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpbs.cli.output.Table;

/**
 * One labelled header field of a binary file, as {@code inspect} shows it (after H2's MVStoreTool):
 * offset, size, the raw bytes in hex and the decoded value.
 */
final class HeaderField {
  private static final int MAX_HEX_BYTES = 32;

  private HeaderField() {}

  /** A field of {@code size} bytes at {@code offset} of {@code header} with a decoded value. */
  static Map<String, Object> of(byte[] header, String name, int offset, int size, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("field", name);
    m.put("offset", offset);
    m.put("size", size);
    m.put("hex", hex(header, offset, size));
    m.put("value", value);
    return m;
  }

  /** The bytes in hex, or a count plus whether they are all zero when longer than 32 bytes. */
  static String hex(byte[] b, int offset, int size) {
    if (offset + size > b.length) {
      return "(beyond end of file)";
    }
    if (size <= MAX_HEX_BYTES) {
      return HexFormat.of().formatHex(b, offset, offset + size);
    }
    int nonZero = 0;
    for (int i = offset; i < offset + size; i++) {
      if (b[i] != 0) {
        nonZero++;
      }
    }
    return "(" + size + " bytes, " + (nonZero == 0 ? "all zero" : nonZero + " non-zero") + ")";
  }

  /** Little-endian u64 at {@code offset}. */
  static long u64(byte[] b, int offset) {
    return ByteBuffer.wrap(b, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** Little-endian u32 at {@code offset}, unsigned. */
  static long u32(byte[] b, int offset) {
    return ByteBuffer.wrap(b, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
  }

  /** Prints {@code rows} as a table: offset (hex), field, size, hex, value. */
  static Table table(Iterable<Map<String, Object>> rows) {
    Table t =
        new Table()
            .column("offset", Table.Align.RIGHT)
            .column("field", Table.Align.LEFT)
            .column("size", Table.Align.RIGHT)
            .column("hex", Table.Align.LEFT)
            .column("value", Table.Align.LEFT);
    for (Map<String, Object> r : rows) {
      t.row(
          String.format(java.util.Locale.ROOT, "0x%04x", (Integer) r.get("offset")),
          r.get("field"),
          r.get("size"),
          r.get("hex"),
          r.get("value"));
    }
    return t;
  }
}
