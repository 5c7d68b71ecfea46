package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpbs.cli.JpbsJar.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches {@code jpbs progress-selftest} in a real terminal (a detached tmux pane): with stderr on
 * the terminal the bar is one line redrawn in place; with stderr redirected to a file (stdin and
 * stdout still on the terminal) the output falls back to plain lines.
 *
 * <p>Skipped when tmux is not installed. Waits poll the pane with generous deadlines; nothing
 * asserts on timing.
 */
class ProgressTerminalIT {
  private static final Pattern PERCENT = Pattern.compile("selftest +(\\d+)%");
  private static final long DEADLINE_NANOS = 60_000_000_000L;

  private String socket;

  @BeforeEach
  void requireTmux() throws Exception {
    boolean present;
    try {
      present = JpbsJar.exec(List.of("tmux", "-V"), Map.of(), null).exitCode() == 0;
    } catch (java.io.IOException e) {
      present = false;
    }
    assumeTrue(
        present, "tmux is not installed: terminal progress test skipped (apt-get install tmux)");
    socket = "jpbs-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }

  @AfterEach
  void killServer() throws Exception {
    if (socket != null) {
      tmux("kill-server");
    }
  }

  @Test
  void stderrOnTerminal_barIsOneLineRedrawnInPlace() throws Exception {
    startPane(selftest(""));

    // 1. a partial bar appears
    List<String> first = awaitPane(p -> percent(p) >= 1 && percent(p) <= 90);
    int p1 = percent(first);
    assertSingleProgressLine(first);

    // 2. later the same single line shows a higher percentage
    List<String> second = awaitPane(p -> percent(p) > p1 || exited(p));
    assertSingleProgressLine(second);
    assertThat(rowOf(second)).isEqualTo(rowOf(first));

    // 3. the summary replaced the bar on the same line
    List<String> done = awaitPane(ProgressTerminalIT::exited);
    assertThat(done).contains("EXIT=0");
    assertSingleProgressLine(done);
    assertThat(done.get(rowOf(done))).contains("selftest 100% 100/100 items in ");
    assertThat(rowOf(done)).isEqualTo(rowOf(first));
  }

  @Test
  void stderrRedirectedToFile_plainPeriodicLines(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("progress.log");
    startPane(selftest("2>'" + log + "'"));

    List<String> done = awaitPane(ProgressTerminalIT::exited);
    assertThat(done).contains("EXIT=0");
    assertThat(done).noneMatch(l -> l.contains("selftest"));

    String text = Files.readString(log, StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertThat(text).doesNotContain("\r").doesNotContain("\u001b");
    assertThat(lines.get(0)).isEqualTo("selftest: started (100 items)");
    assertThat(lines.get(lines.size() - 1)).startsWith("selftest: done, 100/100 items in ");
    // a 3 s phase is shorter than the 10 s between plain lines: no line per 10 % step in a log
    assertThat(lines).hasSize(2);
  }

  private String selftest(String redirect) {
    return "'"
        + JpbsJar.javaBinary()
        + "' -jar '"
        + JpbsJar.jar()
        + "' progress-selftest --seconds 3 --total 100 "
        + redirect
        + "; echo EXIT=$?; sleep 600";
  }

  private void startPane(String shellCommand) throws Exception {
    Result r =
        tmux(
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "100",
            "-y",
            "20",
            "env -u COLUMNS sh -c \"" + shellCommand.replace("\"", "\\\"") + "\"");
    assertThat(r.exitCode()).as("tmux new-session: " + r.stderr()).isZero();
  }

  private interface PaneCondition {
    boolean test(List<String> pane);
  }

  private List<String> awaitPane(PaneCondition condition) throws Exception {
    long start = System.nanoTime();
    List<String> pane = List.of();
    while (System.nanoTime() - start < DEADLINE_NANOS) {
      pane = capture();
      if (condition.test(pane)) {
        return pane;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "pane never reached the expected state; last capture:\n" + String.join("\n", pane));
  }

  private List<String> capture() throws Exception {
    Result r = tmux("capture-pane", "-p", "-t", "t");
    assertThat(r.exitCode()).as("tmux capture-pane: " + r.stderr()).isZero();
    List<String> lines = new ArrayList<>(r.stdout().lines().toList());
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private Result tmux(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    cmd.addAll(List.of(args));
    return JpbsJar.exec(cmd, Map.of(), null);
  }

  private static boolean exited(List<String> pane) {
    return pane.stream().anyMatch(l -> l.startsWith("EXIT="));
  }

  private static int rowOf(List<String> pane) {
    for (int i = 0; i < pane.size(); i++) {
      if (pane.get(i).contains("selftest")) {
        return i;
      }
    }
    return -1;
  }

  /** Percentage on the progress line, or -1 when there is none yet. */
  private static int percent(List<String> pane) {
    int row = rowOf(pane);
    if (row < 0) {
      return -1;
    }
    Matcher m = PERCENT.matcher(pane.get(row));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static void assertSingleProgressLine(List<String> pane) {
    assertThat(pane.stream().filter(l -> l.contains("selftest")).count())
        .as("progress lines in pane:\n" + String.join("\n", pane))
        .isEqualTo(1);
    assertThat(pane.get(rowOf(pane)).length()).isLessThan(100);
  }
}
