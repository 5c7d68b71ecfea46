package org.jpbs.gc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Locale;
import org.jpbs.gc.state.GcRun;

/**
 * PBS task ids ({@code UPID:node:pid:pstart:task_id:starttime:type:id:auth:}, spec §2.6) for GC
 * status records, so tools that parse PBS's {@code .gc-status} accept ours.
 */
final class Upid {
  private Upid() {}

  static String forGc(Path datastoreBase, GcRun run, InstantSource clock) {
    String node;
    try {
      node = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      node = "localhost";
    }
    int dot = node.indexOf('.');
    if (dot > 0) {
      node = node.substring(0, dot);
    }
    Path name = datastoreBase.toAbsolutePath().getFileName();
    String store = name == null ? "store" : name.toString();
    return String.format(
        Locale.ROOT,
        "UPID:%s:%08X:%08X:%08X:%08X:garbage_collection:%s:root@pam:",
        node,
        run.owner().pid(),
        run.owner().startTicks(),
        run.runId(),
        run.startEpochSeconds(),
        escape(store));
  }

  /** systemd-style escaping of a worker id (PBS escapes the same way). */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
              || (c == '.' && i > 0);
      if (c == '/') {
        b.append('-');
      } else if (plain) {
        b.append(c);
      } else {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c & 0xFF));
      }
    }
    return b.toString();
  }
}
