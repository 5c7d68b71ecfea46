package org.jpbs.chunkstore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;

/**
 * Child process of {@link MultiProcessSweepIT}: a "backup" that touches or re-inserts chunks of a
 * store while the parent sweeps it.
 *
 * <p>Protocol (one line each): parent sends {@code GO <round>}; the child starts writing and
 * answers {@code STARTED}; parent sends {@code STOP}; child answers {@code DONE <ops> <firstOps>
 * <absentTouches> <inserts>}, then one {@code M <index>} per chunk it must find afterwards
 * (touched-present or inserted this round), then {@code END}. {@code EXIT} ends the process.
 *
 * <p>Args: {@code <base> <chunkCount> <prefixCount> <seed>}.
 */
public final class ContendedWriterMain {
  private ContendedWriterMain() {}

  static ChunkDigest digest(int i, int prefixCount) {
    return TestChunks.digestIn(i % prefixCount, i);
  }

  static DataBlob blob(int i) {
    return TestChunks.encrypted(i, 48, true);
  }

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int prefixes = Integer.parseInt(args[2]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
    ChunkDigest[] digests = new ChunkDigest[n];
    DataBlob[] blobs = new DataBlob[n];
    for (int i = 0; i < n; i++) {
      digests[i] = digest(i, prefixes);
      blobs[i] = blob(i);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    try (ChunkStore store =
            ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()));
        SharedStoreGuard guard = store.acquireShared()) {
      if (!store.usesNativeAccess()
          || StoreLock.sharedGuardCount(store.base()) != 1
          || guard.acquiredAt() == null) {
        throw new IllegalStateException("child needs the JNA path and one shared guard");
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("EXIT")) {
          return;
        }
        if (!line.startsWith("GO ")) {
          throw new IllegalStateException("unexpected command " + line);
        }
        AtomicBoolean stop = new AtomicBoolean();
        BitSet mustExist = new BitSet(n);
        BitSet seen = new BitSet(n);
        long[] counts = new long[4]; // ops, firstOps, absentTouches, inserts
        Throwable[] error = new Throwable[1];
        SplittableRandom r = random.split();
        Thread writer =
            new Thread(
                () -> {
                  try {
                    while (!stop.get()) {
                      int i = r.nextInt(n);
                      counts[0]++;
                      if (!seen.get(i)) {
                        seen.set(i);
                        counts[1]++;
                      }
                      if (r.nextBoolean()) {
                        if (!store.touch(digests[i])) {
                          counts[2]++;
                          store.insert(digests[i], blobs[i]); // re-upload, as a backup would
                          counts[3]++;
                        }
                      } else {
                        store.insert(digests[i], blobs[i]);
                        counts[3]++;
                      }
                      mustExist.set(i);
                    }
                  } catch (Throwable t) {
                    error[0] = t;
                  }
                },
                "contended-writer");
        writer.start();
        out.println("STARTED");
        String stopLine = in.readLine();
        stop.set(true);
        writer.join();
        if (error[0] != null) {
          out.println("ERROR " + error[0]);
          error[0].printStackTrace();
          return;
        }
        if (!"STOP".equals(stopLine)) {
          throw new IllegalStateException("expected STOP, got " + stopLine);
        }
        out.println("DONE " + counts[0] + " " + counts[1] + " " + counts[2] + " " + counts[3]);
        for (int i = mustExist.nextSetBit(0); i >= 0; i = mustExist.nextSetBit(i + 1)) {
          out.println("M " + i);
        }
        out.println("END");
      }
    }
  }
}
