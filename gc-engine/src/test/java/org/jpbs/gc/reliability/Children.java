package org.jpbs.gc.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jpbs.testkit.ChildJvm;

/** Child JVMs of the reliability suites and the classification of their operation results. */
final class Children {
  private Children() {}

  /** Starts {@code java -cp <this class path> main args}, stdout to {@code out}. */
  static Process start(Path out, Class<?> main, String... args) throws IOException {
    // children may be killed: their extracted native libraries (lmdbjava, JNA) must land in the
    // test's temp dir, not pile up in the shared one
    Path jvmTmp = Files.createDirectories(out.toAbsolutePath().resolveSibling("jvm-tmp"));
    List<String> cmd =
        ChildJvm.command(List.of("-Xmx256m", "-Djava.io.tmpdir=" + jvmTmp), main.getName(), args);
    return new ProcessBuilder(cmd)
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /**
   * Whether a failed operation's exception is an expected outcome of contention (busy locks, a GC
   * already running, a snapshot that another process removed first, a backup in the same second as
   * its base) rather than a defect.
   */
  static boolean expected(char op, String exceptionClass, String message) {
    String simple = exceptionClass.substring(exceptionClass.lastIndexOf('.') + 1);
    return switch (simple) {
      case "LockedException", "GcLockUnavailableException", "GcSafetyException" -> true;
      // the same second as its base; or its base was removed meanwhile (the snapshot lock file
      // of a removed snapshot can be re-created and locked by a backup that listed it just
      // before): the finish-time check refuses such a backup, as PBS does
      case "BackupRejectedException", "BackupTimeRejectedException" ->
          op == 'b'
              && (message.contains("is not after the last backup")
                  || message.contains("was removed during backup"));
      // a move refused by PBS's checks: the merge invariant (the target group has a snapshot as
      // new as the source's oldest), a source or target that another move took away first, the
      // depth limit
      case "MoveRefusedException" -> op == 'm' || op == 'n';
      // the snapshot directory of the backup's second exists: left unfinished by a process
      // killed in that second (kill points), and still there after the backup's retries
      case "FileAlreadyExistsException" -> op == 'b' && !message.contains("/.chunks/");
      // the snapshot vanished (another process removed it first) — but never a missing chunk
      // (or its group, removed with its last snapshot, under a verify or prune listing it)
      // or a backup's namespace that a namespace move took away before the backup created its
      // group (refused before anything is written)
      case "NoSuchFileException" ->
          ("rfvp".indexOf(op) >= 0 && !message.contains("/.chunks/"))
              || (op == 'b' && message.endsWith(": namespace does not exist"));
      default -> false;
    };
  }

  /**
   * Tallies {@code RESULT} lines into {@code counts} ("op outcome" → n); returns the unexpected
   * lines.
   */
  static List<String> tally(Path out, Map<String, Integer> counts) throws IOException {
    List<String> unexpected = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      if (!line.startsWith("RESULT ")) {
        continue;
      }
      String[] parts = line.split(" ", 4);
      char op = parts[1].charAt(0);
      String outcome = parts[2];
      String message = parts.length > 3 ? parts[3] : "";
      String key;
      if (outcome.equals("OK")) {
        key = op + " ok";
      } else if (expected(op, outcome, message)) {
        key = op + " " + outcome.substring(outcome.lastIndexOf('.') + 1) + reason(message);
      } else {
        key = op + " UNEXPECTED";
        unexpected.add(line);
      }
      counts.merge(key, 1, Integer::sum);
      if ((op == 'g' || op == 't') && outcome.equals("OK")) {
        int removed = Integer.parseInt(message.replaceAll(".*removed=(\\d+).*", "$1"));
        counts.merge("g removed-chunks", removed, Integer::sum);
      }
    }
    return unexpected;
  }

  private static String reason(String message) {
    if (message.contains("already running")) {
      return "(gc running)";
    } else if (message.contains("not a registered jpbs writer")) {
      return "(unregistered .lock holder)";
    } else if (message.contains("was removed during backup")) {
      return "(base removed)";
    } else if (message.contains("is not after")) {
      return "(same second)";
    } else if (message.contains("snapshot time mismatch") || message.contains("exists")) {
      return "(merge order)";
    } else if (message.contains("does not exist")) {
      return "(vanished)";
    } else if (message.contains("levels deep")) {
      return "(depth)";
    }
    return "";
  }

  /**
   * One line per operation letter: {@code moves: 5 ok, 3 busy, 2 refused, 1 other} (busy: lock
   * contention; refused: a check said no; other: another expected outcome such as a vanished
   * snapshot; unexpected ones fail the test).
   */
  static String summary(Map<String, Integer> counts) {
    StringBuilder sb = new StringBuilder();
    String names =
        "b backups,r restores,p prunes,f forgets,v verifies,g gcs,m group moves,"
            + "n namespace moves,s syncs,t target gcs";
    for (String entry : names.split(",")) {
      char op = entry.charAt(0);
      int[] n = new int[5];
      counts.forEach(
          (k, v) -> {
            if (k.charAt(0) != op || k.contains("removed-chunks")) {
              return;
            }
            String outcome = k.substring(2);
            int slot =
                outcome.equals("ok")
                    ? 0
                    : outcome.startsWith("LockedException")
                            || outcome.startsWith("GcLock")
                            || outcome.startsWith("GcSafety")
                        ? 1
                        : outcome.startsWith("MoveRefused") || outcome.startsWith("Backup")
                            ? 2
                            : outcome.equals("UNEXPECTED") ? 4 : 3;
            n[slot] += v;
          });
      if (n[0] + n[1] + n[2] + n[3] + n[4] > 0) {
        sb.append(
            String.format(
                "%n  %s: %d ok, %d busy, %d refused, %d other, %d unexpected",
                entry.substring(2), n[0], n[1], n[2], n[3], n[4]));
      }
    }
    return sb.toString();
  }

  static Map<String, Integer> newCounts() {
    return new TreeMap<>();
  }
}
