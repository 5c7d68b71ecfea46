package org.jpbs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SyncLevel;
import org.jpbs.datastore.Datastore;

/**
 * Shared setup of the backup, restore and verify benchmarks: a fresh chunk store plus datastore
 * under {@code -Djpbs.bench.dir} (default {@code /dev/shm}), and generated archive data.
 */
final class BackupBenchStore implements AutoCloseable {
  final Path base;
  final ChunkStore store;
  final Datastore datastore;

  BackupBenchStore(String name) throws IOException {
    Path dir = Paths.get(System.getProperty("jpbs.bench.dir", "/dev/shm"));
    base = Files.createTempDirectory(dir, "jpbs-bench-" + name + "-");
    store =
        ChunkStore.create(
            base, ChunkStoreOptions.defaults(InstantSource.system()).withSyncLevel(SyncLevel.NONE));
    datastore = Datastore.open(base);
  }

  /**
   * Archive data: "random" is incompressible; "mixed" alternates 64 KiB of random bytes with 64 KiB
   * of repetitive text (zstd shrinks it to about half), a rough stand-in for a VM disk.
   */
  static byte[] data(int mib, String content, long seed) {
    byte[] d = new byte[mib << 20];
    SplittableRandom r = new SplittableRandom(seed);
    byte[] text =
        "jpbs benchmark line: the quick brown fox jumps over the lazy dog 0123456789\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int off = 0; off < d.length; off += 1 << 16) {
      boolean random = content.equals("random") || ((off >> 16) & 1) == 0;
      for (int i = off; i < off + (1 << 16); i++) {
        d[i] = random ? (byte) r.nextInt() : text[(i + (off >> 10)) % text.length];
      }
    }
    return d;
  }

  /** Makes every chunk of {@code d} new (changes 8 bytes per 64 KiB) for invocation {@code n}. */
  static void perturb(byte[] d, long n) {
    for (int off = 0; off + 8 <= d.length; off += 1 << 16) {
      for (int k = 0; k < 8; k++) {
        d[off + k] = (byte) (n >>> (8 * k));
      }
    }
  }

  /** Deletes every chunk file (keeps the 65536 directories). */
  void deleteChunks() throws IOException {
    try (Stream<Path> s = Files.walk(store.chunksDir(), 2)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    store.close();
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
