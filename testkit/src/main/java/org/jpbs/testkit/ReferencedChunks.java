package org.jpbs.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * The GC invariant, checked by an independent oracle: every chunk referenced by any index file in a
 * datastore exists as {@code .chunks/<first 4 hex>/<64 hex>}. The index files are parsed here from
 * the PBS on-disk layout (spec §2.3/§2.4: 4096-byte header, then 32-byte digests for {@code .fidx}
 * or 40-byte {@code u64 LE end + digest} entries for {@code .didx}), not with jpbs's readers, so a
 * bug in those cannot hide a missing chunk. Digests are lower-case hex strings.
 */
public final class ReferencedChunks {
  private static final int HEADER_SIZE = 4096;
  private static final long FIXED_MAGIC = 0xcd0ffd91ed417f2fL; // 2f7f41ed91fd0fcd read LE
  private static final long DYNAMIC_MAGIC = 0xcdb3ba19a54e911cL; // 1c914ea519bab3cd read LE
  private static final HexFormat HEX = HexFormat.of();

  private ReferencedChunks() {}

  /** Every digest referenced by a {@code .fidx}/{@code .didx} below {@code base} (not .chunks). */
  public static Set<String> referenced(Path base) throws IOException {
    Set<String> out = new TreeSet<>();
    for (Path p : StoreFiles.outsideChunks(base)) {
      String n = p.getFileName().toString();
      if (n.endsWith(".fidx") || n.endsWith(".didx")) {
        out.addAll(digestsOf(p));
      }
    }
    return out;
  }

  /** The digests listed in one index file; a file without an index magic lists none. */
  public static Set<String> digestsOf(Path index) throws IOException {
    byte[] b = Files.readAllBytes(index);
    Set<String> out = new TreeSet<>();
    if (b.length < HEADER_SIZE) {
      return out;
    }
    long magic = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    int entry;
    int digestAt;
    if (magic == FIXED_MAGIC) {
      entry = 32;
      digestAt = 0;
    } else if (magic == DYNAMIC_MAGIC) {
      entry = 40;
      digestAt = 8;
    } else {
      return out;
    }
    for (int off = HEADER_SIZE; off + entry <= b.length; off += entry) {
      out.add(HEX.formatHex(b, off + digestAt, off + digestAt + 32));
    }
    return out;
  }

  /** The path of chunk {@code hex} in the store at {@code base}. */
  public static Path chunkPath(Path base, String hex) {
    return base.resolve(".chunks").resolve(hex.substring(0, 4)).resolve(hex);
  }

  /** Referenced digests whose chunk file is missing (or not a regular file). */
  public static Set<String> missing(Path base) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String d : referenced(base)) {
      if (!Files.isRegularFile(chunkPath(base, d), LinkOption.NOFOLLOW_LINKS)) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * Fails (AssertionError naming the digests) unless every referenced chunk exists, apart from
   * {@code missingOnPurpose} (digests a test referenced without ever inserting them).
   */
  public static void assertAllExist(Path base, Collection<String> missingOnPurpose)
      throws IOException {
    Set<String> missing = missing(base);
    missing.removeAll(missingOnPurpose);
    if (!missing.isEmpty()) {
      throw new AssertionError("referenced chunks missing from the store " + base + ": " + missing);
    }
  }

  /** {@link #assertAllExist(Path, Collection)} with nothing missing on purpose. */
  public static void assertAllExist(Path base) throws IOException {
    assertAllExist(base, Set.of());
  }
}
