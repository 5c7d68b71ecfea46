package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backup}'s checks that run before any datastore is opened, on an injected clock. */
class BackupCommandTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path tmp;

  private int run(StringWriter err, String... args) {
    CommandLine cl =
        Main.newCommandLine(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            InstantSource.fixed(NOW));
    return cl.execute(args);
  }

  @Test
  void time_moreThanFiveMinutesAheadOfTheClock_usageError_unlessForced() throws Exception {
    Path conf = Files.writeString(tmp.resolve("vm.conf"), "cores: 1\n");
    Path store = tmp.resolve("no-store"); // reaching the store means the time was accepted
    String ahead = Long.toString(NOW.getEpochSecond() + 5 * 60 + 1);
    String justInside = Long.toString(NOW.getEpochSecond() + 5 * 60);

    StringWriter refused = new StringWriter();
    assertThat(run(refused, "backup", store.toString(), "vm/1", "vm.conf:" + conf, "--time", ahead))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(refused.toString())
        .contains("more than 5 minutes in the future")
        .contains("--force-time")
        .hasLineCount(1);

    StringWriter inside = new StringWriter();
    assertThat(
            run(
                inside,
                "backup",
                store.toString(),
                "vm/1",
                "vm.conf:" + conf,
                "--time",
                justInside))
        .isNotEqualTo(ExitCodes.USAGE);
    StringWriter forced = new StringWriter();
    assertThat(
            run(
                forced,
                "backup",
                store.toString(),
                "vm/1",
                "vm.conf:" + conf,
                "--time",
                ahead,
                "--force-time"))
        .isNotEqualTo(ExitCodes.USAGE);
    assertThat(inside.toString() + forced.toString()).doesNotContain("in the future");
    assertThat(store).doesNotExist();
  }
}
