package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainProgressLinesTest {
  private final StringWriter sink = new StringWriter();
  private final FakeInstantSource clock = new FakeInstantSource();
  private final ProgressReporter p =
      ProgressReporter.plain(new PrintWriter(sink), clock, Duration.ofSeconds(10));

  private List<String> lines() {
    return sink.toString().lines().toList();
  }

  @Test
  void fastPhase_oneLinePerTenPercentStep_plusStartAndDone() {
    p.start("mark", 1000, "chunks");
    for (int i = 1; i <= 1000; i++) {
      clock.advanceMillis(5);
      p.update(i);
    }
    p.finish();

    assertThat(lines()).hasSize(11);
    assertThat(lines().get(0)).isEqualTo("mark: started (1000 chunks)");
    assertThat(lines().get(1)).startsWith("mark: 10% 100/1000 chunks, 200 chunks/s, ETA 4s");
    assertThat(lines().get(9)).startsWith("mark: 90% 900/1000 chunks");
    assertThat(lines().get(10)).isEqualTo("mark: done, 1000/1000 chunks in 5.0 s (200 chunks/s)");
    assertThat(sink.toString()).doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void slowPhase_alsoPrintsEveryInterval() {
    p.start("sweep", 100, "chunks");
    for (int i = 1; i <= 25; i++) { // 1 % per 2 s: 50 s, crosses 10 % and 20 %
      clock.advanceMillis(2000);
      p.update(i);
    }

    assertThat(lines())
        .containsExactly(
            "sweep: started (100 chunks)",
            "sweep: 5% 5/100 chunks, 0.5 chunks/s, ETA 3m10s", // 10 s
            "sweep: 10% 10/100 chunks, 0.5 chunks/s, ETA 3m00s", // step
            "sweep: 15% 15/100 chunks, 0.5 chunks/s, ETA 2m50s", // 10 s after the step line
            "sweep: 20% 20/100 chunks, 0.5 chunks/s, ETA 2m40s", // step
            "sweep: 25% 25/100 chunks, 0.5 chunks/s, ETA 2m30s"); // 10 s after the step line
  }

  @Test
  void unknownTotal_timeBasedLinesWithoutPercentOrEta() {
    p.start("scan", -1, "files");
    for (int i = 1; i <= 25; i++) {
      clock.advanceMillis(1000);
      p.update(i * 10L);
    }
    p.finish();

    assertThat(lines())
        .containsExactly(
            "scan: started (total unknown)",
            "scan: 100 files, 10.0 files/s",
            "scan: 200 files, 10.0 files/s",
            "scan: done, 250 files in 25.0 s (10.0 files/s)");
  }

  @Test
  void bytes_areHumanSized() {
    p.start("restore", 2L << 30, ProgressReporter.BYTES);
    clock.advanceMillis(1000);
    p.update(1L << 30);

    assertThat(lines())
        .containsExactly(
            "restore: started (2 GiB)", "restore: 50% 1 GiB/2 GiB, 1 GiB/s, ETA 1s");
  }

  @Test
  void close_unfinishedPhase_saysStopped_andIsIdempotent() {
    p.start("verify", 100, "snapshots");
    clock.advanceMillis(10);
    p.update(42);
    p.close();
    p.close();
    p.finish();

    assertThat(lines().get(lines().size() - 1)).isEqualTo("verify: stopped at 42% 42/100 snapshots");
    assertThat(lines()).noneMatch(l -> l.contains("done"));
  }

  @Test
  void start_whileActive_finishesPreviousPhase() {
    p.start("mark", 10, "chunks");
    clock.advanceMillis(1000);
    p.update(10);
    p.start("sweep", 5, "chunks");

    assertThat(lines()).contains("mark: done, 10/10 chunks in 1.0 s (10.0 chunks/s)");
    assertThat(lines().get(lines().size() - 1)).isEqualTo("sweep: started (5 chunks)");
  }

  @Test
  void update_withoutPhase_isIgnored() {
    p.update(5);
    p.finish();

    assertThat(sink.toString()).isEmpty();
  }

  @Test
  void nonPositiveInterval_throws() {
    assertThatThrownBy(() -> ProgressReporter.plain(new PrintWriter(sink), clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
