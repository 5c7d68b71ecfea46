package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@link Main#forArgs}: the command line built for a run holds only the subcommand the arguments
 * name, and that subcommand parses, helps and fails exactly as in the full tree.
 */
class MainForArgsTest {
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_700_000));

  @Test
  void forArgs_namedSubcommandOrAlias_buildsOnlyThatOne() {
    assertThat(subcommandsFor("gc", "/s")).containsOnlyKeys("gc");
    assertThat(subcommandsFor("--verbose", "gc", "status", "/s")).containsOnlyKeys("gc");
    assertThat(subcommandsFor("du", "/s")).containsOnlyKeys("stats", "du");
    assertThat(subcommandsFor("backup", "--help")).containsOnlyKeys("backup");
  }

  @Test
  void forArgs_noneUnknownHelpOrCompletion_buildsTheWholeTree() {
    int all = subcommandsFor().size();
    assertThat(all).isGreaterThan(Main.SUBCOMMANDS.size()); // aliases count as keys too
    assertThat(subcommandsFor("--version")).hasSize(all);
    assertThat(subcommandsFor("gcc", "/s")).hasSize(all);
    assertThat(subcommandsFor("help", "gc")).hasSize(all);
    assertThat(subcommandsFor("completion", "bash")).hasSize(all);
  }

  @Test
  void everySubcommand_helpAndUsageErrors_sameAsInTheWholeTree() {
    for (String name : names()) {
      for (String[] args :
          List.of(
              new String[] {name, "--help"},
              new String[] {name, "--no-such-option"},
              new String[] {"--verbose", name, "--help"})) {
        Run full = run(Main.newCommandLine(out(), out(), CLOCK), args);
        Run only = run(null, args);
        assertThat(only).as(String.join(" ", args)).isEqualTo(full);
      }
    }
  }

  @Test
  void helpCommand_andUnknownSubcommand_sameAsBefore() {
    Run help = run(null, "help", "gc");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: jpbs gc");
    Run unknown = run(null, "gcc");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("gcc");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(CommandLine given, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl =
        given != null
            ? given
            : Main.forArgs(new PrintWriter(out, true), new PrintWriter(err, true), CLOCK, args);
    if (given != null) {
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
    }
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Class<?> c : Main.SUBCOMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (!command.name().equals("help") && !command.name().equals("completion")) {
        names.add(command.name());
      }
    }
    return names;
  }

  private static java.util.Map<String, CommandLine> subcommandsFor(String... args) {
    return Main.forArgs(out(), out(), CLOCK, args).getSubcommands();
  }

  private static PrintWriter out() {
    return new PrintWriter(new StringWriter(), true);
  }
}
