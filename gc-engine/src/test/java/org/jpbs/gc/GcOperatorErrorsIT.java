package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFiles;
import org.jpbs.format.FixedIndexWriter;
import org.jpbs.format.GcStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What an operator sees when GC meets damage (issue 13, items 8, 14 and 22). */
class GcOperatorErrorsIT {
  @TempDir Path tmp;
  GcTestStore t;

  @BeforeEach
  void open() throws Exception {
    t = GcTestStore.create(tmp);
  }

  @AfterEach
  void close() throws Exception {
    t.assertEveryReferencedChunkExists();
    t.close();
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void truncatedFidx_isCorruptIndexNamingTheFile_nothingSwept(GcOptions.MarkMode mode)
      throws Exception {
    List<ChunkDigest> used = t.chunks(1, 4);
    t.chunks(100, 3); // aged orphans a sweep would remove
    BackupDir snap = t.snapshot(t.group("img"), 1_700_000_000L, true, List.of());
    Path fidx = snap.fullPath().resolve("disk.img.fidx");
    try (FixedIndexWriter w = FixedIndexWriter.create(fidx, 4096L * used.size(), 4096, t.clock)) {
      for (int i = 0; i < used.size(); i++) {
        w.setDigest(i, used.get(i));
      }
      w.commit(false);
    }
    CorruptFiles.truncate(fidx, Files.size(fidx) - 40);
    Set<ChunkDigest> before = t.chunksOnDisk();

    assertThatThrownBy(() -> t.gc(GcTestStore.testOptions().withMarkMode(mode)))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining(fidx.toString())
        .satisfies(e -> assertThat(((CorruptIndexException) e).index()).isEqualTo(fidx));

    assertThat(t.chunksOnDisk()).isEqualTo(before);
    assertThat(t.base.resolve(GcStatus.FILE_NAME)).doesNotExist();
    Files.delete(fidx); // so the closing invariant check can read every index
  }

  @Test
  void missingZeroChunkDirectory_namesTheDirectory_notATempFile() throws Exception {
    t.snapshot(t.group("a"), 1_700_000_000L, true, List.of(t.chunks(1, 3)));
    Path dir = t.store.chunkPath(AtimeCheck.ZERO_CHUNK_DIGEST).getParent();
    Files.delete(dir);
    Set<ChunkDigest> before = t.chunksOnDisk();

    assertThatThrownBy(
            () ->
                GarbageCollector.run(
                    t.env(), GcOptions.defaults(), GcListener.NONE, MarkPhaseHooks.NONE, d -> {}))
        .isInstanceOf(MissingChunkDirectoryException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageNotContaining("tmp_");

    assertThat(t.chunksOnDisk()).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void missingChunkWarning_hasNoWarningPrefixOfItsOwn(GcOptions.MarkMode mode) throws Exception {
    BackupGroup g = t.group("m");
    ChunkDigest missing = ChunkDigest.sha256(new byte[] {7});
    t.expectMissing(missing);
    t.snapshot(g, 1_700_000_000L, true, List.of(List.of(t.chunk(1), missing)));
    for (boolean dry : new boolean[] {true, false}) {
      List<String> warnings = new CopyOnWriteArrayList<>();
      GcListener l =
          new GcListener() {
            @Override
            public void warning(String message) {
              warnings.add(message);
            }
          };
      GarbageCollector.run(
          t.env(),
          GcTestStore.testOptions()
              .withMarkMode(mode)
              .withDryRun(dry)
              .withCutoff(Duration.ofHours(1)),
          l,
          MarkPhaseHooks.NONE,
          d -> {});
      assertThat(warnings)
          .as("dry run %s", dry)
          .singleElement()
          .asString()
          .startsWith(
              mode == GcOptions.MarkMode.ATIME
                  ? "unable to access non-existent chunk " + missing.toHex()
                  : "unable to access 1 non-existent referenced chunk(s)");
    }
  }
}
