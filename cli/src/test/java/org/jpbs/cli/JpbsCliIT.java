package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jpbs.cli.JpbsJar.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real shaded jar in a subprocess: help, version, usage errors, completion, progress modes. */
class JpbsCliIT {

  @Test
  void help_exit0_listsCommandsAndExitCodes() throws Exception {
    Result r = JpbsJar.run("--help");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.stdout()).startsWith("Usage: jpbs").contains("completion").contains("Exit codes:");
    assertThat(r.stdout()).doesNotContain("progress-selftest");
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void version_fromManifest() throws Exception {
    Result r = JpbsJar.run("--version");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.stdout().lines().findFirst())
        .hasValueSatisfying(l -> assertThat(l).matches("jpbs \\d+\\.\\d+\\.\\d+.*"));
  }

  @Test
  void unknownOption_exit2_oneLineOnStderr() throws Exception {
    Result r = JpbsJar.run("--definitely-not-an-option");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderrLines())
        .containsExactly("jpbs: Unknown option: '--definitely-not-an-option' (see 'jpbs --help')");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void noSubcommand_commandListOnStdout_exit2() throws Exception {
    Result r = JpbsJar.run();

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stdout()).startsWith("Usage: jpbs").contains("Commands:").contains("  gc ");
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void helpCommand_printsTheCommandsUsage_exit0() throws Exception {
    Result r = JpbsJar.run("help", "demo");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.stdout()).startsWith("Usage: jpbs demo");
  }

  @Test
  void completionBash_printsScriptWithCompleteF() throws Exception {
    Result r = JpbsJar.run("completion", "bash");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.stdout())
        .contains("complete -F")
        .contains("completion")
        .doesNotContain("progress-selftest");
  }

  @Test
  void completionScript_isValidBash() throws Exception {
    Result script = JpbsJar.run("completion");
    Result check = JpbsJar.exec(List.of("bash", "-n", "-c", script.stdout()), Map.of(), null);

    assertThat(check.exitCode()).as(check.stderr()).isZero();
  }

  @Test
  void progressPlain_linesOnStderr_stdoutEmpty() throws Exception {
    Result r =
        JpbsJar.run("progress-selftest", "--seconds", "0.2", "--total", "10", "--progress=plain");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderrLines().get(0)).isEqualTo("selftest: started (10 items)");
    assertThat(r.stderrLines().get(r.stderrLines().size() - 1))
        .startsWith("selftest: done, 10/10 items in ");
    assertThat(r.stderr()).doesNotContain("\r");
  }

  @Test
  void progressAuto_stderrNotATerminal_fallsBackToPlainLines() throws Exception {
    Result r = JpbsJar.run("progress-selftest", "--seconds", "0.2", "--total", "10");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.stderr()).doesNotContain("\r").contains("selftest: started");
  }

  @Test
  void noProgress_printsNothing() throws Exception {
    Result r = JpbsJar.run("progress-selftest", "--seconds", "0", "--total", "5", "--no-progress");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void badOptionValue_exit2_namesTheOption() throws Exception {
    Result r = JpbsJar.run("progress-selftest", "--progress=sometimes");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderrLines()).hasSize(1);
    assertThat(r.stderrLines().get(0))
        .startsWith("jpbs: ")
        .contains("--progress")
        .contains("sometimes");
  }

  @Test
  void launcher_fromAnotherDirectory_runsTheJar(@TempDir Path cwd) throws Exception {
    Path launcher = JpbsJar.repoRoot().resolve("bin/jpbs");
    Result r =
        JpbsJar.exec(
            List.of(launcher.toString(), "--version"),
            Map.of("JPBS_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home")),
            cwd);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(r.stdout()).startsWith("jpbs ");
  }

  @Test
  void launcher_passesExitCodeThrough(@TempDir Path cwd) throws Exception {
    Path launcher = JpbsJar.repoRoot().resolve("bin/jpbs");
    Result r =
        JpbsJar.exec(
            List.of(launcher.toString(), "--bogus"),
            Map.of("JPBS_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home")),
            cwd);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderrLines()).hasSize(1);
  }

  /**
   * The launcher's class-data-sharing archive, in a throwaway checkout (the launcher and a link to
   * the jar): the first run dumps a static archive, a later run maps it ({@code -Xshare:on} fails
   * the JVM otherwise) and takes picocli's Java 5 classes from it.
   */
  @Test
  void launcher_dumpsAStaticArchiveThatLaterRunsMap(@TempDir Path checkout) throws Exception {
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    Path target = Files.createDirectories(checkout.resolve("cli/target"));
    Path launcher = Files.copy(JpbsJar.repoRoot().resolve("bin/jpbs"), bin.resolve("jpbs"));
    Files.copy(JpbsJar.jar(), target.resolve("jpbs.jar"));
    Map<String, String> env =
        Map.of("JPBS_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home"));

    Result first = JpbsJar.exec(List.of(launcher.toString(), "--version"), env, checkout);

    assertThat(first.exitCode()).as(first.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(first.stdout()).startsWith("jpbs ");
    assertThat(target.resolve("jpbs.jsa")).isNotEmptyFile();
    try (var left = Files.list(target)) {
      assertThat(left.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("jpbs.jar", "jpbs.jsa");
    }

    Result second =
        JpbsJar.exec(
            List.of(launcher.toString(), "--version"),
            Map.of(
                "JPBS_NO_BUILD",
                "1",
                "JAVA_HOME",
                System.getProperty("java.home"),
                "JPBS_JAVA_OPTS",
                "-Xshare:on -Xlog:class+load=info:file=" + checkout.resolve("classes.log")),
            checkout);

    assertThat(second.exitCode()).as(second.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(second.stdout()).isEqualTo(first.stdout());
    assertThat(Files.readAllLines(checkout.resolve("classes.log")))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("picocli.CommandLine ")
                    .endsWith("source: shared objects file"));
  }
}
