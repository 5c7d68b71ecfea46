package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The §3.6 atime safety check on the real filesystem, with an injected sleeper. */
class AtimeCheckIT {
  @TempDir Path dir;

  @Test
  void zeroChunkDigest_isSha256OfFourMebibytesOfZeros() {
    assertThat(ChunkDigest.sha256(new byte[AtimeCheck.ZERO_CHUNK_SIZE]))
        .isEqualTo(AtimeCheck.ZERO_CHUNK_DIGEST);
  }

  @Test
  void run_onRealFilesystem_passesWithNewThenExistingChunk() throws Exception {
    List<Duration> sleeps = new ArrayList<>();
    AtimeCheck.Sleeper sleeper =
        d -> {
          sleeps.add(d);
          Thread.sleep(20);
        };
    try (ChunkStore store =
        ChunkStore.create(dir.resolve("ds"), ChunkStoreOptions.defaults(InstantSource.system()))) {
      AtimeCheck.Result first = AtimeCheck.run(store, sleeper);
      assertThat(first.preExisting()).isFalse();
      assertThat(first.after()).isGreaterThan(first.before());
      Path zero = store.chunkPath(AtimeCheck.ZERO_CHUNK_DIGEST);
      assertThat(zero.toString()).contains("/.chunks/bb9f/bb9f8df6");
      assertThat(store.load(AtimeCheck.ZERO_CHUNK_DIGEST).decode("zero"))
          .hasSize(AtimeCheck.ZERO_CHUNK_SIZE);

      AtimeCheck.Result second = AtimeCheck.run(store, sleeper);
      assertThat(second.preExisting()).isTrue();
      assertThat(second.after()).isGreaterThan(second.before());
      assertThat(sleeps).containsOnly(AtimeCheck.DEFAULT_PAUSE).hasSize(2);
      assertThat(Files.exists(zero)).isTrue();
    }
  }

  @Test
  void run_atimeNotAdvancing_fails() throws Exception {
    Path base = dir.resolve("ds");
    ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system())).close();
    // The NIO fallback writes the clock's time: a stuck clock in the past makes atime go back.
    Instant stuck = Instant.parse("2001-01-01T00:00:00Z");
    try (ChunkStore store =
        ChunkStore.open(
            base,
            ChunkStoreOptions.defaults(InstantSource.system())
                .withNativeAccess(false)
                .withClock(() -> stuck))) {
      assertThatThrownBy(() -> AtimeCheck.run(store, d -> {}))
          .isInstanceOf(AtimeCheck.FailedException.class)
          .hasMessageContaining("access time safety check using newly inserted chunk failed")
          .hasMessageContaining("bb9f8df6");
    }
  }
}
