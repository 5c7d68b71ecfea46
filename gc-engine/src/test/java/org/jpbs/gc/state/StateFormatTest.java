package org.jpbs.gc.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateFormatTest {
  private static final ProcessIdentity ID =
      new ProcessIdentity(4242, 123456789L, "f4ee1f30-37f7-4464-bcab-633007d8828d", 4026531836L);

  @Test
  void writer_roundTrip_equal() {
    WriterInfo w = new WriterInfo(7, ID, 1_700_000_000L, "backup", "vm/100 2026-11-24T12:00:00Z ü");
    assertThat(StateFormat.decodeWriter(StateFormat.u64Key(7), StateFormat.encodeWriter(w)))
        .isEqualTo(w);
  }

  @Test
  void run_roundTrip_equal() {
    GcRun run = new GcRun(3, 10, 11, 12, 86700, new GcRunOptions(2, 0, true), ID);
    GcRunRecord r = new GcRunRecord(run, GcPhase.SWEEP, GcOutcome.FAILED, 99, "{\"x\":1}");
    assertThat(StateFormat.decodeRun(StateFormat.u64Key(3), StateFormat.encodeRun(r))).isEqualTo(r);
  }

  @Test
  void run_durationMillis_roundTrip_andAbsentInOlderRecordsReadsAsUnknown() {
    GcRun run = new GcRun(3, 10, 11, 12, 86700, new GcRunOptions(2, 0, false), ID);
    GcRunRecord r = new GcRunRecord(run, GcPhase.DONE, GcOutcome.SUCCEEDED, 99, "{}", 1234);
    byte[] encoded = StateFormat.encodeRun(r);
    assertThat(StateFormat.decodeRun(StateFormat.u64Key(3), encoded).durationMillis())
        .isEqualTo(1234);
    byte[] older = // a record written before both trailers (duration, then the set-mode flag)
        Arrays.copyOf(encoded, encoded.length - 8 - 1);
    assertThat(StateFormat.decodeRun(StateFormat.u64Key(3), older))
        .isEqualTo(new GcRunRecord(run, GcPhase.DONE, GcOutcome.SUCCEEDED, 99, "{}"))
        .extracting(GcRunRecord::durationMillis)
        .isEqualTo(-1L);
  }

  @Test
  void run_marksInSet_roundTrip_andAbsentInOlderRecordsReadsAsAtime() {
    GcRun set = new GcRun(3, 10, 11, 12, 86700, new GcRunOptions(2, 0, false, true), ID);
    GcRunRecord r = new GcRunRecord(set, GcPhase.SWEEP, GcOutcome.FAILED, 99, "{}", 1234);
    byte[] encoded = StateFormat.encodeRun(r);
    assertThat(StateFormat.decodeRun(StateFormat.u64Key(3), encoded)).isEqualTo(r);
    byte[] older = Arrays.copyOf(encoded, encoded.length - 1); // duration trailer, no flag
    GcRunRecord decoded = StateFormat.decodeRun(StateFormat.u64Key(3), older);
    assertThat(decoded.run().options().marksInSet()).isFalse();
    assertThat(decoded.durationMillis()).isEqualTo(1234);
  }

  @Test
  void mark_roundTrip_equal() {
    MarkPhaseInfo m = new MarkPhaseInfo(5, 100, 200, ID);
    assertThat(StateFormat.decodeMark(StateFormat.encodeMark(m))).isEqualTo(m);
  }

  @Test
  void checkpoint_roundTrip_equal() {
    IndexIdentity id = new IndexIdentity("ns/a/vm/100/2026-01-01T00:00:00Z/x.fidx", 1, 2, 3, 4, 5);
    assertThat(StateFormat.decodeCheckpoint(StateFormat.encodeCheckpoint(id))).isEqualTo(id);
  }

  @Test
  void checkpointKey_longPath_fixedSizeWithRunPrefix() {
    String longPath = "x/".repeat(1000) + "a.didx";
    byte[] k = StateFormat.checkpointKey(9, longPath);
    assertThat(k).hasSize(40);
    assertThat(Arrays.copyOf(k, 8)).isEqualTo(StateFormat.u64Key(9));
  }

  @Test
  void u64Key_bigEndian_sortsNumericallyUnderMemcmp() {
    assertThat(Arrays.compareUnsigned(StateFormat.u64Key(255), StateFormat.u64Key(256)))
        .isNegative();
    assertThat(StateFormat.u64Key(1)).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void values_littleEndian() {
    assertThat(StateFormat.u64Value(1)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void decode_wrongVersionOrTruncated_throwsCorrupt() {
    byte[] v = StateFormat.encodeMark(new MarkPhaseInfo(5, 100, 200, ID));
    byte[] wrongVersion = v.clone();
    wrongVersion[0] = 2;
    assertThatThrownBy(() -> StateFormat.decodeMark(wrongVersion))
        .isInstanceOf(StateFormat.CorruptRecordException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> StateFormat.decodeMark(Arrays.copyOf(v, 20)))
        .isInstanceOf(StateFormat.CorruptRecordException.class);
    byte[] w = StateFormat.encodeWriter(new WriterInfo(1, ID, 1, "k", "d"));
    assertThatThrownBy(
            () -> StateFormat.decodeWriter(StateFormat.u64Key(1), Arrays.copyOf(w, w.length - 1)))
        .isInstanceOf(StateFormat.CorruptRecordException.class);
  }
}
