package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

/**
 * Test fixture: builds index files quickly, valid (through the writers) or raw. Shared via
 * test-jar.
 */
public final class TestIndexes {
  private TestIndexes() {}

  /** A fixed uuid used by fixtures. */
  public static final UUID UUID_FIXED = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

  /** {@code n} pseudo-random digests from {@code rnd}. */
  public static ChunkDigest[] randomDigests(Random rnd, int n) {
    ChunkDigest[] d = new ChunkDigest[n];
    for (int i = 0; i < n; i++) {
      d[i] = ChunkDigest.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
    }
    return d;
  }

  /**
   * Writes a fixed index of {@code digests.length} chunks of {@code chunkSize} (last one {@code
   * lastChunk} bytes).
   */
  public static Path writeFixed(Path p, int chunkSize, long lastChunk, ChunkDigest... digests)
      throws IOException {
    long size = digests.length == 0 ? 0 : (long) (digests.length - 1) * chunkSize + lastChunk;
    try (FixedIndexWriter w =
        FixedIndexWriter.create(p, size, chunkSize, UUID_FIXED, 1_600_000_000L)) {
      for (int i = 0; i < digests.length; i++) {
        w.setDigest(i, digests[i]);
      }
      w.commit(false);
    }
    return p;
  }

  /** Writes a dynamic index with the given strictly increasing ends. */
  public static Path writeDynamic(Path p, long[] ends, ChunkDigest... digests) throws IOException {
    try (DynamicIndexWriter w = DynamicIndexWriter.create(p, UUID_FIXED, 1_600_000_000L)) {
      for (int i = 0; i < digests.length; i++) {
        w.append(ends[i], digests[i]);
      }
      w.commit(false);
    }
    return p;
  }

  /** Raw dynamic index bytes with any ends (even invalid ones) and a correct checksum. */
  public static byte[] rawDynamic(long[] ends, ChunkDigest... digests) {
    byte[] b = new byte[Math.toIntExact(DynamicIndexFormat.fileLength(digests.length))];
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    System.arraycopy(DynamicIndexFormat.MAGIC.bytes(), 0, b, 0, FileMagic.SIZE);
    for (int i = 0; i < digests.length; i++) {
      int off = DynamicIndexFormat.HEADER_SIZE + i * DynamicIndexFormat.ENTRY_SIZE;
      le.putLong(off, ends[i]);
      digests[i].writeTo(b, off + DynamicIndexFormat.ENTRY_DIGEST_OFFSET);
    }
    var md = ChunkDigest.newSha256();
    md.update(b, DynamicIndexFormat.HEADER_SIZE, b.length - DynamicIndexFormat.HEADER_SIZE);
    System.arraycopy(md.digest(), 0, b, IndexHeaderFormat.CSUM_OFFSET, 32);
    return b;
  }

  /** Raw fixed index bytes with any header values and a correct checksum over {@code digests}. */
  public static byte[] rawFixed(long size, long chunkSize, ChunkDigest... digests) {
    byte[] b = new byte[FixedIndexFormat.HEADER_SIZE + digests.length * 32];
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    System.arraycopy(FixedIndexFormat.MAGIC.bytes(), 0, b, 0, FileMagic.SIZE);
    le.putLong(FixedIndexFormat.SIZE_OFFSET, size);
    le.putLong(FixedIndexFormat.CHUNK_SIZE_OFFSET, chunkSize);
    for (int i = 0; i < digests.length; i++) {
      digests[i].writeTo(b, FixedIndexFormat.HEADER_SIZE + i * 32);
    }
    var md = ChunkDigest.newSha256();
    md.update(b, FixedIndexFormat.HEADER_SIZE, b.length - FixedIndexFormat.HEADER_SIZE);
    System.arraycopy(md.digest(), 0, b, IndexHeaderFormat.CSUM_OFFSET, 32);
    return b;
  }

  /** Writes {@code bytes} to {@code p} and returns it. */
  public static Path write(Path p, byte[] bytes) throws IOException {
    Files.write(p, bytes);
    return p;
  }
}
