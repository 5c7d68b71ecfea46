package org.jpbs.gc.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link GcStateChild} running in its own JVM with this test's class path. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  final long pid;
  final long value;

  private ChildJvm(Process process, long pid, long value) {
    this.process = process;
    this.pid = pid;
    this.value = value;
  }

  static ChildJvm start(String... args) throws Exception {
    List<String> cmd = org.jpbs.testkit.ChildJvm.command(GcStateChild.class, args);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    try {
      line = CompletableFuture.supplyAsync(() -> readLine(out)).get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    if (line == null || !line.startsWith("READY ")) {
      p.destroyForcibly();
      throw new IllegalStateException("child did not get ready: " + line);
    }
    String[] f = line.split(" ");
    return new ChildJvm(p, Long.parseLong(f[1]), Long.parseLong(f[2]));
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      return "IOException " + e;
    }
  }

  /** SIGKILL and reap: the child's pid no longer has a /proc entry (not even a zombie). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child " + pid + " did not die");
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
