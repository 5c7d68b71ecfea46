package org.jpbs.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.jpbs.testkit.FakeClock;
import org.junit.jupiter.api.Test;

class TtyProgressBarTest {
  private static final int WIDTH = 80;

  private final StringWriter sink = new StringWriter();
  private final FakeClock clock = FakeClock.create();
  private final ProgressReporter p = ProgressReporter.tty(new PrintWriter(sink), clock, WIDTH);

  /** The frames drawn so far: the text after each carriage return. */
  private List<String> frames() {
    return Arrays.stream(sink.toString().split("\r", -1)).skip(1).toList();
  }

  private String lastFrame() {
    List<String> f = frames();
    return f.get(f.size() - 1);
  }

  @Test
  void start_drawsOneFrameInPlace_noNewline() {
    p.start("mark", 200, "chunks");

    assertThat(sink.toString()).startsWith("\r").doesNotContain("\n");
    assertThat(lastFrame()).startsWith("mark   0% [").contains("0/200 chunks").contains("ETA ?");
  }

  @Test
  void update_halfway_barHalfFilled_withRateAndEta() {
    p.start("mark", 200, "chunks");
    clock.advanceMillis(1000);
    p.update(100);

    String f = lastFrame().stripTrailing();
    String bar = f.substring(f.indexOf('[') + 1, f.indexOf(']'));
    assertThat(f).startsWith("mark  50% [").endsWith("100/200 chunks  100 chunks/s  ETA 1s");
    assertThat(bar.chars().filter(c -> c == '#').count()).isEqualTo(bar.length() / 2);
    assertThat(bar).matches("#+-+");
  }

  @Test
  void update_throttledTo100Millis() {
    p.start("mark", 1000, "chunks");
    for (int i = 1; i <= 1000; i++) {
      clock.advanceMillis(10); // 10 s in total
      p.update(i);
    }

    assertThat(frames()).hasSize(1 + 100); // start frame + one per 100 ms
  }

  @Test
  void frames_neverExceedWidthMinusOne() {
    p.start("a-rather-long-phase-name-for-testing", 1L << 40, ProgressReporter.BYTES);
    for (int i = 1; i <= 50; i++) {
      clock.advanceMillis(150);
      p.update(i * (1L << 34));
    }
    p.finish();

    assertThat(frames()).allSatisfy(f -> assertThat(f.stripTrailing().length()).isLessThan(WIDTH));
  }

  @Test
  void shorterFrame_padsOverPreviousOne() {
    p.start("phase", -1, "items");
    clock.advanceMillis(200);
    p.update(123_456_789);
    clock.advanceMillis(200);
    p.update(1); // shorter text must blank the rest of the previous frame

    List<String> f = frames();
    assertThat(f.get(2).length()).isGreaterThanOrEqualTo(f.get(1).stripTrailing().length());
  }

  @Test
  void finish_drawsSummaryAndEndsLine() {
    p.start("sweep", 10, "chunks");
    clock.advanceMillis(2000);
    p.update(10);
    p.finish();

    assertThat(sink.toString()).endsWith("\n");
    assertThat(sink.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    assertThat(lastFrame().stripTrailing())
        .isEqualTo("sweep 100% 10/10 chunks in 2.0 s  5.0 chunks/s");
  }

  @Test
  void unknownTotal_noBarNoEta() {
    p.start("scan", -1, "files");
    clock.advanceMillis(1000);
    p.update(7);

    assertThat(lastFrame().stripTrailing()).isEqualTo("scan  7 files  7.0 files/s");
  }

  @Test
  void close_endsLineOnce_andIsIdempotent() {
    p.start("verify", 10, "snapshots");
    p.close();
    p.close();
    p.finish();

    assertThat(sink.toString()).endsWith("\n");
    assertThat(sink.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    assertThat(sink.toString()).doesNotContain(" in ");
  }

  @Test
  void narrowTerminal_dropsBarKeepsNumbers() {
    ProgressReporter narrow = ProgressReporter.tty(new PrintWriter(sink), clock, 40);
    narrow.start("mark", 100, "chunks");
    clock.advanceMillis(1000);
    narrow.update(50);

    assertThat(lastFrame()).doesNotContain("[").contains("50%");
    assertThat(lastFrame().stripTrailing().length()).isLessThan(40);
  }

  @Test
  void tooNarrow_throws() {
    assertThatThrownBy(() -> ProgressReporter.tty(new PrintWriter(sink), clock, 19))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printAbove_clearsBar_printsLine_redrawsBar() {
    PrintWriter same = new PrintWriter(sink);
    p.start("mark", 10, "chunks");
    p.update(5);

    p.printAbove(
        () -> {
          same.println("Start GC phase2");
          same.flush();
        });

    String out = sink.toString();
    int line = out.indexOf("Start GC phase2\n");
    assertThat(line).isPositive();
    assertThat(out.substring(0, line)).matches("(?s).*\r +\r");
    assertThat(out.substring(line + "Start GC phase2\n".length())).startsWith("\rmark  50% [");
  }

  @Test
  void printAbove_noActivePhase_justPrints() {
    StringWriter other = new StringWriter();
    p.printAbove(() -> other.write("x"));

    assertThat(other.toString()).isEqualTo("x");
    assertThat(sink.toString()).isEmpty();
  }
}
