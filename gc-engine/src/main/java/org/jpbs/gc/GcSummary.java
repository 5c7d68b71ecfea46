package org.jpbs.gc;

import java.util.Locale;
import org.jpbs.format.GcStatus;

/** The closing lines of a GC task log, in PBS's wording and order (spec §4.7). */
final class GcSummary {
  private GcSummary() {}

  static void log(GcStatus s, GcListener out) {
    log(s, true, out);
  }

  /**
   * With {@code diskBytesKnown} false (members kept without a stat), the lines that show disk bytes
   * or derive from them say "n/a" instead of a number.
   */
  static void log(GcStatus s, boolean diskBytesKnown, GcListener out) {
    GcStatus.CacheStats c = s.cacheStats();
    if (c != null && c.hits() + c.misses() > 0) {
      out.info(
          String.format(
              Locale.ROOT,
              "Chunk cache: hits %d, misses %d (hit ratio %.2f%%)",
              c.hits(),
              c.misses(),
              100.0 * c.hits() / (c.hits() + c.misses())));
    }
    out.info("Removed garbage: " + humanBytes(s.removedBytes()));
    out.info("Removed chunks: " + s.removedChunks());
    if (s.pendingBytes() > 0) {
      out.info(
          "Pending removals: "
              + humanBytes(s.pendingBytes())
              + " (in "
              + s.pendingChunks()
              + " chunks)");
    }
    if (s.removedBad() > 0) {
      out.info("Removed bad chunks: " + s.removedBad());
    }
    if (s.stillBad() > 0) {
      out.info("Leftover bad chunks: " + s.stillBad());
    }
    out.info("Original data usage: " + humanBytes(s.indexDataBytes()));
    if (!diskBytesKnown) {
      out.info("On-Disk usage: n/a (chunk sizes not read)");
    } else if (s.indexDataBytes() > 0) {
      out.info(
          String.format(
              Locale.ROOT,
              "On-Disk usage: %s (%.2f%%)",
              humanBytes(s.diskBytes()),
              s.diskBytes() * 100.0 / s.indexDataBytes()));
    }
    out.info("On-Disk chunks: " + s.diskChunks());
    if (!diskBytesKnown) {
      out.info("Deduplication factor: n/a");
      if (s.diskChunks() > 0) {
        out.info("Average chunk size: n/a");
      }
      return;
    }
    double dedup = s.diskBytes() > 0 ? (double) s.indexDataBytes() / s.diskBytes() : 1.0;
    out.info(String.format(Locale.ROOT, "Deduplication factor: %.2f", dedup));
    if (s.diskChunks() > 0) {
      out.info("Average chunk size: " + humanBytes(s.diskBytes() / s.diskChunks()));
    }
  }

  /** PBS HumanByte: binary units, up to 3 decimals, trailing zeros dropped. */
  static String humanBytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    if (u == 0) {
      return bytes + " B";
    }
    String num = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    return num + " " + units[u];
  }
}
