package org.jpbs.gc.state;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/** GC run records ({@code runs} database) and the mark-phase marker ({@code mark} database). */
final class RunLog {
  private final LmdbState db;
  private final ProcFs proc;
  private final InstantSource clock;
  private final int historyLimit;

  RunLog(LmdbState db, ProcFs proc, InstantSource clock, int historyLimit) {
    this.db = db;
    this.proc = proc;
    this.clock = clock;
    this.historyLimit = historyLimit;
  }

  GcRun begin(long phase1Start, long minAtime, long cutoffSeconds, GcRunOptions options)
      throws GcStateException {
    long now = clock.instant().getEpochSecond();
    return db.write(
        "begin GC run",
        txn -> {
          long id = db.nextId(txn, StateFormat.KEY_NEXT_RUN_ID);
          GcRun run =
              new GcRun(id, now, phase1Start, minAtime, cutoffSeconds, options, proc.self());
          put(txn, new GcRunRecord(run, GcPhase.STARTING, GcOutcome.RUNNING, 0, ""));
          trimHistory(txn);
          return run;
        });
  }

  void updatePhase(long runId, GcPhase phase) throws GcStateException {
    db.write(
        "update GC run phase",
        txn -> {
          GcRunRecord r = require(txn, runId);
          requireRunning(r);
          put(txn, new GcRunRecord(r.run(), phase, r.outcome(), 0, ""));
          return null;
        });
  }

  GcRunRecord finish(long runId, GcOutcome outcome, String status, long durationMillis)
      throws GcStateException {
    if (outcome == GcOutcome.RUNNING) {
      throw new IllegalArgumentException("finishRun needs a final outcome, not RUNNING");
    }
    long now = clock.instant().getEpochSecond();
    return db.write(
        "finish GC run",
        txn -> {
          GcRunRecord r = require(txn, runId);
          requireRunning(r);
          GcRunRecord done =
              new GcRunRecord(r.run(), GcPhase.DONE, outcome, now, status, durationMillis);
          put(txn, done);
          byte[] m = db.mark.get(txn, StateFormat.KEY_ACTIVE_MARK);
          if (m != null && StateFormat.decodeMark(m).runId() == runId) {
            db.mark.delete(txn, StateFormat.KEY_ACTIVE_MARK);
          }
          return done;
        });
  }

  GcRun adopt(long runId) throws GcStateException {
    return db.write(
        "adopt GC run",
        txn -> {
          GcRunRecord r = require(txn, runId);
          requireRunning(r);
          if (!r.run().owner().equals(proc.self()) && proc.isAlive(r.run().owner())) {
            throw new IllegalStateException(
                "GC run " + runId + " is still owned by live pid " + r.run().owner().pid());
          }
          GcRun old = r.run();
          GcRun run =
              new GcRun(
                  old.runId(),
                  old.startEpochSeconds(),
                  old.phase1StartEpochSeconds(),
                  old.minAtime(),
                  old.cutoffSeconds(),
                  old.options(),
                  proc.self());
          put(txn, new GcRunRecord(run, r.phase(), r.outcome(), 0, ""));
          return run;
        });
  }

  Optional<GcRunRecord> get(long runId) throws GcStateException {
    return db.read("read GC run", txn -> Optional.ofNullable(find(txn, runId)));
  }

  List<GcRunRecord> history(int limit) throws GcStateException {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    return db.read(
        "read GC history",
        txn -> {
          List<GcRunRecord> out = new ArrayList<>();
          try (CursorIterable<byte[]> it = db.runs.iterate(txn, KeyRange.allBackward())) {
            for (CursorIterable.KeyVal<byte[]> kv : it) {
              if (out.size() >= limit) {
                break;
              }
              out.add(StateFormat.decodeRun(kv.key(), kv.val()));
            }
          }
          return out;
        });
  }

  Optional<GcRunRecord> unfinished() throws GcStateException {
    for (GcRunRecord r : history(Integer.MAX_VALUE)) {
      if (r.outcome() == GcOutcome.RUNNING && !proc.isAlive(r.run().owner())) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  void markBegin(long runId, long minAtime, long phase1Start) throws GcStateException {
    db.write(
        "begin mark phase",
        txn -> {
          requireRunning(require(txn, runId));
          byte[] cur = db.mark.get(txn, StateFormat.KEY_ACTIVE_MARK);
          if (cur != null) {
            MarkPhaseInfo other = StateFormat.decodeMark(cur);
            if (other.runId() != runId && proc.isAlive(other.owner())) {
              throw new IllegalStateException(
                  "mark phase of GC run "
                      + other.runId()
                      + " (pid "
                      + other.owner().pid()
                      + ") is still active");
            }
          }
          MarkPhaseInfo m = new MarkPhaseInfo(runId, minAtime, phase1Start, proc.self());
          db.mark.put(txn, StateFormat.KEY_ACTIVE_MARK, StateFormat.encodeMark(m));
          return null;
        });
  }

  void markEnd(long runId) throws GcStateException {
    db.write(
        "end mark phase",
        txn -> {
          byte[] cur = db.mark.get(txn, StateFormat.KEY_ACTIVE_MARK);
          if (cur != null && StateFormat.decodeMark(cur).runId() == runId) {
            db.mark.delete(txn, StateFormat.KEY_ACTIVE_MARK);
          }
          return null;
        });
  }

  Optional<MarkPhaseInfo> activeMark() throws GcStateException {
    Optional<MarkPhaseInfo> m =
        db.read(
            "read mark phase",
            txn -> {
              byte[] v = db.mark.get(txn, StateFormat.KEY_ACTIVE_MARK);
              return v == null
                  ? Optional.<MarkPhaseInfo>empty()
                  : Optional.of(StateFormat.decodeMark(v));
            });
    return m.filter(info -> proc.isAlive(info.owner()));
  }

  private void put(Txn<byte[]> txn, GcRunRecord r) {
    db.runs.put(txn, StateFormat.u64Key(r.runId()), StateFormat.encodeRun(r));
  }

  private GcRunRecord find(Txn<byte[]> txn, long runId) {
    byte[] v = db.runs.get(txn, StateFormat.u64Key(runId));
    return v == null ? null : StateFormat.decodeRun(StateFormat.u64Key(runId), v);
  }

  private GcRunRecord require(Txn<byte[]> txn, long runId) {
    GcRunRecord r = find(txn, runId);
    if (r == null) {
      throw new IllegalArgumentException("unknown GC run id " + runId);
    }
    return r;
  }

  private static void requireRunning(GcRunRecord r) {
    if (r.outcome() != GcOutcome.RUNNING) {
      throw new IllegalStateException("GC run " + r.runId() + " already finished: " + r.outcome());
    }
  }

  /** Drops the oldest finished records beyond the history limit. Unfinished ones are kept. */
  private void trimHistory(Txn<byte[]> txn) {
    List<byte[]> drop = new ArrayList<>();
    int finished = 0;
    try (CursorIterable<byte[]> it = db.runs.iterate(txn, KeyRange.allBackward())) {
      for (CursorIterable.KeyVal<byte[]> kv : it) {
        GcRunRecord r = StateFormat.decodeRun(kv.key(), kv.val());
        if (r.outcome() != GcOutcome.RUNNING && ++finished > historyLimit) {
          drop.add(kv.key().clone());
        }
      }
    }
    for (byte[] k : drop) {
      db.runs.delete(txn, k);
    }
  }
}
