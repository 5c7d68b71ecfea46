package org.jpbs.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * PBS task id ({@code UPID}, spec §2.6), the one renderer for every task jpbs records (GC status,
 * {@code verify_state}): {@code UPID:<node>:<pid 8 hex>:<pstart 8 hex>:<task id 8 hex>:<starttime 8
 * hex>:<type>:<id>:<auth>:}.
 *
 * <p>As PBS's {@code UPID} display: node, worker type and auth id are written as they are (PBS
 * validates them; here they are checked not to contain the field separator), the worker id is
 * escaped with systemd's unit escaping ({@link #escapeUnit}). PBS reads {@code starttime} back to
 * decide whether a verify is outdated, so the layout matters.
 */
public final class Upid {
  private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  private Upid() {}

  /**
   * Formats a UPID.
   *
   * @throws IllegalArgumentException if node, worker type or auth id contain {@code :} or a control
   *     character
   */
  public static String format(
      String node,
      long pid,
      long pstart,
      long taskId,
      long startTime,
      String workerType,
      String workerId,
      String authId) {
    return String.format(
        Locale.ROOT,
        "UPID:%s:%08X:%08X:%08X:%08X:%s:%s:%s:",
        plain("node", node),
        pid,
        pstart,
        taskId,
        startTime,
        plain("worker type", workerType),
        escapeUnit(Objects.requireNonNull(workerId, "workerId"), false),
        plain("auth id", authId));
  }

  /** The start time (epoch seconds) of a UPID, or empty if it does not parse. */
  public static OptionalLong startTime(String upid) {
    if (upid == null || !upid.startsWith("UPID:")) {
      return OptionalLong.empty();
    }
    String[] f = upid.split(":", -1);
    if (f.length < 9) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseUnsignedLong(f[5], 16));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * This host's node name as PBS writes it into UPIDs: the kernel's host name up to its first dot;
   * {@code localhost} when it cannot be read. Reads a file, never the network.
   */
  public static String nodeName() {
    String name;
    try {
      name = Files.readString(HOSTNAME, StandardCharsets.UTF_8).strip();
    } catch (IOException | SecurityException e) {
      name = "";
    }
    int dot = name.indexOf('.');
    if (dot >= 0) {
      name = name.substring(0, dot);
    }
    return name.isEmpty() || name.indexOf(':') >= 0 ? "localhost" : name;
  }

  /**
   * systemd unit-name escaping exactly as proxmox-rs {@code escape_unit}: {@code /} becomes {@code
   * -}; bytes outside {@code [A-Za-z0-9_.]} and a leading {@code .} become {@code \xN} with
   * lower-case hex and no zero padding (Rust's {@code {:0x}}); with {@code isPath} leading and
   * trailing slashes are trimmed first and an empty path is {@code -}.
   */
  public static String escapeUnit(String unit, boolean isPath) {
    byte[] raw = unit.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    int to = raw.length;
    if (isPath) {
      while (from < to && raw[from] == '/') {
        from++;
      }
      while (to > from && raw[to - 1] == '/') {
        to--;
      }
      if (from == to) {
        return "-";
      }
    }
    StringBuilder b = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      int c = raw[i] & 0xFF;
      if (c == '/') {
        b.append('-');
      } else if ((i == from && c == '.')
          || !(c == '_'
              || c == '.'
              || (c >= '0' && c <= '9')
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z'))) {
        b.append("\\x").append(Integer.toHexString(c));
      } else {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private static String plain(String what, String value) {
    Objects.requireNonNull(value, what);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ':' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "UPID " + what + " must not contain ':' or control characters: '" + value + "'");
      }
    }
    return value;
  }
}
