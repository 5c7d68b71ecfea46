package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.format.ChunkDigest;

/**
 * A hand-built set of chunk-directory entries covering every sweep class (spec §3.4, §4.6), placed
 * in directories {@code base .. base+3}, with the counters PBS would report for it.
 */
final class SweepFixture {
  static final long MIN_ATIME = 1_600_000_000L;
  static final long OLDEST_WRITER = MIN_ATIME + 3600;

  /** removed 4 chunks (2 plain, a 70-byte non-.bad name, an upper-case name) + 1 .bad. */
  static final SweepReport EXPECTED =
      new SweepReport(4, 100 + 200 + 80 + 90 + 50, 1, 2, 300 + 400 + 60, 1, 2, 500 + 600 + 70, 11);

  final List<Path> mustSurvive = new ArrayList<>();
  final List<Path> mustGo = new ArrayList<>();
  final Path symlinkTarget;

  private final Path chunks;

  SweepFixture(ChunkStore store, int base, Path outside) throws IOException {
    this.chunks = store.chunksDir();
    // removed (atime < min, whole seconds: MIN-1 + 0.999999999 s is still MIN-1)
    file(base, 1, "", MIN_ATIME - 1, 999_999_999, 100, false);
    file(base, 2, "", MIN_ATIME - 86400, 0, 200, false);
    file(base + 1, 3, ".0.bax", MIN_ATIME - 5, 0, 80, false); // 70 bytes, not .bad: a chunk
    fileNamed(base + 1, hex(base + 1, 4).toUpperCase(), MIN_ATIME - 5, 90, false);
    file(base + 1, 5, ".0.bad", MIN_ATIME - 10, 0, 50, false);
    // pending (min <= atime < writer)
    file(base + 2, 6, "", MIN_ATIME, 0, 300, true);
    file(base + 2, 7, "", OLDEST_WRITER - 1, 500_000_000, 400, true);
    file(base + 2, 8, ".1.bad", MIN_ATIME + 10, 0, 60, true);
    // disk (atime >= writer); a touched .bad only adds bytes
    file(base + 3, 9, "", OLDEST_WRITER, 0, 500, true);
    file(base + 3, 10, "", Instant.now().getEpochSecond(), 0, 600, true);
    file(base + 3, 11, ".2.bad", OLDEST_WRITER + 10, 0, 70, true);
    // ignored, all old: temp file, 69/71-byte names, non-hex, directory, symlink
    file(base, 12, ".tmp_ABCdef", 0, 0, 11, true);
    file(base, 13, ".0.ba", 0, 0, 12, true);
    file(base, 14, ".10.bad", 0, 0, 13, true);
    fileNamed(base, hex(base, 15).substring(0, 63) + "x", 0, 14, true);
    Path dir = chunks.resolve(ChunkPath.prefixName(base)).resolve(hex(base, 16));
    Files.createDirectory(dir);
    TestChunks.setAtime(dir, Instant.ofEpochSecond(0));
    mustSurvive.add(dir);
    symlinkTarget = Files.write(outside.resolve("target-" + base), new byte[33]);
    TestChunks.setAtime(symlinkTarget, Instant.ofEpochSecond(5));
    Path link = chunks.resolve(ChunkPath.prefixName(base)).resolve(hex(base, 17));
    Files.createSymbolicLink(link, symlinkTarget);
    TestChunks.setAtime(link, Instant.ofEpochSecond(5));
    mustSurvive.add(link);
  }

  static String hex(int prefix, int i) {
    return TestChunks.digestIn(prefix, i).toHex();
  }

  private void file(
      int prefix, int i, String suffix, long sec, int nanos, int size, boolean survives)
      throws IOException {
    fileNamed(prefix, hex(prefix, i) + suffix, sec, nanos, size, survives);
  }

  private void fileNamed(int prefix, String name, long sec, int size, boolean survives)
      throws IOException {
    fileNamed(prefix, name, sec, 0, size, survives);
  }

  private void fileNamed(int prefix, String name, long sec, int nanos, int size, boolean survives)
      throws IOException {
    Path p = chunks.resolve(ChunkPath.prefixName(prefix)).resolve(name);
    Files.write(p, new byte[size]);
    TestChunks.setAtime(p, Instant.ofEpochSecond(sec, nanos));
    (survives ? mustSurvive : mustGo).add(p);
  }

  /** Invariant after a real sweep: every survivor exists, every removal candidate is gone. */
  void checkAfterSweep() {
    for (Path p : mustSurvive) {
      assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as("must survive: %s", p).isTrue();
    }
    for (Path p : mustGo) {
      assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as("must be removed: %s", p).isFalse();
    }
    assertThat(Files.exists(symlinkTarget)).isTrue();
  }

  /** Invariant after a dry run: nothing was removed. */
  void checkNothingRemoved() {
    for (Path p : mustSurvive) {
      assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as("exists: %s", p).isTrue();
    }
    for (Path p : mustGo) {
      assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as("dry run keeps: %s", p).isTrue();
    }
  }

  static ChunkDigest digest(int prefix, int i) {
    return TestChunks.digestIn(prefix, i);
  }
}
