package org.jpbs.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Corruption helpers: damage a chunk, index, manifest or status file in place, the way a bad disk
 * or an interrupted copy would. Every method keeps the file (a damaged file, not a missing one).
 */
public final class Damage {
  private Damage() {}

  /** Flips (XOR 0x55) the byte at {@code offset}; a negative offset counts from the end. */
  public static void flipByte(Path file, long offset) throws IOException {
    flip(file, offset, 0x55);
  }

  /** XORs the byte at {@code offset} (negative: from the end) with {@code mask}. */
  public static void flip(Path file, long offset, int mask) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = offset < 0 ? f.length() + offset : offset;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ mask);
    }
  }

  /** Cuts the file to {@code length} bytes. */
  public static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  /** Overwrites {@code length} bytes from {@code offset} with zeros (the file keeps its size). */
  public static void zero(Path file, long offset, int length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      f.write(new byte[length]);
    }
  }

  /** Makes the file empty. */
  public static void empty(Path file) throws IOException {
    truncate(file, 0);
  }

  /** Overwrites the little-endian {@code u64} at {@code offset} (e.g. an index header field). */
  public static void putLongLe(Path file, long offset, long value) throws IOException {
    byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      f.write(b);
    }
  }

  /**
   * Named damages used by the corruption suites: {@code magic} (first byte flipped), {@code
   * payload} (last byte flipped), {@code truncated} (cut to about half), {@code empty}, {@code
   * oversized} (grown past 17 MiB, larger than any chunk), {@code header-size} (a fixed index's
   * image-size field at offset 64 claims 1 TiB).
   */
  public static void named(Path file, String how) throws IOException {
    byte[] b = Files.readAllBytes(file);
    switch (how) {
      case "magic" -> b[0] ^= 0x55;
      case "payload" -> b[b.length - 1] ^= 0x01;
      case "truncated" -> b = Arrays.copyOf(b, Math.max(1, b.length / 2 - 3));
      case "empty" -> b = new byte[0];
      case "oversized" -> {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
          f.setLength(Math.max(f.length() + 5, 17L * 1024 * 1024));
        }
        return;
      }
      case "header-size" -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(64, 1L << 40);
      default -> throw new IllegalArgumentException(how);
    }
    Files.write(file, b);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException("damaged file vanished: " + file);
    }
  }
}
