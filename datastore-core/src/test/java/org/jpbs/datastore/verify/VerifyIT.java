package org.jpbs.datastore.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.Upid;
import org.jpbs.datastore.backup.BackupFixture;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.FixedIndexReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyIT {
  @TempDir static Path shared;
  static BackupFixture fx;
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

  private static byte[] data(long seed, int size) {
    byte[] d = new byte[size];
    new Random(seed).nextBytes(d);
    return d;
  }

  private BackupResult backup(byte[] data) throws IOException {
    fx.clock.advanceSeconds(10);
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withDynamicAverage(64 * 1024))) {
      s.addImage("disk", new ByteArrayInputStream(data), data.length);
      s.addStream("stream", new ByteArrayInputStream(data));
      s.addBlob("conf", "x=1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return s.finish();
    }
  }

  private VerifyOptions options() {
    return VerifyOptions.defaults(InstantSource.system()).withClock(fx.clock).withThreads(2);
  }

  private static Optional<BackupManifest.VerifyState> state(BackupDir d) throws IOException {
    return BackupManifest.load(d.archivePath(BackupManifest.BLOB_NAME)).verifyState();
  }

  @Test
  void verify_intactSnapshot_okAndStateWritten() throws IOException {
    BackupDir snap = backup(data(1, 5 << 20)).snapshot();
    try (Verifier v = new Verifier(fx.store, options())) {
      VerifyReport r = v.verifySnapshot(snap);
      assertThat(r.ok()).isTrue();
      assertThat(r.snapshots().get(0).status()).isEqualTo(SnapshotVerifyResult.Status.OK);
      assertThat(r.errors()).isZero();
      assertThat(r.chunks()).isGreaterThan(2);
      assertThat(r.bytes()).isGreaterThanOrEqualTo(5L << 20);
      assertThat(state(snap)).contains(new BackupManifest.VerifyState(v.upid(), "ok"));
      assertThat(Upid.startTime(v.upid())).hasValue(fx.clock.instant().getEpochSecond());
    }
  }

  @Test
  void flippedByte_renamedDotZeroBad_failed_nextBackupHeals() throws IOException {
    byte[] d = data(2, 9 << 20);
    BackupDir snap = backup(d).snapshot();
    ChunkDigest victim;
    try (FixedIndexReader idx = FixedIndexReader.open(snap.archivePath("disk.img.fidx"))) {
      victim = idx.digest(1);
    }
    Path chunk = fx.store.chunkPath(victim);
    byte[] raw = Files.readAllBytes(chunk);
    raw[raw.length / 2] ^= 0x01;
    Files.write(chunk, raw);

    try (Verifier v = new Verifier(fx.store, options())) {
      VerifyReport r = v.verifySnapshot(snap);
      assertThat(r.ok()).isFalse();
      SnapshotVerifyResult s = r.snapshots().get(0);
      assertThat(s.status()).isEqualTo(SnapshotVerifyResult.Status.FAILED);
      assertThat(s.corrupt()).isEqualTo(1);
      assertThat(s.messages()).anySatisfy(m -> assertThat(m).contains("CRC").contains(".0.bad"));
      assertThat(s.renamed()).isEqualTo(1);
      assertThat(r.renamed()).isEqualTo(1);
      assertThat(state(snap).orElseThrow().state()).isEqualTo("failed");
    }
    assertThat(chunk).doesNotExist();
    assertThat(chunk.resolveSibling(chunk.getFileName() + ".0.bad")).exists();

    BackupResult healed = backup(d);
    assertThat(healed.base()).as("failed snapshot is no base").isEmpty();
    assertThat(healed.uploadStats().written())
        .as("the renamed chunk is written again")
        .isEqualTo(1);
    assertThat(chunk).exists();
    try (Verifier v = new Verifier(fx.store, options())) {
      VerifyReport r = v.verifyGroup(group);
      assertThat(r.snapshots())
          .hasSize(2)
          .allSatisfy(x -> assertThat(x.status()).isEqualTo(SnapshotVerifyResult.Status.OK));
    }
    assertThat(state(snap).orElseThrow().state()).isEqualTo("ok");
  }

  @Test
  void missingChunk_failedWithoutBadFile() throws IOException {
    BackupDir snap = backup(data(3, 1 << 20)).snapshot();
    ChunkDigest victim;
    try (FixedIndexReader idx = FixedIndexReader.open(snap.archivePath("disk.img.fidx"))) {
      victim = idx.digest(0);
    }
    Path chunk = fx.store.chunkPath(victim);
    Files.delete(chunk);
    try (Verifier v = new Verifier(fx.store, options())) {
      SnapshotVerifyResult s = v.verifySnapshot(snap).snapshots().get(0);
      assertThat(s.status()).isEqualTo(SnapshotVerifyResult.Status.FAILED);
      assertThat(s.messages()).anySatisfy(m -> assertThat(m).contains("missing"));
      assertThat(s.corrupt()).isEqualTo(1);
      assertThat(s.renamed()).as("a missing chunk has nothing to rename").isZero();
    }
    try (Stream<Path> files = Files.list(chunk.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(victim.toHex() + "."));
    }
    backup(data(3, 1 << 20)); // heal for the invariant
  }

  @Test
  void sharedChunks_readOncePerJob() throws IOException {
    byte[] d = data(4, 3 << 20);
    BackupResult a = backup(d);
    backup(d);
    try (Verifier v = new Verifier(fx.store, options())) {
      VerifyReport r = v.verifyGroup(group);
      assertThat(r.snapshots()).hasSize(2);
      // newest first; the older one re-reads nothing
      assertThat(r.snapshots().get(0).chunks()).isPositive();
      assertThat(r.snapshots().get(1).snapshot()).isEqualTo(a.snapshot());
      assertThat(r.snapshots().get(1).chunks()).isZero();
      assertThat(r.snapshots().get(1).status()).isEqualTo(SnapshotVerifyResult.Status.OK);
    }
  }

  @Test
  void ignoreVerified_skipsUntilOutdated() throws IOException {
    BackupDir snap = backup(data(5, 100_000)).snapshot();
    try (Verifier v = new Verifier(fx.store, options())) {
      v.verifySnapshot(snap);
    }
    VerifyOptions skip = options().withIgnoreVerified(true, Optional.of(Duration.ofDays(1)));
    fx.clock.advanceSeconds(86_400 + 3600); // 1 day 1 h: floor(age in days) = 1, not > 1
    try (Verifier v = new Verifier(fx.store, skip)) {
      assertThat(v.verifySnapshot(snap).snapshots().get(0).status())
          .isEqualTo(SnapshotVerifyResult.Status.SKIPPED_VERIFIED);
    }
    fx.clock.advanceSeconds(86_400);
    try (Verifier v = new Verifier(fx.store, skip)) {
      assertThat(v.verifySnapshot(snap).snapshots().get(0).status())
          .isEqualTo(SnapshotVerifyResult.Status.OK);
    }
    try (Verifier v =
        new Verifier(fx.store, options().withIgnoreVerified(true, Optional.empty()))) {
      assertThat(v.verifySnapshot(snap).snapshots().get(0).status())
          .isEqualTo(SnapshotVerifyResult.Status.SKIPPED_VERIFIED);
    }
  }

  @Test
  void lockedSnapshot_skipped() throws IOException {
    BackupDir snap = backup(data(6, 1000)).snapshot();
    try (LockGuard ignored = snap.lock();
        Verifier v = new Verifier(fx.store, options())) {
      SnapshotVerifyResult s = v.verifySnapshot(snap).snapshots().get(0);
      assertThat(s.status()).isEqualTo(SnapshotVerifyResult.Status.SKIPPED_LOCKED);
      assertThat(s.ok()).isTrue();
    }
    assertThat(state(snap)).isEmpty();
  }

  @Test
  void cancelled_throwsAndWritesNoStateAndRenamesNothing() throws IOException {
    BackupDir snap = backup(data(7, 2 << 20)).snapshot();
    Cancellation c = new Cancellation();
    c.cancel();
    try (Verifier v = new Verifier(fx.store, options().withCancellation(c))) {
      assertThatThrownBy(() -> v.verifySnapshot(snap)).isInstanceOf(InterruptedIOException.class);
    }
    assertThat(state(snap)).isEmpty();
    try (FixedIndexReader idx = FixedIndexReader.open(snap.archivePath("disk.img.fidx"))) {
      for (int i = 0; i < idx.count(); i++) {
        Path chunk = fx.store.chunkPath(idx.digest(i));
        assertThat(chunk).exists();
        assertThat(chunk.resolveSibling(chunk.getFileName() + ".0.bad")).doesNotExist();
      }
    }
  }

  @Test
  void cancelledAfterFirstSnapshot_olderSnapshotGetsNoState() throws IOException {
    BackupDir older = backup(data(8, 3 << 20)).snapshot();
    BackupDir newer = backup(data(18, 3 << 20)).snapshot();
    Cancellation c = new Cancellation();
    VerifyOptions o =
        options()
            .withThreads(1)
            .withCancellation(c)
            .withProgress(
                (done, total) -> {
                  if (done == 1) {
                    c.cancel();
                  }
                });
    try (Verifier v = new Verifier(fx.store, o)) {
      assertThatThrownBy(() -> v.verifyGroup(group)).isInstanceOf(InterruptedIOException.class);
    }
    assertThat(state(newer).orElseThrow().state()).isEqualTo("ok");
    assertThat(state(older)).isEmpty();
  }

  @Test
  void corruptIndex_fileFailsWithoutChunkChecks() throws IOException {
    BackupDir snap = backup(data(9, 1 << 20)).snapshot();
    Path idx = snap.archivePath("stream.didx");
    byte[] raw = Files.readAllBytes(idx);
    raw[raw.length - 1] ^= 0x40;
    Files.write(idx, raw);
    try (Verifier v = new Verifier(fx.store, options())) {
      SnapshotVerifyResult s = v.verifySnapshot(snap).snapshots().get(0);
      assertThat(s.status()).isEqualTo(SnapshotVerifyResult.Status.FAILED);
      assertThat(s.corrupt()).isZero();
      assertThat(s.messages()).anySatisfy(m -> assertThat(m).contains("wrong index checksum"));
    }
    Files.delete(
        snap.archivePath(BackupManifest.BLOB_NAME)); // unfinished: out of the class invariant
  }

  @Test
  void verifyStore_allGroups_ok() throws IOException {
    backup(data(10, 300_000));
    try (Verifier v = new Verifier(fx.store, options())) {
      VerifyReport r = v.verifyStore(fx.datastore);
      assertThat(r.snapshots()).extracting(x -> x.snapshot().group()).contains(group);
      assertThat(r.snapshots().stream().filter(x -> x.snapshot().group().equals(group)))
          .allSatisfy(x -> assertThat(x.status()).isEqualTo(SnapshotVerifyResult.Status.OK));
    }
  }
}
