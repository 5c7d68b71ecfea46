package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.Table;
import org.jpbs.format.CorruptFileException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Drives the wired command line in-process: error lines, hints, exit codes, --json. */
class MainTest {

  /** A subcommand that throws whatever the test gives it. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final Exception failure;

    Boom(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  /** A subcommand emitting a report, as real subcommands will. */
  @Command(name = "report")
  static final class Report implements Callable<Integer> {
    record Result(String datastore, long removedBytes, long pendingChunks, List<String> groups) {}

    @Mixin OutputOptions output;

    @Override
    public Integer call() {
      Result r = new Result("/s", 1536, 3, List.of("vm/100"));
      output
          .output()
          .emit(
              r,
              out ->
                  new Table()
                      .column("removed")
                      .column("pending")
                      .row(HumanBytes.format(r.removedBytes()), r.pendingChunks())
                      .print(out));
      return ExitCodes.OK;
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Object sub, String... args) {
    Object[] extra = sub == null ? new Object[0] : new Object[] {sub};
    return Main.newCommandLine(new PrintWriter(out), new PrintWriter(err), extra).execute(args);
  }

  private List<String> errLines() {
    return err.toString().lines().toList();
  }

  @Test
  void corruptFile_oneLinePlusHint_exit4_noStackTrace() {
    int code =
        run(
            new Boom(new CorruptFileException("/s/.chunks/ab/x", 12, "crc mismatch", 1, 2)),
            "boom");

    assertThat(code).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(errLines()).hasSize(2);
    assertThat(errLines().get(0))
        .startsWith("jpbs: crc mismatch")
        .contains("resource=/s/.chunks/ab/x")
        .contains("offset=12");
    assertThat(errLines().get(1)).startsWith("hint: ");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void corruptFile_verbose_printsStackTrace() {
    int code = run(new Boom(new CorruptFileException("/s/x", 0, "bad")), "boom", "--verbose");

    assertThat(code).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(errLines().get(0)).startsWith("jpbs: bad");
    assertThat(err.toString()).contains("org.jpbs.format.CorruptFileException").contains("\tat ");
  }

  @Test
  void verbose_beforeSubcommand_alsoPrintsStackTrace() {
    run(new Boom(new IOException("disk")), "--verbose", "boom");

    assertThat(err.toString()).contains("\tat ");
  }

  @Test
  void noSuchFile_namesTheFile_exit5() {
    int code = run(new Boom(new NoSuchFileException("/s/vm/100/index.json.blob")), "boom");

    assertThat(code).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(errLines())
        .containsExactly("jpbs: no such file or directory: /s/vm/100/index.json.blob");
  }

  @Test
  void multiLineMessage_isCollapsedToOneLine() {
    run(new Boom(new IOException("first\nsecond")), "boom");

    assertThat(errLines()).containsExactly("jpbs: first; second");
  }

  @Test
  void commandFailed_usesItsCodeAndHint() {
    int code =
        run(
            new Boom(
                new CommandFailedException(
                    ExitCodes.GC_REFUSED,
                    "refusing to sweep: cutoff in the future",
                    "check the clock")),
            "boom");

    assertThat(code).isEqualTo(ExitCodes.GC_REFUSED);
    assertThat(errLines())
        .containsExactly("jpbs: refusing to sweep: cutoff in the future", "hint: check the clock");
  }

  @Test
  void unexpectedRuntimeException_reportedAsInternalError_exit1() {
    int code = run(new Boom(new IllegalStateException("invariant broken")), "boom");

    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(errLines().get(0))
        .isEqualTo("jpbs: internal error: java.lang.IllegalStateException: invariant broken");
    assertThat(errLines().get(1)).contains("--verbose");
    assertThat(err.toString()).doesNotContain("\tat ");
  }

  @Test
  void interrupted_exit130() {
    int code = run(new Boom(new InterruptedException()), "boom");

    assertThat(code).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(errLines()).containsExactly("jpbs: interrupted");
    assertThat(Thread.interrupted()).isTrue(); // flag restored by the handler (and cleared here)
  }

  @Test
  void unknownOption_oneLine_exit2() {
    int code = run(null, "--no-such-option");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines())
        .containsExactly("jpbs: Unknown option: '--no-such-option' (see 'jpbs --help')");
  }

  @Test
  void unknownSubcommandOption_pointsAtSubcommandHelp() {
    int code = run(null, "completion", "--bogus");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines()).hasSize(1);
    assertThat(errLines().get(0)).startsWith("jpbs: ").endsWith("(see 'jpbs completion --help')");
  }

