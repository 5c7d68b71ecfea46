package org.jpbs.gc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.BlobFormat;
import org.jpbs.format.BlobKind;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CryptMode;
import org.jpbs.format.DataBlob;
import org.jpbs.format.DynamicIndexWriter;
import org.jpbs.format.FixedIndexWriter;
import org.jpbs.format.GcStatus;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of every jpbs parser (fixed index, dynamic index, DataBlob, manifest,
 * {@code .gc-status}): each mutated input must parse or fail with an {@link IOException} subtype
 * (in practice {@code CorruptFileException} or {@code UnsupportedFormatException}) within five
 * seconds — never another exception, an error or a hang. Time-bounded per target: {@code
 * -Djpbs.fuzz.seconds=N} (default 2); {@code -Djpbs.fuzz.seed=S} replays a run.
 */
class ParserFuzzIT {
  private static final long SECONDS = Long.getLong("jpbs.fuzz.seconds", 2);
  private static final long SEED = Long.getLong("jpbs.fuzz.seed", System.nanoTime());
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L));
  private static final Map<String, long[]> FIGURES = new TreeMap<>();

  @TempDir Path tmp;
  private static ExecutorService worker;

  @FunctionalInterface
  interface Target {
    void parse(byte[] input) throws Exception;
  }

  @BeforeAll
  static void startWorker() {
    worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fuzz-worker");
              t.setDaemon(true);
              return t;
            });
  }

  @AfterAll
  static void report() {
    worker.shutdownNow();
    FIGURES.forEach(
        (k, v) ->
            System.out.printf(
                "fuzz %-14s seed=%d inputs=%d accepted=%d rejected=%d%n",
                k, SEED, v[0], v[1], v[2]));
  }

  @Test
  void fixedIndex_mutatedInputs_parseOrTypedError() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (int n : new int[] {0, 1, 5}) {
      Path p = tmp.resolve("seed" + n + ".fidx");
      long chunk = 4096;
      try (FixedIndexWriter w =
          FixedIndexWriter.create(
              p, n * chunk - (n > 0 ? 7 : 0), (int) chunk, new UUID(n, 7), 1_700_000_000L)) {
        for (int i = 0; i < w.count(); i++) {
          w.setDigest(i, digest(i));
        }
        w.commit(false);
      }
      seeds.add(Files.readAllBytes(p));
    }
    Path input = tmp.resolve("input.fidx");
    fuzz("fixed-index", seeds, bytes -> openIndex(input, bytes));
  }

  @Test
  void dynamicIndex_mutatedInputs_parseOrTypedError() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (int n : new int[] {0, 1, 7}) {
      Path p = tmp.resolve("seed" + n + ".didx");
      try (DynamicIndexWriter w = DynamicIndexWriter.create(p, new UUID(n, 9), 1_700_000_000L)) {
        for (int i = 0; i < n; i++) {
          w.append(1000L * (i + 1) + i, digest(i));
        }
        w.commit(false);
      }
      seeds.add(Files.readAllBytes(p));
    }
    Path input = tmp.resolve("input.didx");
    fuzz("dynamic-index", seeds, bytes -> openIndex(input, bytes));
  }

  @Test
  void dataBlob_mutatedInputs_parseOrTypedError() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    byte[] text = "jpbs ".repeat(300).getBytes(StandardCharsets.US_ASCII);
    seeds.add(DataBlob.encode(new byte[0], false).rawData());
    seeds.add(DataBlob.encode(text, false).rawData());
    seeds.add(DataBlob.encode(text, true).rawData()); // zstd
    seeds.add(DataBlob.encode(new byte[70_000], true).rawData());
    Random crcFixer = new Random(SEED ^ 0x5eed);
    fuzz(
        "data-blob",
        seeds,
        bytes -> {
          // half of the inputs get a valid CRC so the zstd decoder is reached too
          byte[] in = crcFixer.nextBoolean() ? fixCrc(bytes) : bytes;
          DataBlob b = DataBlob.parse(in, "fuzz-input");
          if (!b.kind().isEncrypted()) {
            b.decode("fuzz-input");
          }
        });
  }

  @Test
  void manifest_mutatedInputs_parseOrTypedError() throws Exception {
    BackupManifest m = BackupManifest.create("host", "fuzz", 1_700_000_000L);
    m.addFile(
        new BackupManifest.FileInfo(
            "root.pxar.didx", CryptMode.NONE, 12345, HexFormat.of().formatHex(new byte[32])));
    m.addFile(
        new BackupManifest.FileInfo("disk.img.fidx", CryptMode.NONE, 4L << 30, digest(3).toHex()));
    Path p = tmp.resolve(BackupManifest.BLOB_NAME);
    m.store(p, false);
    byte[] blob = Files.readAllBytes(p);
    byte[] json = DataBlob.parse(blob, "seed").decode("seed");
    byte[] rich =
        ("{\"backup-type\":\"vm\",\"backup-id\":\"100\",\"backup-time\":1700000000,"
                + "\"files\":[{\"filename\":\"a.blob\",\"crypt-mode\":\"none\",\"size\":3,\"csum\":\""
                + "00".repeat(32)
                + "\"}],\"signature\":null,\"unprotected\":{\"verify_state\":"
                + "{\"upid\":\"UPID:x\",\"state\":\"ok\"},\"chunk_upload_stats\":{\"count\":1,"
                + "\"size\":2,\"compressed_size\":3,\"duplicates\":0},\"notes\":\"\\u00e9\"}}")
            .getBytes(StandardCharsets.UTF_8);
    List<byte[]> seeds = List.of(blob, json, rich);
    fuzz(
        "manifest",
        seeds,
        bytes -> {
          // blob-level mutations reach the blob parser, JSON-level ones (re-wrapped) the JSON
          // parser
          if (bytes.length >= BlobFormat.HEADER_SIZE && BlobKind.of(bytes) != null) {
            BackupManifest.parse(DataBlob.parse(bytes, "fuzz-input"), "fuzz-input");
          } else {
            BackupManifest.parse(DataBlob.encode(bytes, false), "fuzz-input");
          }
        });
  }

  @Test
  void gcStatus_mutatedInputs_parseOrTypedError() throws Exception {
    GcStatus full =
        new GcStatus(
            "UPID:host:0000:0001:00000000:00000000:garbage_collection:store:root@pam:",
            12,
            3456,
            789,
            10,
            11,
            12,
            13,
            14,
            1,
            2,
            new GcStatus.CacheStats(5, 6));
    List<byte[]> seeds = List.of(full.toJson(), GcStatus.empty().toJson());
    fuzz("gc-status", seeds, bytes -> GcStatus.parse(bytes, "fuzz-input"));
  }

  private static void openIndex(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    try (IndexFile idx = IndexFiles.open(file)) {
      long acc = idx.indexBytes() + idx.ctime();
      for (int i = 0; i < idx.count(); i++) {
        acc += idx.digest(i).prefix();
      }
      idx.uuid();
      idx.verify();
      assertThat(acc).isNotNull();
    }
  }

  private void fuzz(String name, List<byte[]> seeds, Target target) throws Exception {
    // every seed is valid: the oracle is sound
    for (byte[] s : seeds) {
      run(name, target, s, -1);
    }
    Random random = new Random(SEED ^ name.hashCode());
    Mutator mutator = new Mutator(random, seeds);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    long inputs = 0;
    long rejected = 0;
    while (System.nanoTime() < deadline || inputs < 200) {
      byte[] in = mutator.next();
      if (!run(name, target, in, inputs)) {
        rejected++;
      }
      inputs++;
    }
    synchronized (FIGURES) {
      FIGURES.put(name, new long[] {inputs, inputs - rejected, rejected});
    }
    assertThat(rejected)
        .as("%s: the mutator produces invalid inputs (seed %d)", name, SEED)
        .isPositive();
  }

  /** Returns true if accepted, false if rejected with an IOException; fails otherwise. */
  private boolean run(String name, Target target, byte[] in, long n) throws InterruptedException {
    Future<?> f =
        worker.submit(
            () -> {
              target.parse(in);
              return null;
            });
    try {
      f.get(5, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException && n >= 0) {
        assertThat(c.getMessage()).as("%s: error message", name).isNotBlank();
        return false;
      }
      fail(
          name
              + " input #"
              + n
              + " (seed "
              + SEED
              + ", replay with -Djpbs.fuzz.seed="
              + SEED
              + ") threw "
              + c
              + "; input "
              + preview(in),
          c);
      return false;
    } catch (TimeoutException e) {
      f.cancel(true);
      fail(name + " input #" + n + " (seed " + SEED + ") hangs; input " + preview(in));
      return false;
    }
  }

  private static String preview(byte[] in) {
    int n = Math.min(in.length, 256);
    return in.length + " bytes, first " + n + ": " + HexFormat.of().formatHex(in, 0, n);
  }

  private static byte[] fixCrc(byte[] raw) {
    BlobKind kind = raw.length >= BlobFormat.HEADER_SIZE ? BlobKind.of(raw) : null;
    if (kind == null || raw.length < kind.headerSize()) {
      return raw;
    }
    byte[] out = raw.clone();
    ByteBuffer.wrap(out)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(BlobFormat.CRC_OFFSET, DataBlob.crc32(out, kind.headerSize()));
    return out;
  }

  private static ChunkDigest digest(int i) {
    return ChunkDigest.sha256(new byte[] {(byte) i, 1, 2, 3});
  }
}
