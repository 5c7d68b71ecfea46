package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads process identities and liveness from Linux {@code /proc}.
 *
 * <p>Liveness is conservative: when it cannot be decided (other pid namespace, permission denied),
 * a process counts as alive, because treating a live writer as dead could let GC delete the chunks
 * it is about to reference, while the opposite only keeps garbage one more run.
 */
final class ProcFs {
  private static final Path PROC = Path.of("/proc");

  private final ProcessIdentity self;

  ProcFs() throws IOException {
    long pid = ProcessHandle.current().pid();
    this.self = new ProcessIdentity(pid, readStartTicks(pid), readBootId(), readPidNamespace());
  }

  /** The identity of the running process. */
  ProcessIdentity self() {
    return self;
  }

  /** Whether the process is (conservatively) still running; zombies count as dead. */
  boolean isAlive(ProcessIdentity id) {
    if (id.equals(self)) {
      return true;
    }
    if (!id.bootId().equals(self.bootId())) {
      return false; // written before a reboot
    }
    if (id.pidNamespace() != self.pidNamespace()
        || id.pidNamespace() == 0
        || self.pidNamespace() == 0) {
      return true; // /proc cannot judge a pid of another namespace
    }
    String stat;
    try {
      stat = Files.readString(PROC.resolve(Long.toString(id.pid())).resolve("stat"));
    } catch (NoSuchFileException e) {
      return false;
    } catch (AccessDeniedException e) {
      return true;
    } catch (IOException e) {
      return !Files.notExists(PROC.resolve(Long.toString(id.pid())));
    }
    StatFields f = StatFields.parse(stat);
    if (f == null) {
      return true; // unparsable: cannot decide
    }
    return f.startTicks == id.startTicks() && f.state != 'Z' && f.state != 'X';
  }

  static long readStartTicks(long pid) throws IOException {
    String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
    StatFields f = StatFields.parse(stat);
    if (f == null) {
      throw new IOException("cannot parse /proc/" + pid + "/stat: " + stat);
    }
    return f.startTicks;
  }

  private static String readBootId() throws IOException {
    Path p = PROC.resolve("sys/kernel/random/boot_id");
    return Files.readString(p, StandardCharsets.US_ASCII).trim().toLowerCase(java.util.Locale.ROOT);
  }

  private static long readPidNamespace() {
    try {
      String link = Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString();
      int open = link.indexOf('[');
      int close = link.indexOf(']');
      return open >= 0 && close > open ? Long.parseLong(link.substring(open + 1, close)) : 0;
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return 0;
    }
  }

  /** The two fields of {@code /proc/<pid>/stat} we need: state (3) and starttime (22). */
  static final class StatFields {
    final char state;
    final long startTicks;

    private StatFields(char state, long startTicks) {
      this.state = state;
      this.startTicks = startTicks;
    }

    /** Parses the stat line; the comm field (2) may contain spaces and parentheses. */
    static StatFields parse(String stat) {
      int close = stat.lastIndexOf(')');
      if (close < 0 || close + 2 >= stat.length()) {
        return null;
      }
      String[] rest = stat.substring(close + 2).trim().split(" ");
      // rest[0] is field 3 (state), so field n is rest[n - 3]
      if (rest.length < 20 || rest[0].isEmpty()) {
        return null;
      }
      try {
        return new StatFields(rest[0].charAt(0), Long.parseLong(rest[19]));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