  @Test
  void noSubcommand_printsCommandListOnStdout_exit2() {
    assertThat(run(null)).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString())
        .startsWith("Usage: jpbs")
        .contains("Commands:")
        .contains("  backup ")
        .contains("  help ");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void helpCommand_showsTheCommandsHelp_exit0() {
    assertThat(run(null, "help", "prune")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("Usage: jpbs prune").contains("--keep-last=N");
  }

  @Test
  void helpCommand_unknownCommand_usageError() {
    assertThat(run(null, "help", "nosuch")).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines()).hasSize(1);
    assertThat(errLines().get(0)).startsWith("jpbs: ").contains("nosuch");
  }

  @Test
  void help_ofEveryCommand_wrapsAtSpacesOnly_within80Columns() {
    CommandLine root = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err));
    List<CommandLine> all = new java.util.ArrayList<>(List.of(root));
    for (int i = 0; i < all.size(); i++) {
      all.addAll(all.get(i).getSubcommands().values());
    }
    for (CommandLine c : all) {
      String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(help.lines()).as(c.getCommandName()).allMatch(l -> l.length() <= 80);
      java.util.Set<String> words = new java.util.HashSet<>(List.of(help.split("\\s+")));
      List<String> texts =
          new java.util.ArrayList<>(List.of(c.getCommandSpec().usageMessage().description()));
      c.getCommandSpec().options().forEach(o -> texts.addAll(List.of(o.description())));
      c.getCommandSpec()
          .positionalParameters()
          .forEach(o -> texts.addAll(List.of(o.description())));
      for (String text : texts) {
        for (String word : text.split("\\s+")) {
          if (!word.isEmpty() && !word.contains("$") && !word.contains("%")) {
            assertThat(words)
                .as("'%s' of %s help is broken across lines", word, c.getCommandName())
                .contains(word);
          }
        }
      }
    }
  }

  @Test
  void help_descriptionParagraphs_areFilledNotRagged() {
    run(null, "backup", "--help");

    List<String> lines = out.toString().lines().toList();
    int first =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("Back up files")).findFirst().orElseThrow());
    // a paragraph is filled up to the width, not broken where the source string ends
    assertThat(lines.get(first + 1))
        .startsWith("(incremental: chunks of the group's last snapshot");
  }

  @Test
  void commandList_showsWholeFirstSentenceOfEachCommand() {
    run(null, "--help");

    assertThat(out.toString())
        .doesNotContain("(incremental:\n")
        .doesNotContain("manifest, every chunk by CRC,\n");
  }

  @Test
  void completion_enumValuesInLowerCase() {
    assertThat(run(null, "completion", "bash")).isEqualTo(ExitCodes.OK);

    assertThat(out.toString())
        .contains("(\"auto\" \"tty\" \"plain\" \"none\")")
        .contains("(\"directory\" \"index\")")
        .doesNotContain("\"AUTO\"")
        .doesNotContain("\"DIRECTORY\"");
  }

  @Test
  void invalidEnumValue_listsLowerCaseChoices() {
    assertThat(run(null, "gc", "--progress", "bogus")).isEqualTo(ExitCodes.USAGE);

    assertThat(errLines()).hasSize(1);
    assertThat(errLines().get(0)).contains("auto, tty, plain, none").doesNotContain("AUTO");
  }

  @Test
  void help_listsVisibleCommandsOnly() {
    assertThat(run(null, "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("completion").doesNotContain("progress-selftest");
  }

  @Test
  void json_reportUsesKebabCaseFieldNames() throws IOException {
    int code = run(new Report(), "report", "--json");

    assertThat(code).isEqualTo(ExitCodes.OK);
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertThat(doc.get("datastore").asText()).isEqualTo("/s");
    assertThat(doc.get("removed-bytes").asLong()).isEqualTo(1536);
    assertThat(doc.get("pending-chunks").asLong()).isEqualTo(3);
    assertThat(doc.get("groups").get(0).asText()).isEqualTo("vm/100");
  }

  @Test
  void human_reportPrintsTable() {
    run(new Report(), "report");

    assertThat(out.toString().lines()).containsExactly("removed  pending", "1.5 KiB        3");
  }

  @Test
  void completion_unsupportedShell_usageError() {
    assertThat(run(null, "completion", "fish")).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines().get(0)).contains("unsupported shell 'fish'");
  }
}
