package org.jpbs.gc.reliability;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Deterministic backup contents: a group's base data with a few version-specific edits, so
 * consecutive backups of a group share most chunks (fixed and dynamic). A snapshot records its
 * {@code (group seed, version seed)} in {@code content.blob}, so any restore can be checked byte
 * for byte without shared state between processes.
 */
final class TortureData {
  static final String IMAGE = "disk";
  static final String IMAGE_INDEX = "disk.img.fidx";
  static final String STREAM = "root.pxar";
  static final String STREAM_INDEX = "root.pxar.didx";
  static final String CONTENT = "content";
  static final String CONTENT_BLOB = "content.blob";
  static final int FIXED_CHUNK = 16 * 1024;
  static final int DYNAMIC_AVG = 64 * 1024;

  private TortureData() {}

  /** The data of one version: 256..768 KiB, three 2 KiB edits and a length change per version. */
  static byte[] content(long groupSeed, long versionSeed) {
    Random g = new Random(groupSeed);
    Random v = new Random(versionSeed);
    int size = 256 * 1024 + g.nextInt(512 * 1024) + v.nextInt(8 * 1024);
    byte[] data = new byte[size];
    g.nextBytes(data);
    for (int i = 0; i < 3; i++) {
      int off = v.nextInt(size - 2048);
      for (int j = 0; j < 2048; j++) {
        data[off + j] = (byte) v.nextInt(256);
      }
    }
    return data;
  }

  static byte[] contentBlob(long groupSeed, long versionSeed) {
    return ByteBuffer.allocate(16)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(groupSeed)
        .putLong(versionSeed)
        .array();
  }

  static byte[] contentOf(byte[] blob) {
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    return content(b.getLong(), b.getLong());
  }

  /** The version seed recorded in a {@code content.blob}: a snapshot's identity in the torture. */
  static long versionSeedOf(byte[] blob) {
    return ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
  }

  static long groupSeed(String groupId) {
    return groupId.hashCode() * 0x9E3779B97F4A7C15L;
  }
}
