package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jpbs.testkit.ClassDataArchive;

/**
 * Runs the shaded {@code jpbs.jar} (path from system property {@code jpbs.jar}) in a subprocess.
 */
final class JpbsJar {
  /** Output and exit code of one run. */
  record Result(int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().toList();
    }
  }

  private JpbsJar() {}

  /** The jar failsafe points at; fails the test if it was not built. */
  static Path jar() {
    String p = System.getProperty("jpbs.jar");
    assertThat(p).as("system property jpbs.jar (set by failsafe)").isNotNull();
    Path jar = Path.of(p);
    assertThat(jar).as("run 'mvn package' first").isRegularFile();
    return jar;
  }

  /** The checkout root: {@code <root>/cli/target/jpbs.jar}. */
  static Path repoRoot() {
    return jar().toAbsolutePath().getParent().getParent().getParent();
  }

  /**
   * Prefix of a command whose process a test interrupts with SIGINT: coreutils' {@code env}
   * restores SIGINT's default disposition, which a test run started as a background job of a
   * non-interactive shell inherits as "ignored" (the JVM then installs no handler for it).
   */
  static final List<String> DEFAULT_SIGINT = List.of("env", "--default-signal=INT");

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * {@code java -jar jpbs.jar args...} with stdin from /dev/null; C1 only, the serial collector and
   * this test JVM's class-data archive of the jar ({@link ClassDataArchive}), which start the
   * short-lived JVM faster (the commands under test do little work).
   */
  static Result run(String... args) throws IOException, InterruptedException {
    ClassDataArchive.Launch launch = CDS.begin();
    try {
      return exec(command(launch, args), Map.of(), null);
    } finally {
      launch.end();
    }
  }

  private static final ClassDataArchive CDS = ClassDataArchive.perJvm("jpbs-jar");

  private static List<String> command(ClassDataArchive.Launch launch, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
    cmd.addAll(launch.options());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * As {@link #run} with stdin read from {@code stdin} and stdout written to {@code stdout} (binary
   * data; the result's stdout is then empty); either may be null for the defaults.
   */
  static Result runRedirected(Path stdin, Path stdout, String... args)
      throws IOException, InterruptedException {
    ClassDataArchive.Launch launch = CDS.begin();
    List<String> cmd = command(launch, args);
    Path err = Files.createTempFile("jpbs-it", ".err");
    Path out = stdout != null ? stdout : Files.createTempFile("jpbs-it", ".out");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectInput(
                  ProcessBuilder.Redirect.from(
                      (stdin != null ? stdin : Path.of("/dev/null")).toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + cmd);
      }
      return new Result(
          p.exitValue(),
          stdout != null ? "" : Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      launch.end();
      Files.deleteIfExists(err);
      if (stdout == null) {
        Files.deleteIfExists(out);
      }
    }
  }

  /** Runs {@code cmd} in {@code dir} (null: inherit) with extra environment. */
  static Result exec(List<String> cmd, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    Path tmp = Files.createTempDirectory("jpbs-it");
    try {
      Path out = tmp.resolve("out");
      Path err = tmp.resolve("err");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().putAll(env);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + cmd);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      for (String f : new String[] {"out", "err"}) {
        Files.deleteIfExists(tmp.resolve(f));
      }
      Files.deleteIfExists(tmp);
    }
  }
}
