package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.ChildJvm;
import org.jpbs.testkit.ChunkDirPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on one store: the child ({@link ContendedWriterMain}) touches and inserts aged chunks
 * while this process sweeps them with a cutoff that makes every untouched one a removal candidate.
 * Every chunk the child touched (successfully) or inserted must exist afterwards.
 */
class MultiProcessSweepIT {
  private static final int PREFIXES = 128;
  private static final int CHUNKS = PREFIXES * 60;
  private static final long SEED = 20261124L;
  private static final long MIN_CONTESTED = 10_000;
  private static final int MAX_ROUNDS = 40;

  /** Pause between classify and unlink: makes the race PBS < 4.0.19 had likely to hit. */
  private static final long RACE_WINDOW_NANOS = 20_000;

  @TempDir Path dir;

  /** Hands the (closed) store's 65,536 directories on to the next test. */
  @AfterEach
  void recycleChunkDirs() {
    ChunkDirPool.recycle(dir.resolve("ds"));
  }

  @Test
  void sweep_concurrentWriterInOtherProcess_neverLosesTouchedOrInsertedChunk() throws Exception {
    Path base = dir.resolve("ds");
    SweepProbe raceWindow = prefix -> LockSupport.parkNanos(RACE_WINDOW_NANOS);
    try (ChunkStore store =
            ChunkDirPool.claim(base)
                ? ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()))
                : ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system()));
        SharedStoreGuard guard = store.acquireShared()) {
      assertThat(store.oldestSharedGuard()).contains(guard.acquiredAt());
      ChunkDigest[] digests = new ChunkDigest[CHUNKS];
      for (int i = 0; i < CHUNKS; i++) {
        digests[i] = ContendedWriterMain.digest(i, PREFIXES);
      }
      Process child =
          new ProcessBuilder(
                  ChildJvm.command(
                      ContendedWriterMain.class,
                      base.toString(),
                      String.valueOf(CHUNKS),
                      String.valueOf(PREFIXES),
                      String.valueOf(SEED)))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      long contested = 0;
      long removed = 0;
      long absentTouches = 0;
      long kept = 0;
      int rounds = 0;
      try (PrintStream toChild =
              new PrintStream(child.getOutputStream(), true, StandardCharsets.US_ASCII);
          BufferedReader fromChild =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
        while (rounds < MAX_ROUNDS && (contested < MIN_CONTESTED || rounds < 3)) {
          rounds++;
          Instant now = Instant.now();
          Instant aged = now.minusSeconds(2 * 86400);
          for (int i = 0; i < CHUNKS; i++) { // restore what the last sweep removed, then age all
            store.insert(digests[i], ContendedWriterMain.blob(i));
            TestChunks.setAtime(store.chunkPath(digests[i]), aged);
          }
          toChild.println("GO " + rounds);
          assertThat(fromChild.readLine()).isEqualTo("STARTED");
          SweepReport report =
              store.sweep(
                  SweepRequest.of(now.getEpochSecond() - 86400, now.getEpochSecond() - 86400)
                      .withPrefixRange(0, PREFIXES - 1)
                      .withThreads(2)
                      .withProbe(raceWindow));
          toChild.println("STOP");
          String done = fromChild.readLine();
          assertThat(done).as("child status").startsWith("DONE ");
          String[] f = done.split(" ");
          contested += Long.parseLong(f[2]);
          absentTouches += Long.parseLong(f[3]);
          List<Integer> mustExist = new ArrayList<>();
          String line;
          while (!(line = fromChild.readLine()).equals("END")) {
            mustExist.add(Integer.parseInt(line.substring(2)));
          }
          removed += report.removedChunks();
          kept += report.diskChunks();
          // invariant: every chunk the other process touched or inserted is still there
          for (int i : mustExist) {
            assertThat(Files.exists(store.chunkPath(digests[i])))
                .as("round %d: chunk %d (%s) touched/inserted by the child", rounds, i, digests[i])
                .isTrue();
          }
          assertThat(report.removedChunks() + report.diskChunks() + report.pendingChunks())
              .as("round %d: every chunk classified once", rounds)
              .isEqualTo(CHUNKS);
        }
        toChild.println("EXIT");
      } finally {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
      assertThat(child.exitValue()).isZero();
      System.out.printf(
          "multi-process sweep: %d rounds, %d contested first-ops, %d removed, %d kept, %d absent touches%n",
          rounds, contested, removed, kept, absentTouches);
      assertThat(contested).as("contested operations").isGreaterThanOrEqualTo(MIN_CONTESTED);
      assertThat(removed).as("the sweep really removed untouched chunks").isPositive();
      assertThat(kept).as("the sweep saw touched chunks").isPositive();
    }
  }
}
