package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds out which processes hold locks on a file, by parsing Linux {@code /proc/locks} for the
 * file's device and inode. Never opens the file (that would drop this process's fcntl locks on it,
 * see {@link StoreLock}).
 *
 * <p>A GC uses it to refuse to run while a holder of {@code .lock} is not a live jpbs process it
 * knows (for example a PBS daemon). OFD locks are listed with pid -1 by kernels that cannot
 * attribute them to a process.
 */
public final class LockHolders {
  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  private LockHolders() {}

  /** Kind of lock as {@code /proc/locks} names it. */
  public enum Kind {
    /** Classic fcntl record lock (PBS ProcessLocker, Java FileChannel.lock). */
    POSIX,
    /** Open-file-description lock. */
    OFD,
    /** flock(2). */
    FLOCK,
    /** Lease, delegation or anything else. */
    OTHER
  }

  /** Read (shared) or write (exclusive) lock. */
  public enum Mode {
    READ,
    WRITE
  }

  /**
   * One lock on the file.
   *
   * @param pid holder's process id as seen from this process's pid namespace; -1 or 0 when the
   *     kernel cannot name it (OFD locks, holders in another pid namespace): treat as foreign
   * @param waiting true for a blocked request ({@code ->} lines), false for a granted lock
   * @param start first locked byte
   * @param end last locked byte, or -1 for "to end of file"
   */
  public record Holder(long pid, Kind kind, Mode mode, boolean waiting, long start, long end) {}

  /** True if {@code /proc/locks} can be read on this system. */
  public static boolean supported() {
    return Files.isReadable(PROC_LOCKS);
  }

  /**
   * The locks currently held or awaited on {@code file}.
   *
   * @throws UnsupportedOperationException if this is not Linux ({@link #supported()} is false)
   */
  public static List<Holder> of(Path file) throws IOException {
    if (!supported()) {
      throw new UnsupportedOperationException("/proc/locks is not available");
    }
    long dev =
        ((Number) Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
    long ino =
        ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
    long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
    long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
    try {
      return parse(Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII), major, minor, ino);
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage() + " (resource=" + PROC_LOCKS + ")", e);
    }
  }

  /**
   * Parses {@code /proc/locks} lines, keeping those on {@code major:minor:inode}. Line format:
   * {@code "1: POSIX ADVISORY READ 1234 fd:01:5678 0 EOF"}, blocked requests as {@code "1: -> POSIX
   * ..."}.
   */
  static List<Holder> parse(List<String> lines, long major, long minor, long ino) {
    List<Holder> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      int i = 1; // f[0] is "N:"
      boolean waiting = false;
      if (f.length > i && f[i].equals("->")) {
        waiting = true;
        i++;
      }
      if (f.length < i + 7) {
        continue;
      }
      String[] id = f[i + 4].split(":");
      if (id.length != 3) {
        continue;
      }
      try {
        if (Long.parseLong(id[0], 16) != major
            || Long.parseLong(id[1], 16) != minor
            || Long.parseLong(id[2]) != ino) {
          continue;
        }
        Kind kind;
        switch (f[i]) {
          case "POSIX":
            kind = Kind.POSIX;
            break;
          case "OFDLCK":
            kind = Kind.OFD;
            break;
          case "FLOCK":
            kind = Kind.FLOCK;
            break;
          default:
            kind = Kind.OTHER;
        }
        Mode mode = f[i + 2].equals("WRITE") ? Mode.WRITE : Mode.READ;
        long pid = Long.parseLong(f[i + 3]);
        long start = Long.parseLong(f[i + 5]);
        long end = f[i + 6].equals("EOF") ? -1 : Long.parseLong(f[i + 6]);
        out.add(new Holder(pid, kind, mode, waiting, start, end));
      } catch (NumberFormatException e) {
        // Unknown means "maybe a holder of our file": refuse rather than under-report.
        throw new IllegalStateException("cannot parse /proc/locks line: " + line, e);
      }
    }
    return out;
  }
}
