package org.jpbs.gc.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.KeyRange;

/**
 * The mark checkpoint ({@code checkpoint} database): index files fully marked by a run, with their
 * identity. Writes are buffered and committed every {@code batch} entries or on {@link #flush()}; a
 * kill loses at most the unflushed entries, which a resumed run simply marks again.
 *
 * <p>Thread-safe: mark workers may record concurrently.
 */
final class MarkCheckpoint {
  private final LmdbState db;
  private final int batch;
  private final Object lock = new Object();

  /** Pending entries keyed by (runId, path): a later record for the same path replaces it. */
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  private record Pending(long runId, IndexIdentity id) {}

  MarkCheckpoint(LmdbState db, int batch) {
    this.db = db;
    this.batch = batch;
  }

  void record(long runId, IndexIdentity id) throws GcStateException {
    List<Pending> toWrite = null;
    synchronized (lock) {
      pending.put(runId + "\0" + id.relativePath(), new Pending(runId, id));
      if (pending.size() >= batch) {
        toWrite = drain();
      }
    }
    if (toWrite != null) {
      commit(toWrite);
    }
  }

  void flush() throws GcStateException {
    List<Pending> toWrite;
    synchronized (lock) {
      toWrite = drain();
    }
    commit(toWrite);
  }

  boolean wasMarked(long runId, IndexIdentity id) throws GcStateException {
    synchronized (lock) {
      Pending p = pending.get(runId + "\0" + id.relativePath());
      if (p != null) {
        return p.id().equals(id);
      }
    }
    byte[] key = StateFormat.checkpointKey(runId, id.relativePath());
    byte[] v = db.read("read mark checkpoint", txn -> db.checkpoint.get(txn, key));
    return v != null && StateFormat.decodeCheckpoint(v).equals(id);
  }

  long count(long runId) throws GcStateException {
    flush();
    return db.read(
        "count mark checkpoint",
        txn -> {
          long n = 0;
          byte[] prefix = StateFormat.u64Key(runId);
          try (CursorIterable<byte[]> it = db.checkpoint.iterate(txn, KeyRange.atLeast(prefix))) {
            for (CursorIterable.KeyVal<byte[]> kv : it) {
              if (!hasPrefix(kv.key(), prefix)) {
                break;
              }
              n++;
            }
          }
          return n;
        });
  }

  void clear(long runId) throws GcStateException {
    synchronized (lock) {
      pending.values().removeIf(p -> p.runId() == runId);
    }
    byte[] prefix = StateFormat.u64Key(runId);
    db.write(
        "clear mark checkpoint",
        txn -> {
          List<byte[]> keys = new ArrayList<>();
          try (CursorIterable<byte[]> it = db.checkpoint.iterate(txn, KeyRange.atLeast(prefix))) {
            for (CursorIterable.KeyVal<byte[]> kv : it) {
              if (!hasPrefix(kv.key(), prefix)) {
                break;
              }
              keys.add(kv.key().clone());
            }
          }
          for (byte[] k : keys) {
            db.checkpoint.delete(txn, k);
          }
          for (byte[] key : List.of(KEY_TOTALS, KEY_SWEEP)) {
            byte[] t = db.meta.get(txn, key);
            if (t != null && StateFormat.le(t).getLong() == runId) {
              db.meta.delete(txn, key);
            }
          }
          return null;
        });
  }

  /** {@code meta} key of the finished mark phase's counters: run id u64 LE, then the counters. */
  static final byte[] KEY_TOTALS =
      "mark-totals".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * {@code meta} key of the sweep's progress: run id, next chunk directory, the counters so far.
   */
  static final byte[] KEY_SWEEP =
      "sweep-progress".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Records counters of run {@code runId} under {@code key} (one record per key and store). */
  void saveTotals(byte[] key, long runId, long[] counters) throws GcStateException {
    byte[] v = new byte[8 * (1 + counters.length)];
    java.nio.ByteBuffer b = StateFormat.le(v).putLong(runId);
    for (long c : counters) {
      b.putLong(c);
    }
    db.write("record GC counters", txn -> db.meta.put(txn, key, v));
  }

  /** The counters {@link #saveTotals} recorded under {@code key} for {@code runId}, or null. */
  long[] totals(byte[] key, long runId) throws GcStateException {
    byte[] v = db.read("read GC counters", txn -> db.meta.get(txn, key));
    if (v == null || v.length < 8 || v.length % 8 != 0) {
      return null;
    }
    java.nio.ByteBuffer b = StateFormat.le(v);
    if (b.getLong() != runId) {
      return null;
    }
    long[] out = new long[v.length / 8 - 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getLong();
    }
    return out;
  }

  private List<Pending> drain() {
    List<Pending> out = new ArrayList<>(pending.values());
    pending.clear();
    return out;
  }

  private void commit(List<Pending> entries) throws GcStateException {
    if (entries.isEmpty()) {
      return;
    }
    db.write(
        "write mark checkpoint",
        txn -> {
          for (Pending p : entries) {
            db.checkpoint.put(
                txn,
                StateFormat.checkpointKey(p.runId(), p.id().relativePath()),
                StateFormat.encodeCheckpoint(p.id()));
          }
          return null;
        });
  }

  private static boolean hasPrefix(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
