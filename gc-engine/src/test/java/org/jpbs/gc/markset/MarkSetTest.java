package org.jpbs.gc.markset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkSetTest {
  private static final long TINY = MarkSetWriter.MIN_MEMORY_BUDGET;

  @TempDir Path dir;

  /**
   * Every referenced digest is a member and digests never added are not, partition by partition in
   * the sweep's order, for a set that stays in memory and one that spills most of itself.
   */
  @ParameterizedTest
  @CsvSource({
    "67108864, 256, 30000, 1", // default budget, sparse partitions, in memory
    "67108864, 256, 30000, 3", // the same, sorted on three threads at finish
    "131072, 256, 30000, 1", // tiny budget: every group spills
    "131072, 256, 30000, 4", // the same, last runs spilled by four threads at once
    "131072, 2, 30000, 2", // tiny budget, two groups: deep partitions, many runs
    "1048576, 256, 60000, 2" // 1 MiB: every group spills a few runs
  })
  void membership_randomDigests_matchesReferenceSet(
      long budget, int groups, int distinct, int finishThreads) throws IOException {
    Random rnd = TestDigests.random("membership budget=" + budget + " groups=" + groups);
    List<ChunkDigest> refs = new ArrayList<>();
    Set<ChunkDigest> reference = new HashSet<>();
    for (int i = 0; i < distinct; i++) {
      ChunkDigest d = TestDigests.next(rnd, groups);
      reference.add(d);
      for (int k = rnd.nextInt(3); k >= 0; k--) {
        refs.add(d); // a chunk referenced by 1..3 snapshots
      }
    }
    java.util.Collections.shuffle(refs, rnd);
    try (MarkSetWriter w = MarkSetWriter.open(dir, budget)) {
      long peak = 0;
      for (ChunkDigest d : refs) {
        w.add(d.word(0), d.word(1), d.word(2), d.word(3));
        peak = Math.max(peak, w.bytesInMemory());
      }
      assertThat(peak).isLessThanOrEqualTo(budget);
      try (MarkSet set = w.finish(finishThreads)) {
        assertThat(set.added()).isEqualTo(refs.size());
        assertThat(set.spilledBytes() > 0).isEqualTo(budget < 32L * distinct);
        assertThat(set.bytesInMemory()).isLessThanOrEqualTo(budget);
        assertMatches(set, reference, rnd);
        assertMatchesInSpans(set, reference, rnd);
      }
    }
    assertThat(spillFiles()).isEmpty();
  }

  /** Loads 0..65535 in order and checks sizes, members and near-miss non-members. */
  private static void assertMatches(MarkSet set, Set<ChunkDigest> reference, Random rnd)
      throws IOException {
    Map<Integer, List<ChunkDigest>> byPrefix = new HashMap<>();
    for (ChunkDigest d : reference) {
      byPrefix.computeIfAbsent(d.prefix(), k -> new ArrayList<>()).add(d);
    }
    MarkPartition part = set.newPartition();
    int checkedAbsent = 0;
    for (int prefix = 0; prefix < 1 << 16; prefix++) {
      part.load(prefix);
      List<ChunkDigest> members = byPrefix.getOrDefault(prefix, List.of());
      assertThat(part.size()).as("partition %04x", prefix).isEqualTo(members.size());
      for (ChunkDigest d : members) {
        assertThat(part.contains(d.word(0), d.word(1), d.word(2), d.word(3))).isTrue();
        // the same digest with its last bit flipped, and a random one of the same prefix
        ChunkDigest near = ChunkDigest.ofWords(d.word(0), d.word(1), d.word(2), d.word(3) ^ 1);
        ChunkDigest far =
            ChunkDigest.ofWords(
                (long) prefix << 48 | rnd.nextLong() >>> 16,
                rnd.nextLong(),
                rnd.nextLong(),
                rnd.nextLong());
        for (ChunkDigest x : List.of(near, far)) {
          assertThat(part.contains(x.word(0), x.word(1), x.word(2), x.word(3)))
              .isEqualTo(reference.contains(x));
          checkedAbsent++;
        }
      }
    }
    assertThat(checkedAbsent).isEqualTo(2 * reference.size());
  }

  /**
   * Loads random spans of 1..300 directories (as one sweep lock covers them; they cross group
   * boundaries, mixing in-memory and spilled groups) and checks every member of the span, and that
   * a digest just outside the span throws instead of answering.
   */
  private static void assertMatchesInSpans(MarkSet set, Set<ChunkDigest> reference, Random rnd)
      throws IOException {
    Map<Integer, List<ChunkDigest>> byPrefix = new HashMap<>();
    for (ChunkDigest d : reference) {
      byPrefix.computeIfAbsent(d.prefix(), k -> new ArrayList<>()).add(d);
    }
    MarkPartition part = set.newPartition();
    int seen = 0;
    for (int first = 0; first < 1 << 16; ) {
      int count = Math.min((1 << 16) - first, 1 + rnd.nextInt(300));
      part.load(first, count);
      assertThat(part.prefix()).isEqualTo(first);
      assertThat(part.loadedCount()).isEqualTo(count);
      int size = 0;
      for (int q = first; q < first + count; q++) {
        for (ChunkDigest d : byPrefix.getOrDefault(q, List.of())) {
          assertThat(part.contains(d.word(0), d.word(1), d.word(2), d.word(3)))
              .as("%s in span %04x + %d", d, first, count)
              .isTrue();
          ChunkDigest near = ChunkDigest.ofWords(d.word(0), d.word(1), d.word(2), d.word(3) ^ 1);
          assertThat(part.contains(near.word(0), near.word(1), near.word(2), near.word(3)))
              .isEqualTo(reference.contains(near));
          size++;
          seen++;
        }
      }
      assertThat(part.size()).isEqualTo(size);
      if (first + count < 1 << 16) {
        long outside = (long) (first + count) << 48;
        assertThatThrownBy(() -> part.contains(outside, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
      }
      first += count;
    }
    assertThat(seen).isEqualTo(reference.size());
  }

  /** Digests sharing their first word: the lookup compares the other words of each of them. */
  @ParameterizedTest
  @CsvSource({"67108864", "131072"})
  void contains_sameFirstWord_exact(long budget) throws IOException {
    long w0 = 0xbeef_0123_4567_89abL;
    long[][] members = {{1, 1, 1}, {1, 1, 2}, {1, 2, 0}, {-1, 0, 0}, {5, -7, 9}};
    try (MarkSetWriter w = MarkSetWriter.open(dir, budget)) {
      for (int r = 0; r < 20; r++) { // duplicates, enough to spill at the tiny budget
        for (long[] m : members) {
          w.add(w0, m[0], m[1], m[2]);
        }
      }
      try (MarkSet set = w.finish()) {
        MarkPartition p = set.newPartition();
        p.load(0xbee0, 32);
        assertThat(p.size()).isEqualTo(members.length);
        for (long[] m : members) {
          assertThat(p.contains(w0, m[0], m[1], m[2])).isTrue();
          assertThat(p.contains(w0, m[0], m[1], m[2] + 3)).isFalse();
          assertThat(p.contains(w0 + 1, m[0], m[1], m[2])).isFalse();
          assertThat(p.contains(w0 - 1, m[0], m[1], m[2])).isFalse();
        }
        assertThat(p.contains(w0, 0, 0, 0)).isFalse();
        assertThat(p.contains(w0, 1, 1, 3)).isFalse();
      }
    }
  }

  @Test
  void add_sameDigestMillionTimesTinyBudget_oneMemberNothingSpilled() throws IOException {
    ChunkDigest d = ChunkDigest.sha256("chunk".getBytes(StandardCharsets.US_ASCII));
    try (MarkSetWriter w = MarkSetWriter.open(dir, TINY)) {
      for (int i = 0; i < 1_000_000; i++) {
        w.add(d.toBytes(), 0);
      }
      try (MarkSet set = w.finish()) {
        assertThat(set.spilledBytes()).isZero();
        assertThat(set.added()).isEqualTo(1_000_000);
        MarkPartition p = set.newPartition();
        p.load(d.prefix());
        assertThat(p.size()).isOne();
        assertThat(p.contains(d.word(0), d.word(1), d.word(2), d.word(3))).isTrue();
      }
    }
  }

  @Test
  void contains_digestOfAnotherPartition_throwsInsteadOfAnsweringNo() throws IOException {
    ChunkDigest d = ChunkDigest.fromHex("0102" + "ab".repeat(30));
    try (MarkSetWriter w = MarkSetWriter.open(dir, TINY)) {
      w.add(d.word(0), d.word(1), d.word(2), d.word(3));
      try (MarkSet set = w.finish()) {
        MarkPartition p = set.newPartition();
        assertThatThrownBy(() -> p.contains(d.word(0), d.word(1), d.word(2), d.word(3)))
            .isInstanceOf(IllegalStateException.class);
        p.load(0x0103);
        assertThatThrownBy(() -> p.contains(d.word(0), d.word(1), d.word(2), d.word(3)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("0102")
            .hasMessageContaining("0103");
        p.load(0x0102);
        assertThat(p.prefix()).isEqualTo(0x0102);
        assertThat(p.contains(d.word(0), d.word(1), d.word(2), d.word(3))).isTrue();
      }
    }
  }

  @Test
  void containsHexName_getdentsNameEitherCase_member() throws IOException {
    ChunkDigest d = ChunkDigest.fromHex("beef" + "0f".repeat(30));
    try (MarkSetWriter w = MarkSetWriter.open(dir, TINY)) {
      w.add(d.toBytes(), 0);
      try (MarkSet set = w.finish()) {
        MarkPartition p = set.newPartition();
        p.load(0xbeef);
        byte[] buf =
            ("xx" + d.toHex() + "\0" + d.toHex().toUpperCase(java.util.Locale.ROOT))
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer names = ByteBuffer.wrap(buf);
        assertThat(p.containsHexName(names, 2)).isTrue();
        assertThat(p.containsHexName(names, 67)).isTrue();
        buf[2 + 63] = (byte) (buf[2 + 63] == 'f' ? 'e' : 'f');
        assertThat(p.containsHexName(names, 2)).isFalse();
        buf[2 + 10] = 'g';
        assertThatThrownBy(() -> p.containsHexName(names, 2))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  /** Four marking threads add overlapping halves of the digests; the set is their union. */
  @ParameterizedTest
  @CsvSource({"67108864", "131072"})
  void add_concurrentThreads_unionOfAll(long budget) throws Exception {
    Random rnd = TestDigests.random("concurrent budget=" + budget);
    int n = 40_000;
    ChunkDigest[] all = new ChunkDigest[n];
    for (int i = 0; i < n; i++) {
      all[i] = TestDigests.next(rnd, 4);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (MarkSetWriter w = MarkSetWriter.open(dir, budget)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t * n / 4;
        done.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < n / 2; k++) { // each digest is added by two threads
                    ChunkDigest d = all[(first + k) % n];
                    w.add(d.word(0), d.word(1), d.word(2), d.word(3));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
      try (MarkSet set = w.finish()) {
        assertThat(set.added()).isEqualTo(2L * n);
        assertMatches(set, new HashSet<>(List.of(all)), rnd);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void add_afterFinish_throws() throws IOException {
    try (MarkSetWriter w = MarkSetWriter.open(dir, TINY)) {
      try (MarkSet set = w.finish()) {
        assertThatThrownBy(() -> w.add(1, 2, 3, 4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void open_budgetOutOfRange_throwsNamingTheRange() {
    assertThatThrownBy(() -> MarkSetWriter.open(dir, TINY - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(TINY));
    assertThatThrownBy(() -> MarkSetWriter.open(dir, MarkSetWriter.MAX_MEMORY_BUDGET + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(MarkSetWriter.MAX_MEMORY_BUDGET));
  }

  @Test
  void open_staleSpillFilesOfKilledRun_deletedOthersKept() throws IOException {
    Path stale = Files.write(dir.resolve("markset-123.spill"), new byte[] {1, 2, 3});
    Path other = Files.write(dir.resolve("gc.reserve"), new byte[] {1});
    try (MarkSetWriter w = MarkSetWriter.open(dir, TINY)) {
      assertThat(stale).doesNotExist();
      assertThat(other).exists();
    }
  }

  @Test
  void close_writerNotFinished_deletesSpillFile() throws IOException {
    Random rnd = TestDigests.random("close writer");
    MarkSetWriter w = MarkSetWriter.open(dir.resolve("new/sub"), TINY);
    addRandom(w, rnd, 20_000);
    assertThat(w.spilledBytes()).isPositive();
    assertThat(spillFiles(dir.resolve("new/sub"))).hasSize(1);
    w.close();
    w.close();
    assertThat(spillFiles(dir.resolve("new/sub"))).isEmpty();
  }

  @Test
  void close_set_deletesSpillFileIdempotentAndRefusesReaders() throws IOException {
    Random rnd = TestDigests.random("close set");
    MarkSet set;
    try (MarkSetWriter w = MarkSetWriter.open(dir, TINY)) {
      addRandom(w, rnd, 20_000);
      set = w.finish();
    }
    Path spill = set.spillPath();
    assertThat(spill).exists();
    assertThat(set.spilledBytes()).isEqualTo(Files.size(spill));
    MarkPartition p = set.newPartition();
    set.close();
    set.close();
    assertThat(spill).doesNotExist();
    assertThatThrownBy(set::newPartition).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.load(0)).isInstanceOf(IllegalStateException.class);
  }

  private static void addRandom(MarkSetWriter w, Random rnd, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      ChunkDigest d = TestDigests.next(rnd, 256);
      w.add(d.word(0), d.word(1), d.word(2), d.word(3));
    }
  }

  private List<Path> spillFiles() throws IOException {
    return spillFiles(dir);
  }

  static List<Path> spillFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".spill")).toList();
    }
  }
}
