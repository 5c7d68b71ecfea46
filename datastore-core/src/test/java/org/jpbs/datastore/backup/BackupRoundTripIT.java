package org.jpbs.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupRoundTripIT {
  private static final int CS = BackupOptions.FIXED_CHUNK_SIZE;

  @TempDir static Path shared;
  static BackupFixture fx;
  @TempDir Path tmp;
  BackupGroup group;

  @BeforeAll
  static void createStore() throws IOException {
    fx = new BackupFixture(shared);
  }

  @BeforeEach
  void newGroup() {
    group = fx.newGroup();
  }

  @AfterAll
  static void checkInvariant() throws IOException {
    assertThat(fx.assertInvariant()).isPositive();
    fx.close();
  }

  @ParameterizedTest(name = "size={0}")
  @ValueSource(longs = {0, 1, CS - 1, CS, CS + 1, 3L * CS + 12345})
  void backupRestore_fixedAndDynamic_byteIdenticalAndSecondBackupInsertsNothing(long size)
      throws IOException {
    Path src = randomFile("src.bin", size, size * 31 + 7);
    roundTrip(src, Chunker.DEFAULT_AVG);
  }

  @Test
  void backupRestore_100MiB_byteIdenticalAndSecondBackupInsertsNothing() throws IOException {
    Path src = randomFile("big.bin", 100L * 1024 * 1024, 42);
    roundTrip(src, Chunker.DEFAULT_AVG);
  }

  @Test
  void backupRestore_sparseFile_zeroChunksDeduplicated() throws IOException {
    Path src = sparseFile("sparse.img", 40L * 1024 * 1024 + 777, 5);
    BackupResult r = roundTrip(src, Chunker.DEFAULT_AVG);
    ArchiveStats img = r.archives().get(0);
    assertThat(img.chunks()).isEqualTo(11);
    // at most 5 chunks carry data; all the others are the same zero chunk, repeated after its first
    // insert
    assertThat(img.uploaded()).isLessThanOrEqualTo(7);
    assertThat(img.repeatedChunks()).isGreaterThanOrEqualTo(4);
    assertThat(img.knownChunks()).as("a first backup knows nothing from a base").isZero();
    assertThat(img.uploaded() + img.repeatedChunks()).isEqualTo(img.chunks());
  }

  @Test
  void restoreTo_fixedIndexMostlyZeros_writtenSparse_trailingHoleKept()
      throws IOException, InterruptedException {
    Path src = tmp.resolve("zeros.img");
    long size = 10L * CS - 100; // 10 chunks, the last one short; data only in chunk 2
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(src.toFile(), "rw")) {
      f.setLength(size);
      byte[] b = new byte[4096];
      new Random(11).nextBytes(b);
      f.seek(2L * CS + 5);
      f.write(b);
    }
    BackupDir snap;
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      s.addImage("disk", src);
      snap = s.finish().snapshot();
    }
    Path out = tmp.resolve("restored.img");
    try (ArchiveReader r = ArchiveReader.open(fx.store, snap, "disk.img.fidx")) {
      r.restoreTo(out, ProgressListener.NONE, new Cancellation());
    }

    assertThat(Files.size(out)).isEqualTo(size);
    assertThat(Files.mismatch(src, out)).isEqualTo(-1L);
    assertThat(allocatedBytes(out))
        .as("one data chunk allocated of %s bytes", size)
        .isLessThanOrEqualTo(CS + (1 << 20));
  }

  @Test
  void restoreTo_existingTarget_failsAndLeavesItUntouched() throws IOException {
    Path src = randomFile("small.img", 1000, 3);
    BackupDir snap;
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      s.addImage("disk", src);
      snap = s.finish().snapshot();
    }
    Path existing = Files.writeString(tmp.resolve("precious"), "keep me");
    try (ArchiveReader r = ArchiveReader.open(fx.store, snap, "disk.img.fidx")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> r.restoreTo(existing, ProgressListener.NONE, new Cancellation()))
          .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }
    assertThat(existing).hasContent("keep me");
  }

  /** Bytes the file system allocated for {@code p} ({@code stat -c '%b %B'}). */
  static long allocatedBytes(Path p) throws IOException, InterruptedException {
    Process proc =
        new ProcessBuilder("stat", "-c", "%b %B", p.toString()).redirectErrorStream(true).start();
    String out =
        new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .trim();
    assertThat(proc.waitFor()).as(out).isZero();
    String[] f = out.split(" ");
    return Long.parseLong(f[0]) * Long.parseLong(f[1]);
  }

  @Test
  void backupRestore_smallDynamicAverage_manyBoundariesByteIdentical() throws IOException {
    Path src = randomFile("src.bin", 9L * 1024 * 1024 + 3, 99);
    BackupResult r = roundTrip(src, 64 * 1024);
    assertThat(r.archives().get(1).chunks()).isGreaterThan(30);
  }

  @Test
  void dynamicBoundaries_sameAsChunkerFedWhole() throws IOException {
    Path src = randomFile("src.bin", 3L * 1024 * 1024, 11);
    byte[] data = Files.readAllBytes(src);
    BackupResult r;
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withDynamicAverage(64 * 1024))) {
      s.addStream("root.pxar", src);
      r = s.finish();
    }
    Chunker c = new Chunker(64 * 1024);
    long pos = 0;
    try (var idx =
        org.jpbs.format.DynamicIndexReader.open(r.snapshot().archivePath("root.pxar.didx"))) {
      for (int i = 0; i < idx.count() - 1; i++) {
        int cut = c.scan(data, (int) pos, data.length - (int) pos);
        assertThat(cut).as("boundary %d", i).isPositive();
        pos += cut;
        assertThat(idx.chunkEnd(i)).as("end of chunk %d", i).isEqualTo(pos);
      }
      assertThat(idx.chunkEnd(idx.count() - 1)).isEqualTo(data.length);
    }
  }

  @Test
  void randomRead_anyOffsets_matchesSource() throws IOException {
    Path src = randomFile("src.bin", 2L * CS + 1000, 3);
    byte[] data = Files.readAllBytes(src);
    BackupDir snap;
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withDynamicAverage(64 * 1024))) {
      s.addImage("disk", src);
      s.addStream("stream", src);
      snap = s.finish().snapshot();
    }
    Random r = new Random(17);
    for (String name : new String[] {"disk.img.fidx", "stream.didx"}) {
      try (ArchiveReader reader = ArchiveReader.open(fx.store, snap, name, 8L * 1024 * 1024)) {
        assertThat(reader.size()).isEqualTo(data.length);
        for (int k = 0; k < 200; k++) {
          long off = (long) (r.nextDouble() * data.length);
          int len = r.nextInt(300_000);
          byte[] buf = new byte[len];
          int n = reader.read(off, buf, 0, len);
          int expect = (int) Math.min(len, data.length - off);
          assertThat(n).as("%s read(%d,%d)", name, off, len).isEqualTo(expect);
          assertThat(Arrays.equals(buf, 0, n, data, (int) off, (int) off + n))
              .as("%s @%d", name, off)
              .isTrue();
        }
        assertThat(reader.read(data.length, new byte[1], 0, 1)).isEqualTo(-1);
      }
    }
  }

  @Test
  void blob_roundTrip_sizeAndCsumInManifest() throws IOException {
    byte[] conf =
        "memory: 2048\ncores: 2\n".repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    BackupDir snap;
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      s.addBlob("qemu-server.conf", conf);
      snap = s.finish().snapshot();
    }
    assertThat(ArchiveReader.readBlob(snap, "qemu-server.conf.blob")).isEqualTo(conf);
    BackupManifest m = BackupManifest.load(snap.archivePath(BackupManifest.BLOB_NAME));
    byte[] raw = Files.readAllBytes(snap.archivePath("qemu-server.conf.blob"));
    assertThat(m.lookupFile("qemu-server.conf.blob").orElseThrow().size()).isEqualTo(raw.length);
    assertThat(m.lookupFile("qemu-server.conf.blob").orElseThrow().csumHex())
        .isEqualTo(org.jpbs.format.ChunkDigest.sha256(raw).toHex());
  }

  private Path randomFile(String name, long size, long seed) throws IOException {
    return BackupFixture.randomFile(tmp.resolve(name), size, seed);
  }

  private Path sparseFile(String name, long size, long seed) throws IOException {
    return BackupFixture.sparseFile(tmp.resolve(name), size, seed);
  }

  private BackupResult roundTrip(Path src, int avg) throws IOException {
    long size = Files.size(src);
    BackupResult first;
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withDynamicAverage(avg))) {
      s.addImage("drive-scsi0", src);
      s.addStream("root.pxar", src);
      first = s.finish();
    }
    BackupDir snap = first.snapshot();
    assertThat(snap.info().isFinished()).isTrue();
    BackupManifest m = BackupManifest.load(snap.archivePath(BackupManifest.BLOB_NAME));
    assertThat(m.files())
        .extracting(BackupManifest.FileInfo::filename)
        .containsExactly("drive-scsi0.img.fidx", "root.pxar.didx");
    for (BackupManifest.FileInfo f : m.files()) {
      assertThat(f.size()).isEqualTo(size);
      try (IndexFile idx = IndexFiles.open(snap.archivePath(f.filename()))) {
        assertThat(f.csumHex()).isEqualTo(java.util.HexFormat.of().formatHex(idx.storedChecksum()));
      }
    }
    var stats = m.unprotected().get("chunk_upload_stats");
    assertThat(stats.get("count").asLong()).isEqualTo(first.uploadStats().count());
    assertThat(stats.get("size").asLong()).isEqualTo(first.uploadStats().size());
    assertThat(stats.get("compressed_size").asLong())
        .isEqualTo(first.uploadStats().compressedSize());
    assertThat(stats.get("duplicates").asLong()).isEqualTo(first.uploadStats().duplicates());

    for (String name : new String[] {"drive-scsi0.img.fidx", "root.pxar.didx"}) {
      Path out = tmp.resolve("restored-" + name);
      try (ArchiveReader r = ArchiveReader.open(fx.store, snap, name)) {
        r.restoreTo(out, ProgressListener.NONE, new Cancellation());
      }
      assertThat(Files.mismatch(src, out)).as("restore of %s", name).isEqualTo(-1L);
      Files.delete(out);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (size <= CS + 1) {
        try (ArchiveReader r = ArchiveReader.open(fx.store, snap, name)) {
          r.copyTo(bytes, ProgressListener.NONE, new Cancellation());
        }
        assertThat(bytes.toByteArray()).isEqualTo(Files.readAllBytes(src));
      }
    }

    fx.clock.advanceSeconds(60);
    BackupResult second;
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withDynamicAverage(avg))) {
      assertThat(s.base()).contains(snap);
      s.addImage("drive-scsi0", src);
      s.addStream("root.pxar", src);
      second = s.finish();
    }
    assertThat(second.uploadStats().count()).as("inserts of the second backup").isZero();
    for (int i = 0; i < 2; i++) {
      assertThat(second.archives().get(i).csumHex()).isEqualTo(first.archives().get(i).csumHex());
    }
    return first;
  }
}
