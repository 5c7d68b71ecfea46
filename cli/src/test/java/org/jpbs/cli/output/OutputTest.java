package org.jpbs.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.Test;

class OutputTest {
  record Values(
      Instant backupTime, Duration elapsed, Path path, ChunkDigest digest, String nothing) {}

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void count_singularOnlyForOne() {
    assertThat(HumanOutput.count(1, "chunk")).isEqualTo("1 chunk");
    assertThat(HumanOutput.count(0, "chunk")).isEqualTo("0 chunks");
    assertThat(HumanOutput.count(2, "chunk file")).isEqualTo("2 chunk files");
  }

  @Test
  void json_valueTypes_haveStableEncodings() throws Exception {
    ChunkDigest d = ChunkDigest.sha256(new byte[] {1, 2, 3});
    Output o = Output.json(new PrintWriter(out), new PrintWriter(err));

    o.emit(
        new Values(
            Instant.ofEpochSecond(1_700_000_000L, 5),
            Duration.ofMillis(1500),
            Path.of("/s/x"),
            d,
            null),
        w -> w.println("human"));

    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertThat(doc.get("backup-time").isIntegralNumber()).isTrue();
    assertThat(doc.get("backup-time").asLong()).isEqualTo(1_700_000_000L);
    assertThat(doc.get("elapsed").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(doc.get("path").asText()).isEqualTo("/s/x");
    assertThat(doc.get("digest").asText()).isEqualTo(d.toHex());
    assertThat(doc.get("nothing").isNull()).isTrue();
    assertThat(out.toString()).doesNotContain("human");
  }

  @Test
  void json_mapKeysAreKeptAsGiven() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b-key", 1);
    m.put("a-key", 2);
    Output.json(new PrintWriter(out), new PrintWriter(err)).emit(m, w -> {});

    assertThat(new ObjectMapper().readTree(out.toString()).fieldNames())
        .toIterable()
        .containsExactly("b-key", "a-key");
  }

  @Test
  void json_secondEmit_throws() {
    Output o = Output.json(new PrintWriter(out), new PrintWriter(err));
    o.emit(Map.of("a", 1), w -> {});

    assertThatThrownBy(() -> o.emit(Map.of("a", 2), w -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void json_notesGoToStderr_stdoutStaysOneDocument() throws Exception {
    Output o = Output.json(new PrintWriter(out), new PrintWriter(err));
    o.note("scanning");
    o.warn("clock skew");
    o.emit(Map.of("ok", true), w -> {});

    assertThat(new ObjectMapper().readTree(out.toString()).get("ok").asBoolean()).isTrue();
    assertThat(err.toString().lines()).containsExactly("scanning", "jpbs: warning: clock skew");
  }

  @Test
  void human_rendersWithRenderer_notesOnStdout() {
    Output o = Output.human(new PrintWriter(out), new PrintWriter(err));
    o.note("scanning");
    o.emit(Map.of("ignored", 1), w -> w.println("table"));

    assertThat(o.isJson()).isFalse();
    assertThat(out.toString().lines()).containsExactly("scanning", "table");
    assertThat(err.toString()).isEmpty();
  }
}
