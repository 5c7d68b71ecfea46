package org.jpbs.datastore.verify;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * PBS task id ({@code UPID}) as written into {@code verify_state.upid}: {@code
 * UPID:<node>:<pid 8 hex>:<pstart 8 hex>:<task id 8 hex>:<starttime 8 hex>:<type>:<id>:<auth>:}.
 * PBS reads {@code starttime} back to decide whether a verify is outdated, so jpbs writes the
 * same layout. Fields {@code <id>} and {@code <auth>} are escaped like systemd unit names
 * ({@code -} for {@code /}, {@code \xNN} for other bytes outside {@code [A-Za-z0-9_.:]}, and
 * {@code :} too because it separates fields).
 */
public final class Upid {
  private Upid() {}

  /** Formats a UPID. */
  public static String format(String node, long pid, long pstart, long taskId, long startTime,
      String workerType, String workerId, String authId) {
    Objects.requireNonNull(node, "node");
    return String.format(Locale.ROOT, "UPID:%s:%08X:%08X:%08X:%08X:%s:%s:%s:",
        escape(node), pid, pstart, taskId, startTime, escape(workerType), escape(workerId), escape(authId));
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

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (byte by : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = by & 0xFF;
      if (c == '/') {
        b.append('-');
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '.' || c == '@') {
        b.append((char) c);
      } else {
        b.append(String.format(Locale.ROOT, "\\x%02x", c));
      }
    }
    return b.toString();
  }
}
