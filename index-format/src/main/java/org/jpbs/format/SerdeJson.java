package org.jpbs.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text exactly as Rust {@code serde_json} writes it ({@code to_string} and {@code
 * to_string_pretty}), and a parser about as strict as {@code serde_json::from_slice}.
 *
 * <p>Output rules: pretty = 2-space indent, {@code "key": value}, one element per line, empty
 * containers as {@code {}} / {@code []}; compact = no whitespace. Strings escape {@code "}, {@code
 * \}, and control characters ({@code \b \f \n \r \t}, others as lower-case <code>&#92;u00XX</code>
 * ); everything else, including non-ASCII, is written raw as UTF-8. Integers are written in
 * decimal. Floats (which no PBS file here contains) follow ryu's layout applied to the decimal
 * digits that were parsed. Parsing rejects duplicate keys, trailing content, comments and other
 * non-standard syntax, like serde.
 */
final class SerdeJson {
  private SerdeJson() {}

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Parses one JSON value.
   *
   * @throws CorruptFileException naming {@code resource} and the byte offset of the error
   */
  static JsonNode parse(byte[] json, String resource) throws CorruptFileException {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || n.isMissingNode()) {
        throw new CorruptFileException(resource, 0, "empty JSON document");
      }
      return n;
    } catch (JsonProcessingException e) {
      long off = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
      throw new CorruptFileException(resource, off, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CorruptFileException(resource, -1, "malformed JSON: " + e.getMessage(), e);
    }
  }

  /** {@code serde_json::to_string_pretty} of {@code node}, as UTF-8. */
  static byte[] pretty(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(sb, node, 0, true);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code serde_json::to_string} of {@code node}, as UTF-8. */
  static byte[] compact(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(sb, node, 0, false);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(StringBuilder sb, JsonNode n, int level, boolean pretty) {
    if (n.isObject()) {
      if (n.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        separator(sb, first, level + 1, pretty);
        first = false;
        string(sb, e.getKey());
        sb.append(pretty ? ": " : ":");
        write(sb, e.getValue(), level + 1, pretty);
      }
      close(sb, level, pretty, '}');
    } else if (n.isArray()) {
      if (n.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      boolean first = true;
      for (JsonNode e : n) {
        separator(sb, first, level + 1, pretty);
        first = false;
        write(sb, e, level + 1, pretty);
      }
      close(sb, level, pretty, ']');
    } else if (n.isTextual()) {
      string(sb, n.textValue());
    } else if (n.isNull()) {
      sb.append("null");
    } else if (n.isBoolean()) {
      sb.append(n.booleanValue());
    } else if (n.isIntegralNumber()) {
      sb.append(n.bigIntegerValue());
    } else if (n.isNumber()) {
      ryu(sb, n.decimalValue());
    } else {
      throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
    }
  }

  private static void separator(StringBuilder sb, boolean first, int level, boolean pretty) {
    if (!first) {
      sb.append(',');
    }
    if (pretty) {
      sb.append('\n');
      indent(sb, level);
    }
  }

  private static void close(StringBuilder sb, int level, boolean pretty, char c) {
    if (pretty) {
      sb.append('\n');
      indent(sb, level);
    }
    sb.append(c);
  }

  private static void indent(StringBuilder sb, int level) {
    for (int i = 0; i < level; i++) {
      sb.append("  ");
    }
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  /** ryu's {@code format64} layout for the digits of {@code v} (v = digits × 10^e). */
  private static void ryu(StringBuilder sb, BigDecimal v) {
    if (v.signum() == 0) {
      sb.append("0.0");
      return;
    }
    if (v.signum() < 0) {
      sb.append('-');
      v = v.negate();
    }
    v = v.stripTrailingZeros();
    String digits = v.unscaledValue().toString();
    int length = digits.length();
    int e = -v.scale();
    int k = e + length; // position of the decimal point
    if (e >= 0 && k <= 16) {
      sb.append(digits).append("0".repeat(e)).append(".0");
    } else if (k > 0 && k <= 16) {
      sb.append(digits, 0, k).append('.').append(digits, k, length);
    } else if (k > -5 && k <= 0) {
      sb.append("0.").append("0".repeat(-k)).append(digits);
    } else if (length == 1) {
      sb.append(digits).append('e').append(k - 1);
    } else {
      sb.append(digits.charAt(0)).append('.').append(digits, 1, length).append('e').append(k - 1);
    }
  }
}
