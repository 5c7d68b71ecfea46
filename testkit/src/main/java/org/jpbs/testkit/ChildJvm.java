package org.jpbs.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM on the test's class path, tuned to start fast on a busy machine
 * (C1 only, serial GC, class-data sharing, no perf-data file): the tests start dozens of
 * short-lived children (kill points, lock holders, concurrent writers), whose start-up would
 * otherwise dominate.
 */
public final class ChildJvm {
  /** JVM options every test child gets. */
  public static final List<String> FAST_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData");

  private ChildJvm() {}

  /** {@code java <fast start> <jvmOptions> -cp <test class path> main args}. */
  public static List<String> command(List<String> jvmOptions, String main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(FAST_START);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** {@link #command(List, String, String...)} without extra JVM options. */
  public static List<String> command(Class<?> main, String... args) {
    return command(List.of(), main.getName(), args);
  }
}
