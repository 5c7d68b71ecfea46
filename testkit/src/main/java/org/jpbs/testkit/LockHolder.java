package org.jpbs.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LockHolderMain} child JVM (the test class path) holding a lock, seen from the test: its
 * first output line, its pid, {@link #release()} (orderly exit) and {@link #kill()} ({@code kill
 * -9}: the kernel drops its locks). {@link #close()} kills it if still alive.
 */
public final class LockHolder implements AutoCloseable {
  private final Process process;
  private final String line;

  private LockHolder(Process process, String line) {
    this.process = process;
    this.line = line;
  }

  /**
   * A whole-file fcntl lock on {@code file} ({@code shared} or exclusive), taken by a child JVM.
   */
  public static LockHolder fcntl(Path file, boolean shared) throws IOException {
    return start("fcntl", file.toString(), shared ? "shared" : "exclusive");
  }

  /** A lock taken in a child JVM by {@code taker} (a module's test class) with {@code args}. */
  public static LockHolder with(Class<? extends LockHolderMain.Taker> taker, String... args)
      throws IOException {
    List<String> all = new ArrayList<>(List.of(taker.getName()));
    all.addAll(List.of(args));
    return start(all.toArray(String[]::new));
  }

  private static LockHolder start(String... args) throws IOException {
    List<String> cmd = ChildJvm.command(LockHolderMain.class, args);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    return new LockHolder(p, first);
  }

  /** The child's first line: {@code LOCKED}, {@code LOCKED <detail>}, {@code BUSY} or null. */
  public String line() {
    return line;
  }

  /** The detail after {@code LOCKED } (e.g. the lock file), or null. */
  public String detail() {
    return line != null && line.startsWith("LOCKED ") ? line.substring(7) : null;
  }

  /** The child's pid. */
  public long pid() {
    return process.pid();
  }

  /** Lets the child release its lock and exit; waits for it. */
  public void release() throws IOException, InterruptedException {
    if (process.isAlive()) {
      process.getOutputStream().write('\n');
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Kills the child ({@code SIGKILL}) and waits; true if it is gone within a minute. */
  public boolean kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
