package org.jpbs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jpbs.format.GcStatus;

/**
 * The last GC's status as a Prometheus text-format file for node_exporter's textfile collector,
 * written atomically (a temporary file in the same directory, then a rename), so the collector
 * never reads a half-written file. The temporary name does not end in {@code .prom}, so the
 * collector ignores it.
 *
 * <p>Metrics (all gauges, label {@code datastore="<absolute base path>"}): {@code
 * jpbs_gc_last_success_timestamp_seconds}, {@code jpbs_gc_<field>} for every {@code .gc-status}
 * counter ({@code index_file_count}, {@code index_data_bytes}, {@code disk_bytes}, {@code
 * disk_chunks}, {@code removed_bytes}, {@code removed_chunks}, {@code pending_bytes}, {@code
 * pending_chunks}, {@code removed_bad}, {@code still_bad}), {@code jpbs_gc_mark_duration_seconds}
 * and {@code jpbs_gc_sweep_duration_seconds}.
 */
final class GcMetrics {
  private GcMetrics() {}

  /** The file's text. */
  static String render(
      String datastore,
      GcStatus s,
      long finishedEpochSeconds,
      double markSeconds,
      double sweepSeconds) {
    return render(datastore, s, true, finishedEpochSeconds, markSeconds, sweepSeconds);
  }

  /**
   * The file's text; without {@code jpbs_gc_disk_bytes} when {@code diskBytesKnown} is false (a run
   * with {@code --member-stat skip}): an absent series, not a wrong number.
   */
  static String render(
      String datastore,
      GcStatus s,
      boolean diskBytesKnown,
      long finishedEpochSeconds,
      double markSeconds,
      double sweepSeconds) {
    String label = "{datastore=\"" + escape(datastore) + "\"}";
    StringBuilder b = new StringBuilder();
    gauge(
        b,
        "jpbs_gc_last_success_timestamp_seconds",
        "Unix time the last successful garbage collection finished.",
        label,
        finishedEpochSeconds);
    gauge(
        b,
        "jpbs_gc_index_file_count",
        "Index files marked by the last GC.",
        label,
        s.indexFileCount());
    gauge(
        b,
        "jpbs_gc_index_data_bytes",
        "Logical bytes referenced by those index files.",
        label,
        s.indexDataBytes());
    if (diskBytesKnown) {
      gauge(
          b,
          "jpbs_gc_disk_bytes",
          "Bytes of chunks on disk after the last GC.",
          label,
          s.diskBytes());
    }
    gauge(b, "jpbs_gc_disk_chunks", "Chunks on disk after the last GC.", label, s.diskChunks());
    gauge(b, "jpbs_gc_removed_bytes", "Bytes removed by the last GC.", label, s.removedBytes());
    gauge(b, "jpbs_gc_removed_chunks", "Chunks removed by the last GC.", label, s.removedChunks());
    gauge(
        b,
        "jpbs_gc_pending_bytes",
        "Bytes of unreferenced chunks kept for an active writer.",
        label,
        s.pendingBytes());
    gauge(
        b,
        "jpbs_gc_pending_chunks",
        "Unreferenced chunks kept for an active writer.",
        label,
        s.pendingChunks());
    gauge(
        b,
        "jpbs_gc_removed_bad",
        "Corrupt chunk copies (.bad) removed by the last GC.",
        label,
        s.removedBad());
    gauge(
        b,
        "jpbs_gc_still_bad",
        "Corrupt chunk copies (.bad) left by the last GC.",
        label,
        s.stillBad());
    gauge(
        b,
        "jpbs_gc_mark_duration_seconds",
        "Duration of the last GC's mark phase.",
        label,
        markSeconds);
    gauge(
        b,
        "jpbs_gc_sweep_duration_seconds",
        "Duration of the last GC's sweep phase.",
        label,
        sweepSeconds);
    return b.toString();
  }

  /** Writes {@link #render} to {@code file} atomically. */
  static void write(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void gauge(StringBuilder b, String name, String help, String label, long value) {
    head(b, name, help, label);
    b.append(value).append('\n');
  }

  private static void gauge(StringBuilder b, String name, String help, String label, double value) {
    head(b, name, help, label);
    b.append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
  }

  private static void head(StringBuilder b, String name, String help, String label) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" gauge\n");
    b.append(name).append(label).append(' ');
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
