package org.jpbs.gc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.Datastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized multi-process torture: several child JVMs run backups (incremental, reusing chunks of
 * their base), restores, prunes (keep-last 1–2), forgets, verifies, GCs (cutoff 1 s), group and
 * namespace moves against one store with namespaces, and syncs of it into a second store on which
 * they also run GCs. Between rounds, while nothing runs, every chunk of both stores is aged two
 * days, so the next round's GCs remove every chunk they do not find referenced — the races of spec
 * §8 (seed race, in-progress window, removal during marking), of the move journal (pbs-s3 §7) and
 * of a sync against GCs on both sides decide whether a referenced chunk survives. After each round,
 * on both stores: every file under a final name is complete, every referenced chunk exists, every
 * finished snapshot restores byte-identically, no snapshot is left unfinished; on the source every
 * successful backup not pruned or forgotten is finished in exactly one place wherever moves took
 * it, and every snapshot on the target is a copy of a recorded backup ({@link SnapshotLedger}); no
 * operation failed unexpectedly.
 *
 * <p>Size: {@code -Djpbs.torture.rounds} (default 2), {@code .workers} (2), {@code .ops} per worker
 * and round (6), {@code .groups} (3); {@code -Djpbs.torture.seed} replays the random choices of a
 * run (the interleaving itself depends on scheduling).
 */
class ConcurrencyTortureIT {
  @TempDir Path tmp;

  @Test
  void randomConcurrentOperations_everyRound_nothingReferencedLost() throws Exception {
    long seed = Long.getLong("jpbs.torture.seed", System.nanoTime());
    int rounds = Integer.getInteger("jpbs.torture.rounds", 2);
    int workers = Integer.getInteger("jpbs.torture.workers", 2);
    int ops = Integer.getInteger("jpbs.torture.ops", 6);
    int groups = Integer.getInteger("jpbs.torture.groups", 3);
    System.out.printf(
        "torture seed=%d rounds=%d workers=%d ops=%d groups=%d (replay: -Djpbs.torture.seed=%d)%n",
        seed, rounds, workers, ops, groups, seed);
    Path base = tmp.resolve("store");
    Path targetBase = tmp.resolve("target");
    Map<String, Integer> counts = Children.newCounts();
    SnapshotLedger ledger = new SnapshotLedger();
    OpSpans spans = new OpSpans();
    try (ChunkStore store =
            ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system()));
        ChunkStore targetStore =
            ChunkStore.create(targetBase, ChunkStoreOptions.defaults(InstantSource.system()))) {
      Datastore datastore = Datastore.open(base);
      Datastore target = Datastore.open(targetBase);
      TortureLayout.create(datastore);
      for (int round = 0; round < rounds; round++) {
        long started = System.nanoTime();
        int aged = StoreAudit.ageChunks(base) + StoreAudit.ageChunks(targetBase);
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          Path out = tmp.resolve("round" + round + "-worker" + w + ".out");
          outputs.add(out);
          // the first round only backs up; later rounds draw from every operation, backups and
          // GCs twice as often
          String mix = round == 0 ? "b" : "bbrpfvggmnst";
          children.add(
              Children.start(
                  out,
                  TortureWorker.class,
                  base.toString(),
                  Long.toString(seed + 1000L * round + w),
                  Integer.toString(ops),
                  Integer.toString(groups),
                  mix,
                  targetBase.toString()));
        }
        long workersStarted = System.nanoTime();
        for (Process p : children) {
          assertThat(p.waitFor(300, TimeUnit.SECONDS))
              .as("seed %d round %d: worker finished", seed, round)
              .isTrue();
          assertThat(p.exitValue()).as("seed %d round %d: worker exit code", seed, round).isZero();
        }
        List<String> unexpected = new ArrayList<>();
        for (Path out : outputs) {
          unexpected.addAll(Children.tally(out, counts));
          ledger.record(out);
          spans.record(out);
        }
        spans.tallyInto(counts);
        long auditStarted = System.nanoTime();
        StoreAudit.Result audit = StoreAudit.run(base, store, datastore);
        // every chunk file of the target is re-read (CRC, digest) in the last round only (CI
        // time); every round checks that each referenced one exists and restores read them
        StoreAudit.Result targetAudit =
            StoreAudit.run(targetBase, targetStore, target, round == rounds - 1);
        SnapshotLedger.Result snapshots = ledger.auditSource(datastore);
        SnapshotLedger.Result copies = ledger.auditCopies(target);
        System.out.printf(
            "torture seed=%d round=%d aged=%d %s target=%s ledger=%s copies=%s counts=%s"
                + " seconds: ageing %.1f, workers %.1f, audit %.1f%n",
            seed,
            round,
            aged,
            audit,
            targetAudit,
            snapshots,
            copies,
            counts,
            (workersStarted - started) / 1e9,
            (auditStarted - workersStarted) / 1e9,
            (System.nanoTime() - auditStarted) / 1e9);
        assertThat(unexpected)
            .as("seed %d round %d: unexpected operation failures", seed, round)
            .isEmpty();
        assertThat(audit.problems())
            .as("seed %d round %d: store invariants", seed, round)
            .isEmpty();
        assertThat(audit.unfinishedSnapshots())
            .as("seed %d round %d: a failed backup leaves no snapshot", seed, round)
            .isZero();
        assertThat(audit.tempFiles())
            .as("seed %d round %d: temp files left without a crash", seed, round)
            .isZero();
        assertThat(snapshots.problems())
            .as("seed %d round %d: each finished snapshot in exactly one place", seed, round)
            .isEmpty();
        assertThat(targetAudit.problems())
            .as("seed %d round %d: sync target invariants", seed, round)
            .isEmpty();
        assertThat(copies.problems())
            .as("seed %d round %d: the target holds copies of backups only", seed, round)
            .isEmpty();
        assertThat(targetAudit.unfinishedSnapshots() + targetAudit.tempFiles())
            .as("seed %d round %d: no partial snapshot or temp file on the target", seed, round)
            .isZero();
      }
    }
    System.out.printf("torture seed=%d operations:%s%n", seed, Children.summary(counts));
    assertThat(counts.getOrDefault("b ok", 0)).as("seed %d: backups succeeded", seed).isPositive();
  }
}
