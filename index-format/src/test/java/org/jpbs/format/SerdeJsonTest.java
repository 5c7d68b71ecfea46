package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerdeJsonTest {
  private static String pretty(String json) throws Exception {
    return new String(
        SerdeJson.pretty(SerdeJson.parse(json.getBytes(StandardCharsets.UTF_8), "t")),
        StandardCharsets.UTF_8);
  }

  private static String compact(String json) throws Exception {
    return new String(
        SerdeJson.compact(SerdeJson.parse(json.getBytes(StandardCharsets.UTF_8), "t")),
        StandardCharsets.UTF_8);
  }

  @Test
  void pretty_nested_matchesSerdeLayout() throws Exception {
    assertThat(pretty("{\"a\":1,\"b\":[],\"c\":{},\"d\":[1,{\"e\":null}],\"f\":true}"))
        .isEqualTo(
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    1,\n    {\n      \"e\": null\n    }\n  ],\n  \"f\": true\n}");
  }

  @Test
  void compact_keepsKeyOrder_noWhitespace() throws Exception {
    assertThat(compact("{ \"z\" : 1 , \"a\" : [ 2 , 3 ] }")).isEqualTo("{\"z\":1,\"a\":[2,3]}");
  }

  @Test
  void strings_escapedAsSerde() throws Exception {
    assertThat(compact("[\"q\\\"b\\\\s\\/\\u0001\\u001F\\n\\t\\r\\b\\f\\u007f é €\"]"))
        .isEqualTo("[\"q\\\"b\\\\s/\\u0001\\u001f\\n\\t\\r\\b\\f\u007f é €\"]");
  }

  @Test
  void bigIntegers_roundTripExactly() throws Exception {
    assertThat(compact("[18446744073709551615,-9223372036854775808,0]"))
        .isEqualTo("[18446744073709551615,-9223372036854775808,0]");
  }

  @ParameterizedTest
  @CsvSource({
    "1.0,1.0",
    "0.1,0.1",
    "1.5e-7,1.5e-7",
    "1e21,1e21",
    "123456.75,123456.75",
    "1e16,1e16",
    "1e15,1000000000000000.0",
    "0.00001,0.00001",
    "0.000001,1e-6",
    "-2.50,-2.5"
  })
  void floats_ryuLayout(String in, String out) throws Exception {
    assertThat(compact("[" + in + "]")).isEqualTo("[" + out + "]");
  }

  @Test
  void parse_duplicateKey_throwsCorrupt() {
    assertThatThrownBy(
            () -> SerdeJson.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8), "dup"))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("dup");
  }

  @Test
  void parse_trailingGarbage_throwsCorruptWithOffset() {
    assertThatThrownBy(() -> SerdeJson.parse("{} x".getBytes(StandardCharsets.UTF_8), "tr"))
        .isInstanceOfSatisfying(
            CorruptFileException.class, e -> assertThat(e.offset()).isBetween(2L, 4L));
  }

  @Test
  void parse_empty_throwsCorrupt() {
    assertThatThrownBy(() -> SerdeJson.parse(new byte[0], "e"))
        .isInstanceOf(CorruptFileException.class);
  }
}
