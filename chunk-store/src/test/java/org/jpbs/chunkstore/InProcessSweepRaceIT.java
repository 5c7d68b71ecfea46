package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The race PBS fixed in 4.0.19 (sweep stats an old atime, a concurrent touch succeeds, the sweep
 * unlinks), within one process: writer threads touch/insert aged chunks while the sweep runs with a
 * widened stat-to-unlink window. No chunk a writer touched or inserted may disappear.
 */
class InProcessSweepRaceIT {
  private static final int PREFIXES = 64;
  private static final int CHUNKS = PREFIXES * 40;
  private static final int ROUNDS = 4;
  @TempDir static Path dir;
  private static ChunkStore jna;
  private static ChunkStore nio;

  @BeforeAll
  static void create() throws Exception {
    jna = ChunkStore.create(dir.resolve("ds"), ChunkStoreOptions.defaults(InstantSource.system()));
    nio =
        ChunkStore.open(
            dir.resolve("ds"),
            ChunkStoreOptions.defaults(InstantSource.system()).withNativeAccess(false));
  }

  @AfterAll
  static void close() {
    jna.close();
    nio.close();
  }

  static Stream<String> impls() {
    return Stream.of("jna", "nio");
  }

  @ParameterizedTest
  @MethodSource("impls")
  void sweep_concurrentWriterThreads_neverLoseTouchedOrInsertedChunk(String impl) throws Exception {
    ChunkStore store = impl.equals("jna") ? jna : nio;
    ChunkDigest[] digests = new ChunkDigest[CHUNKS];
    DataBlob[] blobs = new DataBlob[CHUNKS];
    for (int i = 0; i < CHUNKS; i++) {
      digests[i] = ContendedWriterMain.digest(i, PREFIXES);
      blobs[i] = ContendedWriterMain.blob(i);
    }
    // a pause between classify and unlink widens the race window the chunk locks close
    SweepProbe raceWindow = prefix -> LockSupport.parkNanos(20_000);
    long removed = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      Instant now = Instant.now();
      for (int i = 0; i < CHUNKS; i++) {
        store.insert(digests[i], blobs[i]);
        TestChunks.setAtime(store.chunkPath(digests[i]), now.minusSeconds(2 * 86400));
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> error = new AtomicReference<>();
      BitSet[] mustExist = {new BitSet(CHUNKS), new BitSet(CHUNKS)};
      Thread[] writers = new Thread[2];
      for (int w = 0; w < writers.length; w++) {
        BitSet mine = mustExist[w];
        SplittableRandom r = new SplittableRandom(round * 31L + w);
        writers[w] =
            new Thread(
                () -> {
                  try {
                    while (!stop.get()) {
                      int i = r.nextInt(CHUNKS);
                      if (!store.touch(digests[i])) {
                        store.insert(digests[i], blobs[i]);
                      }
                      mine.set(i);
                    }
                  } catch (Throwable t) {
                    error.set(t);
                  }
                });
        writers[w].start();
      }
      SweepReport report =
          store.sweep(
              SweepRequest.of(now.getEpochSecond() - 86400, now.getEpochSecond() - 86400)
                  .withPrefixRange(0, PREFIXES - 1)
                  .withThreads(2)
                  .withProbe(raceWindow));
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
      assertThat(error.get()).isNull();
      removed += report.removedChunks();
      for (BitSet set : mustExist) {
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
          assertThat(Files.exists(store.chunkPath(digests[i])))
              .as("%s round %d: chunk %d touched/inserted by a writer thread", impl, round, i)
              .isTrue();
        }
      }
    }
    assertThat(removed).as("the sweep removed untouched chunks").isPositive();
  }
}
