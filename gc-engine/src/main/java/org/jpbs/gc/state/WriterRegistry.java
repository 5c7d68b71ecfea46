package org.jpbs.gc.state;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/** The cross-process registry of active writers ({@code writers} database). */
final class WriterRegistry {
  private final LmdbState db;
  private final ProcFs proc;
  private final InstantSource clock;

  WriterRegistry(LmdbState db, ProcFs proc, InstantSource clock) {
    this.db = db;
    this.proc = proc;
    this.clock = clock;
  }

  WriterInfo register(String kind, String description) throws GcStateException {
    long start = clock.instant().getEpochSecond();
    return db.write(
        "register writer",
        txn -> {
          long id = db.nextId(txn, StateFormat.KEY_NEXT_LEASE_ID);
          WriterInfo w = new WriterInfo(id, proc.self(), start, kind, description);
          db.writers.put(txn, StateFormat.u64Key(id), StateFormat.encodeWriter(w));
          return w;
        });
  }

  void unregister(long leaseId) throws GcStateException {
    db.write("unregister writer", txn -> db.writers.delete(txn, StateFormat.u64Key(leaseId)));
  }

  /** All entries, live or not, in lease order. */
  List<WriterInfo> all() throws GcStateException {
    return db.read("list writers", this::scan);
  }

  /** Live entries only; does not purge. */
  List<WriterInfo> live() throws GcStateException {
    List<WriterInfo> out = new ArrayList<>();
    for (WriterInfo w : all()) {
      if (proc.isAlive(w.process())) {
        out.add(w);
      }
    }
    return out;
  }

  /** Deletes the entries of dead processes and returns them. */
  List<WriterInfo> purgeDead() throws GcStateException {
    List<WriterInfo> candidates = new ArrayList<>();
    for (WriterInfo w : all()) {
      if (!proc.isAlive(w.process())) {
        candidates.add(w);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    return db.write(
        "purge dead writers",
        txn -> {
          List<WriterInfo> purged = new ArrayList<>();
          for (WriterInfo w : candidates) {
            // re-check inside the write txn: liveness of a dead incarnation never comes back
            if (db.writers.delete(txn, StateFormat.u64Key(w.leaseId()))) {
              purged.add(w);
            }
          }
          return purged;
        });
  }

  OptionalLong oldestLiveStart(List<WriterInfo> live) {
    return live.stream().mapToLong(WriterInfo::startEpochSeconds).min();
  }

  private List<WriterInfo> scan(Txn<byte[]> txn) {
    List<WriterInfo> out = new ArrayList<>();
    try (CursorIterable<byte[]> it = db.writers.iterate(txn, KeyRange.all())) {
      for (CursorIterable.KeyVal<byte[]> kv : it) {
        out.add(StateFormat.decodeWriter(kv.key(), kv.val()));
      }
    }
    return out;
  }
}
