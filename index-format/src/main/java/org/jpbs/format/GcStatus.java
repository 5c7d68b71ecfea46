package org.jpbs.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code .gc-status} file: PBS's {@code GarbageCollectionStatus} as compact JSON (spec §1.4,
 * §2.7, semantics §4.6).
 *
 * <p>Keys are kebab-case, written in the record's component order; {@code upid} is written as
 * {@code null} when absent; {@code cache-stats} is omitted when null. Parsing requires every
 * counter (non-negative integer below 2^63), accepts a missing or null {@code upid} and a missing
 * {@code cache-stats}, and ignores unknown keys (as serde does). A malformed file gives {@link
 * CorruptFileException}; callers decide whether to fall back to {@link #empty()} as PBS does.
 *
 * @param upid the GC task's UPID, or null (never-written default)
 * @param cacheStats touch-cache statistics (PBS ≥ 4.0.2), or null
 */
public record GcStatus(
    String upid,
    long indexFileCount,
    long indexDataBytes,
    long diskBytes,
    long diskChunks,
    long removedBytes,
    long removedChunks,
    long pendingBytes,
    long pendingChunks,
    long removedBad,
    long stillBad,
    CacheStats cacheStats) {

  /** File name in the datastore root. */
  public static final String FILE_NAME = ".gc-status";

  /** Largest {@code .gc-status} file read. */
  static final int MAX_SIZE = 1 << 20;

  private static final String[] COUNTERS = {
    "index-file-count", "index-data-bytes", "disk-bytes", "disk-chunks", "removed-bytes",
    "removed-chunks", "pending-bytes", "pending-chunks", "removed-bad", "still-bad"
  };

  /** {@code cache-stats}: hits and misses of the GC touch cache. */
  public record CacheStats(long hits, long misses) {
    /** Rejects negative counts. */
    public CacheStats {
      if (hits < 0 || misses < 0) {
        throw new IllegalArgumentException("negative cache stats");
      }
    }
  }

  /** Rejects negative counters. */
  public GcStatus {
    long[] c = {
      indexFileCount,
      indexDataBytes,
      diskBytes,
      diskChunks,
      removedBytes,
      removedChunks,
      pendingBytes,
      pendingChunks,
      removedBad,
      stillBad
    };
    for (int i = 0; i < c.length; i++) {
      if (c[i] < 0) {
        throw new IllegalArgumentException(COUNTERS[i] + " must be >= 0: " + c[i]);
      }
    }
  }

  /** The all-zero default with no upid (what PBS uses when the file is missing or broken). */
  public static GcStatus empty() {
    return new GcStatus(null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
  }

  /** Compact JSON as {@code serde_json::to_string} writes it. */
  public byte[] toJson() {
    return toJson(true);
  }

  /**
   * Compact JSON; with {@code diskBytesKnown} false, {@code disk-bytes} is {@code null} (a GC that
   * did not stat every kept chunk). That form is for reports only: it is not a valid {@code
   * .gc-status} (PBS's reader, like {@link #parse}, rejects a counter that is not an integer and
   * falls back to the all-zero status), so it is never written to the file.
   */
  public byte[] toJson(boolean diskBytesKnown) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (upid == null) {
      o.putNull("upid");
    } else {
      o.put("upid", upid);
    }
    long[] c = counters();
    for (int i = 0; i < c.length; i++) {
      if (i == 2 && !diskBytesKnown) {
        o.putNull(COUNTERS[i]);
      } else {
        o.put(COUNTERS[i], c[i]);
      }
    }
    if (cacheStats != null) {
      ObjectNode cs = o.putObject("cache-stats");
      cs.put("hits", cacheStats.hits());
      cs.put("misses", cacheStats.misses());
    }
    return SerdeJson.compact(o);
  }

  /**
   * Parses {@code .gc-status} JSON.
   *
   * @throws CorruptFileException naming {@code resource} if malformed or a counter is missing
   */
  public static GcStatus parse(byte[] json, String resource) throws CorruptFileException {
    JsonNode n = SerdeJson.parse(json, resource);
    if (!n.isObject()) {
      throw new CorruptFileException(
          resource, 0, "gc status is not a JSON object", "object", n.getNodeType());
    }
    JsonNode u = n.get("upid");
    if (u != null && !u.isNull() && !u.isTextual()) {
      throw new CorruptFileException(
          resource, -1, "gc status 'upid' is not a string", "string or null", u.getNodeType());
    }
    long[] c = new long[COUNTERS.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = counter(n, COUNTERS[i], resource);
    }
    CacheStats cs = null;
    JsonNode s = n.get("cache-stats");
    if (s != null && !s.isNull()) {
      if (!s.isObject()) {
        throw new CorruptFileException(
            resource, -1, "gc status 'cache-stats' is not an object", "object", s.getNodeType());
      }
      cs = new CacheStats(counter(s, "hits", resource), counter(s, "misses", resource));
    }
    return new GcStatus(
        u == null || u.isNull() ? null : u.textValue(),
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        c[6],
        c[7],
        c[8],
        c[9],
        cs);
  }

  /** Reads and parses the file ({@link java.nio.file.NoSuchFileException} if absent). */
  public static GcStatus load(Path path) throws IOException {
    long size = Files.size(path);
    if (size > MAX_SIZE) {
      throw new CorruptFileException(
          path.toString(), -1, "gc status file too large", "<= " + MAX_SIZE, size);
    }
    return parse(Files.readAllBytes(path), path.toString());
  }

  /** Writes the file atomically without fsync, as PBS does after a GC. */
  public void store(Path path) throws IOException {
    store(path, false);
  }

  /** Writes the file atomically (temp {@code .gc-status.tmp_XXXXXX}, mode 0644). */
  public void store(Path path, boolean fsync) throws IOException {
    AtomicFile.replace(path, toJson(), fsync);
  }

  private long[] counters() {
    return new long[] {
      indexFileCount,
      indexDataBytes,
      diskBytes,
      diskChunks,
      removedBytes,
      removedChunks,
      pendingBytes,
      pendingChunks,
      removedBad,
      stillBad
    };
  }

  private static long counter(JsonNode o, String key, String resource) throws CorruptFileException {
    JsonNode v = o.get(key);
    if (v == null || !v.isIntegralNumber()) {
      throw new CorruptFileException(
          resource,
          -1,
          "gc status '" + key + "' missing or not an integer",
          "integer",
          v == null ? "missing" : v.getNodeType());
    }
    BigInteger b = v.bigIntegerValue();
    if (b.signum() < 0 || b.bitLength() > 63) {
      throw new CorruptFileException(
          resource, -1, "gc status '" + key + "' out of range", "0 .. 2^63-1", b);
    }
    return b.longValue();
  }
}
