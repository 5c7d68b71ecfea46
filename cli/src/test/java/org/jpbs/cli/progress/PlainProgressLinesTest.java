package org.jpbs.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.jpbs.testkit.FakeClock;
import org.junit.jupiter.api.Test;

class PlainProgressLinesTest {
  private final StringWriter sink = new StringWriter();
  private final FakeClock clock = FakeClock.create();
  private final ProgressReporter p =
      ProgressReporter.plain(new PrintWriter(sink), clock, Duration.ofSeconds(10));

  private List<String> lines() {
    return sink.toString().lines().toList();
  }

  @Test
  void fastPhase_onlyStartAndDone() {
    p.start("mark", 1000, "chunks");
    for (int i = 1; i <= 1000; i++) {
      clock.advanceMillis(5);
      p.update(i);
    }
    p.finish();

    assertThat(lines())
        .containsExactly(
            "mark: started (1000 chunks)", "mark: done, 1000/1000 chunks in 5.0 s (200 chunks/s)");
    assertThat(sink.toString()).doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void thirtySecondPhase_atMostOneLinePerInterval() {
    p.start("sweep", 100, "chunks");
    for (int i = 1; i <= 100; i++) { // 1 % per 0.3 s: every 10 % step comes after 3 s
      clock.advanceMillis(300);
      p.update(i);
    }
    p.finish();

    assertThat(lines())
        .containsExactly(
            "sweep: started (100 chunks)",
            "sweep: 34% 34/100 chunks, 3.3 chunks/s, ETA 19s", // first update 10 s after the start
            // line
            "sweep: 68% 68/100 chunks, 3.3 chunks/s, ETA 9s", // 10 s after that
            "sweep: done, 100/100 chunks in 30.0 s (3.3 chunks/s)");
  }

  @Test
  void slowPhase_oneLinePerTenPercentStep_notEveryInterval() {
    p.start("sweep", 100, "chunks");
    for (int i = 1; i <= 25; i++) { // 1 % per 2 s: 50 s, crosses 10 % and 20 %
      clock.advanceMillis(2000);
      p.update(i);
    }

    assertThat(lines())
        .containsExactly(
            "sweep: started (100 chunks)",
            "sweep: 10% 10/100 chunks, 0.5 chunks/s, ETA 3m00s", // step, 20 s after the start
            "sweep: 20% 20/100 chunks, 0.5 chunks/s, ETA 2m40s"); // step, 20 s later
  }

  @Test
  void verySlowPhase_heartbeatLineEachMinuteBetweenSteps() {
    p.start("sweep", 1000, "chunks");
    for (int i = 1; i <= 110; i++) { // 1 per 3 s: a 10 % step takes 5 min
      clock.advanceMillis(3000);
      p.update(i);
    }

    assertThat(lines())
        .containsExactly(
            "sweep: started (1000 chunks)",
            "sweep: 2% 20/1000 chunks, 0.3 chunks/s, ETA 49m00s", // 1 min
            "sweep: 4% 40/1000 chunks, 0.3 chunks/s, ETA 48m00s",
            "sweep: 6% 60/1000 chunks, 0.3 chunks/s, ETA 47m00s",
            "sweep: 8% 80/1000 chunks, 0.3 chunks/s, ETA 46m00s",
            "sweep: 10% 100/1000 chunks, 0.3 chunks/s, ETA 45m00s");
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
    p.start("restore", 20L << 30, ProgressReporter.BYTES);
    clock.advanceMillis(10_000);
    p.update(10L << 30);

    assertThat(lines())
        .containsExactly(
            "restore: started (20 GiB)", "restore: 50% 10 GiB/20 GiB, 1 GiB/s, ETA 10s");
  }

  @Test
  void close_unfinishedPhase_saysStopped_andIsIdempotent() {
    p.start("verify", 100, "snapshots");
    clock.advanceMillis(10);
    p.update(42);
    p.close();
    p.close();
    p.finish();

    assertThat(lines().get(lines().size() - 1))
        .isEqualTo("verify: stopped at 42% 42/100 snapshots");
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
