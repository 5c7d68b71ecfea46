package org.jpbs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SyncLevel;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.backup.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A backup on S3 whose chunk, index, blob or manifest upload keeps failing (connection resets,
 * injected before the request leaves, on every attempt): the backup fails with one line naming the
 * object, no snapshot is left in the cache or the bucket, the group it created is gone in both, and
 * the next backup of the same data succeeds and restores byte for byte.
 */
class S3BackupFaultIT {
  @org.junit.jupiter.api.io.TempDir Path tmp;
  private volatile String failPutsEndingWith; // null: no faults
  private S3Datastore ds;

  private final ExecutionInterceptor faults =
      new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
          String suffix = failPutsEndingWith;
          var req = c.httpRequest();
          if (suffix != null
              && req.method().name().equals("PUT")
              && req.encodedPath().endsWith(suffix)) {
            throw SdkClientException.create(
                "injected", new SocketException("Connection reset (injected)"));
          }
        }
      };

  @BeforeEach
  void open() throws IOException {
    S3DatastoreConfig config = RgwEndpoint.freshBucket("faulty");
    S3StoreClient.Options options =
        new S3StoreClient.Options(
            new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20)),
            d -> {},
            new Random(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    S3StoreClient client =
        S3StoreClient.openWithFaults(config, options, new S3Counters(), List.of(faults));
    client.createBucket();
    ChunkStore cache =
        ChunkStore.create(
            tmp.resolve("cache"),
            ChunkStoreOptions.defaults(InstantSource.system()).withSyncLevel(SyncLevel.NONE));
    ds = S3Datastore.of(cache, client);
  }

  @AfterEach
  void close() {
    if (ds != null) {
      ds.close();
    }
  }

  private BackupDir backup(byte[] data, long time) throws IOException {
    BackupGroup g = ds.datastore().group(BackupNamespace.root(), BackupType.VM, "1");
    BackupOptions o =
        BackupOptions.defaults(InstantSource.system())
            .withBackupTime(Instant.ofEpochSecond(time))
            .withFixedChunkSize(64 * 1024)
            .withSync(false);
    try (BackupSession s = BackupSession.start(ds.cache(), ds.chunks(), g, o)) {
      s.addImage("disk", new ByteArrayInputStream(data), data.length);
      s.addBlob("vm.conf", "cores: 2\n".getBytes());
      return s.finish().snapshot();
    }
  }

  private List<String> contentKeys() {
    List<String> keys = new ArrayList<>();
    ds.client().list("faulty/.cnt/", o -> keys.add(o.key()));
    return keys;
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunk", "index", "blob", "manifest"})
  void aFailedUploadLeavesNoSnapshot(String what) throws IOException {
    byte[] data = new byte[300_000];
    new Random(9).nextBytes(data);
    String suffix =
        switch (what) {
          case "chunk" -> firstChunkKey(data);
          case "index" -> "/disk.img.fidx";
          case "blob" -> "/vm.conf.blob";
          default -> "/index.json.blob";
        };
    failPutsEndingWith = suffix;
    assertThatThrownBy(() -> backup(data, 1_767_225_600L))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("S3 PUT")
        .hasMessageContaining("/faulty/")
        .hasMessageContaining(suffix + " failed: ")
        .hasMessageContaining("Connection reset")
        .hasMessageNotContaining("\n");
    assertThat(contentKeys()).as("no object of the failed snapshot or its new group").isEmpty();
    assertThat(Files.exists(ds.cache().base().resolve("vm/1"))).isFalse();

    failPutsEndingWith = null;
    BackupDir snap = backup(data, 1_767_225_700L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveReader r = ArchiveReader.open(ds.chunks(), snap, "disk.img.fidx", 0)) {
      r.copyTo(out, ProgressListener.NONE, new Cancellation());
    }
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(contentKeys()).hasSize(4); // owner, index, blob, manifest
  }

  /** The key suffix {@code <p>/<hex>} of the image's first chunk. */
  private static String firstChunkKey(byte[] data) {
    String hex =
        org.jpbs.format.ChunkDigest.sha256(java.util.Arrays.copyOf(data, 64 * 1024)).toHex();
    return hex.substring(0, 4) + "/" + hex;
  }
}
