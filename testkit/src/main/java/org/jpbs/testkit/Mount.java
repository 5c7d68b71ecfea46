package org.jpbs.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real mount for a test, unmounted by {@link #close()}. Mounting needs root (CAP_SYS_ADMIN):
 * where it is not permitted the calling test is skipped (a JUnit assumption), never failed.
 */
public final class Mount implements AutoCloseable {
  private final Path target;
  private boolean mounted = true;

  private Mount(Path target) {
    this.target = target;
  }

  /**
   * {@code mount --bind source target}, then {@code remount,bind,ro}; checks that the target
   * refuses a write before returning.
   */
  public static Mount readOnlyBind(Path source, Path target)
      throws IOException, InterruptedException {
    Files.createDirectories(target);
    String err = run("mount", "--bind", source.toString(), target.toString());
    Assumptions.assumeTrue(err == null, () -> "cannot bind-mount (needs root): " + err);
    Mount m = new Mount(target);
    String roErr = run("mount", "-o", "remount,bind,ro", target.toString());
    if (roErr != null) {
      m.close();
      Assumptions.abort("cannot remount read-only: " + roErr);
    }
    try {
      Files.delete(Files.createFile(target.resolve(".jpbs-testkit-probe")));
    } catch (IOException expected) {
      return m;
    }
    m.close();
    throw new AssertionError(target + " is writable after remount,bind,ro");
  }

  /** A tmpfs of {@code sizeMiB} MiB on {@code target}: a filesystem a test can fill. */
  public static Mount tmpfs(Path target, int sizeMiB) throws IOException, InterruptedException {
    Files.createDirectories(target);
    String err =
        run("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m", "tmpfs", target.toString());
    Assumptions.assumeTrue(err == null, () -> "cannot mount a tmpfs (needs root): " + err);
    return new Mount(target);
  }

  /** The mount point. */
  public Path path() {
    return target;
  }

  /** Unmounts; a busy mount is detached lazily ({@code umount -l}) rather than left behind. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (!mounted) {
      return;
    }
    mounted = false;
    String err = run("umount", target.toString());
    if (err != null && run("umount", "-l", target.toString()) != null) {
      throw new IOException("umount " + target + ": " + err);
    }
  }

  /** Runs a command; null on exit 0, else what it printed. */
  static String run(String... cmd) throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.toString();
    }
    String out;
    try {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      out = e.toString();
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out";
    }
    return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
  }
}
