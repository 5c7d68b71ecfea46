package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcStatusTest {
  @TempDir Path dir;

  static final String UPID =
      "UPID:pbs:000012AB:0000ABCD:00000001:6553F100:garbage_collection:store1:root@pam:";

  static final GcStatus FULL =
      new GcStatus(UPID, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, new GcStatus.CacheStats(11, 12));

  @Test
  void toJson_fieldOrderAndCompactForm_matchSpec() {
    assertThat(new String(FULL.toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"upid\":\""
                + UPID
                + "\",\"index-file-count\":1,\"index-data-bytes\":2,\"disk-bytes\":3,"
                + "\"disk-chunks\":4,\"removed-bytes\":5,\"removed-chunks\":6,\"pending-bytes\":7,"
                + "\"pending-chunks\":8,\"removed-bad\":9,\"still-bad\":10,\"cache-stats\":{\"hits\":11,\"misses\":12}}");
  }

  @Test
  void toJson_default_nullUpidAndNoCacheStats() {
    assertThat(new String(GcStatus.empty().toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"upid\":null,\"index-file-count\":0,\"index-data-bytes\":0,\"disk-bytes\":0,\"disk-chunks\":0,"
                + "\"removed-bytes\":0,\"removed-chunks\":0,\"pending-bytes\":0,\"pending-chunks\":0,"
                + "\"removed-bad\":0,\"still-bad\":0}");
  }

  @Test
  void storeThenLoad_roundTrips_viaAtomicTemp() throws Exception {
    Path p = dir.resolve(GcStatus.FILE_NAME);
    FULL.store(p, true);
    assertThat(GcStatus.load(p)).isEqualTo(FULL);
    GcStatus.empty().store(p);
    assertThat(GcStatus.load(p)).isEqualTo(GcStatus.empty());
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(p);
    }
  }

  @Test
  void parse_unknownKeysAndMissingUpid_accepted() throws Exception {
    String json =
        new String(GcStatus.empty().toJson(), StandardCharsets.UTF_8)
            .replace("\"upid\":null,", "")
            .replace("}", ",\"future\":[1]}");
    assertThat(GcStatus.parse(json.getBytes(StandardCharsets.UTF_8), "g"))
        .isEqualTo(GcStatus.empty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "{\"upid\":1}",
        "{\"upid\":null}",
        "{\"upid\":null,\"index-file-count\":-1,\"index-data-bytes\":0,\"disk-bytes\":0,\"disk-chunks\":0,\"removed-bytes\":0,\"removed-chunks\":0,\"pending-bytes\":0,\"pending-chunks\":0,\"removed-bad\":0,\"still-bad\":0}",
        "{\"upid\":null,\"index-file-count\":1.5,\"index-data-bytes\":0,\"disk-bytes\":0,\"disk-chunks\":0,\"removed-bytes\":0,\"removed-chunks\":0,\"pending-bytes\":0,\"pending-chunks\":0,\"removed-bad\":0,\"still-bad\":0}",
        "{\"upid\":null,\"index-file-count\":0,\"index-data-bytes\":0,\"disk-bytes\":0,\"disk-chunks\":0,\"removed-bytes\":0,\"removed-chunks\":0,\"pending-bytes\":0,\"pending-chunks\":0,\"removed-bad\":0,\"still-bad\":0,\"cache-stats\":{\"hits\":1}}"
      })
  void parse_malformed_throwsCorruptNamingFile(String json) throws Exception {
    Path p = dir.resolve(GcStatus.FILE_NAME);
    Files.writeString(p, json);
    assertThatThrownBy(() -> GcStatus.load(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class, e -> assertThat(e.resource()).isEqualTo(p.toString()));
  }

  @Test
  void truncateEveryLength_throwsCorrupt() {
    byte[] json = FULL.toJson();
    for (int len = 0; len < json.length; len++) {
      byte[] cut = CorruptFiles.truncate(json, len);
      assertThatThrownBy(() -> GcStatus.parse(cut, "g"))
          .as("length %d", len)
          .isInstanceOf(CorruptFileException.class);
    }
  }
}
