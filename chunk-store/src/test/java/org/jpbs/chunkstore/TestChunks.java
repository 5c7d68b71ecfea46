package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;

/** Test fixture: chunks with chosen digests and atime surgery. Shared via the test-jar. */
public final class TestChunks {
  private TestChunks() {}

  /** An unencrypted chunk whose digest is the real SHA-256 of {@code data}. */
  public static DataBlob plain(byte[] data) {
    return DataBlob.encode(data, false);
  }

  /** Deterministic data for chunk {@code i}. */
  public static byte[] data(int i, int size) {
    byte[] b = new byte[size];
    byte[] tag = ("chunk-" + i + "-").getBytes(StandardCharsets.US_ASCII);
    for (int k = 0; k < size; k++) {
      b[k] = tag[k % tag.length];
    }
    return b;
  }

  /**
   * A digest placed in directory {@code prefix}: SHA-256 of {@code "id-<i>"} with its first two
   * bytes replaced. Only usable with encrypted blobs (whose digest cannot be checked).
   */
  public static ChunkDigest digestIn(int prefix, int i) {
    byte[] d = ChunkDigest.sha256(("id-" + i).getBytes(StandardCharsets.US_ASCII)).toBytes();
    d[0] = (byte) (prefix >>> 8);
    d[1] = (byte) prefix;
    return ChunkDigest.of(d);
  }

  /**
   * An encrypted (opaque) chunk of {@code ciphertextLength} bytes; any digest is accepted for it.
   */
  public static DataBlob encrypted(int seed, int ciphertextLength, boolean compressed) {
    byte[] iv = new byte[16];
    byte[] tag = new byte[16];
    Arrays.fill(iv, (byte) seed);
    Arrays.fill(tag, (byte) (seed * 31));
    byte[] ct = new byte[ciphertextLength];
    for (int k = 0; k < ct.length; k++) {
      ct[k] = (byte) (seed + k);
    }
    return DataBlob.assembleEncrypted(compressed, iv, tag, ct);
  }

  /** Sets a file's (or symlink's own) atime, leaving mtime alone. */
  public static void setAtime(Path p, Instant atime) throws IOException {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(null, FileTime.from(atime), null);
  }

  /** A file's (or symlink's own) atime, full precision. */
  public static FileTime atime(Path p) throws IOException {
    return Files.readAttributes(
            p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .lastAccessTime();
  }

  /** A file's (or symlink's own) mtime, full precision. */
  public static FileTime mtime(Path p) throws IOException {
    return Files.readAttributes(
            p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .lastModifiedTime();
  }
}
