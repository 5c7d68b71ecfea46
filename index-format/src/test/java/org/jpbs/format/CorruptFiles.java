package org.jpbs.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test fixture: damages files and byte arrays the way disks and bugs do. Shared via test-jar. */
public final class CorruptFiles {
  private CorruptFiles() {}

  /** A copy of {@code bytes} with byte {@code index} XOR {@code mask} (mask must be non-zero). */
  public static byte[] flipByte(byte[] bytes, int index, int mask) {
    if ((mask & 0xFF) == 0) {
      throw new IllegalArgumentException("mask must change the byte");
    }
    byte[] copy = bytes.clone();
    copy[index] ^= (byte) mask;
    return copy;
  }

  /** A copy of the first {@code length} bytes. */
  public static byte[] truncate(byte[] bytes, int length) {
    return Arrays.copyOf(bytes, length);
  }

  /** Flips one byte of a file in place. */
  public static void flipByte(Path file, long index, int mask) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, flipByte(b, Math.toIntExact(index), mask));
  }

  /** Truncates a file in place to {@code length} bytes. */
  public static void truncate(Path file, long length) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, truncate(b, Math.toIntExact(length)));
  }
}
