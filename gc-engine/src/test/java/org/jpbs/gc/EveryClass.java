package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.GcStatus;

/**
 * A store with every chunk class of spec §4.6 (referenced, missing with a {@code .bad} copy, old
 * and recent orphans, old and recent {@code .bad} copies, a temp file) and its expected counters
 * with a cutoff of 1 h; shared by the GC ITs.
 */
final class EveryClass {
  private EveryClass() {}

  /** Builds the classes of spec §4.6 and returns the expected counters (cutoff 1 h). */
  static Map<String, Long> build(GcTestStore t) throws IOException {
    Instant now = t.clock.instant();
    BackupGroup g = t.group("every-class");
    List<ChunkDigest> a = t.chunks(1000, 10);
    List<ChunkDigest> b = new ArrayList<>(a.subList(5, 10));
    b.addAll(t.chunks(2000, 5));
    ChunkDigest missing = ChunkDigest.sha256(new byte[] {42});
    t.expectMissing(missing);
    b.add(missing);
    t.snapshot(g, 1_700_000_000L, true, List.of(a));
    t.snapshot(g, 1_700_086_400L, true, List.of(b));

    List<ChunkDigest> orphansOld = t.chunks(3000, 4);
    List<ChunkDigest> orphansRecent = t.chunks(4000, 3);
    for (ChunkDigest d : orphansRecent) {
      GcTestStore.setAtime(t.store.chunkPath(d), now.minus(Duration.ofMinutes(30)));
    }
    Path badOld = bad(t, t.chunk(5000), 0, Duration.ofDays(2));
    Path badRecent = bad(t, t.chunk(5001), 1, Duration.ofMinutes(30));
    Path missingChunkPath = t.store.chunkPath(missing);
    Path badOfMissing = missingChunkPath.resolveSibling(missing.toHex() + ".0.bad");
    Files.write(badOfMissing, new byte[77]);
    GcTestStore.setAtime(badOfMissing, now.minus(Duration.ofDays(2)));
    Path temp = t.store.chunkPath(a.get(0)).resolveSibling(a.get(0).toHex() + ".tmp_abcdef");
    Files.write(temp, new byte[5]);
    GcTestStore.setAtime(temp, now.minus(Duration.ofDays(3)));

    Map<String, Long> e = new HashMap<>();
    long refBytes = 0;
    Set<ChunkDigest> referenced = new TreeSet<>(a);
    referenced.addAll(b);
    referenced.remove(missing);
    for (ChunkDigest d : referenced) {
      refBytes += Files.size(t.store.chunkPath(d));
    }
    e.put("disk-chunks", (long) referenced.size());
    e.put("disk-bytes", refBytes + Files.size(badOfMissing)); // touched .bad adds bytes only
    e.put("removed-chunks", (long) orphansOld.size());
    e.put("removed-bytes", size(t, orphansOld) + Files.size(badOld));
    e.put("removed-bad", 1L);
    e.put("pending-chunks", (long) orphansRecent.size());
    e.put("pending-bytes", size(t, orphansRecent) + Files.size(badRecent));
    e.put("still-bad", 1L);
    e.put("index-file-count", 2L);
    e.put("index-data-bytes", 1000L + 1100L);
    return e;
  }

  /** Renames chunk {@code d} to {@code .n.bad} and ages it. */
  private static Path bad(GcTestStore t, ChunkDigest d, int n, Duration age) throws IOException {
    Path chunk = t.store.chunkPath(d);
    Path bad = chunk.resolveSibling(d.toHex() + "." + n + ".bad");
    Files.move(chunk, bad);
    GcTestStore.setAtime(bad, t.clock.instant().minus(age));
    return bad;
  }

  private static long size(GcTestStore t, List<ChunkDigest> ds) throws IOException {
    long s = 0;
    for (ChunkDigest d : ds) {
      s += Files.size(t.store.chunkPath(d));
    }
    return s;
  }

  static Map<String, Long> counters(GcStatus s) {
    Map<String, Long> m = new HashMap<>();
    m.put("disk-chunks", s.diskChunks());
    m.put("disk-bytes", s.diskBytes());
    m.put("removed-chunks", s.removedChunks());
    m.put("removed-bytes", s.removedBytes());
    m.put("removed-bad", s.removedBad());
    m.put("pending-chunks", s.pendingChunks());
    m.put("pending-bytes", s.pendingBytes());
    m.put("still-bad", s.stillBad());
    m.put("index-file-count", s.indexFileCount());
    m.put("index-data-bytes", s.indexDataBytes());
    return m;
  }
}
