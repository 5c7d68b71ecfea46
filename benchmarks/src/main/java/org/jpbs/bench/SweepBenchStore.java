package org.jpbs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.format.ChunkDigest;

/**
 * A generated benchmark chunk store shared by the Touch* and Sweep* benchmarks: {@code n} empty
 * chunk files named by {@code SHA-256(le32(i))}, under {@code -Djpbs.bench.dir} (default {@code
 * /dev/shm} when present, else {@code java.io.tmpdir}).
 *
 * <p>The store is generated once and reused by later forks (a marker file records the chunk count);
 * delete {@code <dir>/jpbs-bench-<n>} after the run. 1M chunks use about 35 % of the inodes of this
 * machine's {@code /dev/shm}.
 */
final class SweepBenchStore {
  private static final String MARKER = ".jpbs-bench-complete";

  private SweepBenchStore() {}

  /** The base directory of the store with {@code n} chunks. */
  static Path base(int n) {
    String configured = System.getProperty("jpbs.bench.dir");
    Path root =
        configured != null
            ? Path.of(configured)
            : Files.isDirectory(Path.of("/dev/shm"))
                ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir"));
    return root.resolve("jpbs-bench-" + n);
  }

  /** Digest of chunk {@code i}. */
  static ChunkDigest digest(int i) {
    byte[] le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
    return ChunkDigest.sha256(le);
  }

  /** Digest of orphan {@code i} (never among the regular chunks). */
  static ChunkDigest orphan(int i) {
    return ChunkDigest.sha256(("orphan-" + i).getBytes(StandardCharsets.US_ASCII));
  }

  /** Creates the store if it is not complete yet; returns its base. */
  static Path ensure(int n) throws IOException, InterruptedException {
    Path base = base(n);
    Path marker = base.resolve(MARKER);
    if (Files.exists(marker) && Files.readString(marker).trim().equals(Integer.toString(n))) {
      return base;
    }
    if (Files.exists(base)) {
      throw new IOException("incomplete benchmark store " + base + ": delete it first");
    }
    long t0 = System.nanoTime();
    ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system())).close();
    List<Thread> threads = new ArrayList<>();
    IOException[] error = new IOException[1];
    int workers = 2;
    for (int w = 0; w < workers; w++) {
      int first = w;
      Thread t =
          new Thread(
              () -> {
                try (ChunkStore s =
                    ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()))) {
                  for (int i = first; i < n; i += workers) {
                    Files.createFile(s.chunkPath(digest(i)));
                  }
                } catch (IOException e) {
                  error[0] = e;
                }
              },
              "bench-store-gen-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (error[0] != null) {
      throw error[0];
    }
    Files.writeString(marker, Integer.toString(n));
    System.out.printf(
        "# generated %d chunk files in %s in %.1f s%n", n, base, (System.nanoTime() - t0) / 1e9);
    return base;
  }

  /** Creates {@code count} orphan chunk files with atime = {@code atime}. */
  static void createOrphans(ChunkStore store, int count, Instant atime) throws IOException {
    FileTime t = FileTime.from(atime);
    for (int i = 0; i < count; i++) {
      Path p = store.chunkPath(orphan(i));
      Files.deleteIfExists(p);
      Files.createFile(p);
      Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(null, t, null);
    }
  }
}
