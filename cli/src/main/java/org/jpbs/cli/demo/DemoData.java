package org.jpbs.cli.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The demo's deterministic data set: a "disk image" and a "stream" (think: a pxar archive) whose
 * content is mostly stable between rounds, plus a small config file.
 *
 * <p>Content per 4 KiB block: a quarter zeros, a quarter repeated text, half random bytes, so
 * compression and deduplication are both visible. Each {@link #mutate() round} rewrites a few
 * regions of the image (touching a few of its 4 MiB chunks) and inserts and rewrites a few regions
 * of the stream (content-defined chunking re-synchronises after them). Same seed, same bytes.
 */
final class DemoData {
  static final int IMAGE_SIZE = 64 << 20;
  static final int STREAM_SIZE = 24 << 20;
  private static final int BLOCK = 4096;
  private static final byte[] TEXT =
      "jpbs demo: the quick brown fox jumps over the lazy dog 0123456789\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final SplittableRandom random;
  private final byte[] image;
  private byte[] stream;
  private int round;

  DemoData(long seed) {
    this.random = new SplittableRandom(seed);
    this.image = new byte[IMAGE_SIZE];
    fill(image, 0, IMAGE_SIZE);
    this.stream = new byte[STREAM_SIZE];
    fill(stream, 0, STREAM_SIZE);
  }

  /** The current image; the array is reused, do not keep it across {@link #mutate()}. */
  byte[] image() {
    return image;
  }

  /** The current stream. */
  byte[] stream() {
    return stream;
  }

  /** A small config for the blob archive, naming the round. */
  byte[] config() {
    return ("# jpbs demo VM\nname: demo\nmemory: 2048\ncores: 2\nround: " + round + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The next round: three 256 KiB rewrites of the image, two inserts and one rewrite in the stream.
   */
  void mutate() {
    round++;
    for (int i = 0; i < 3; i++) {
      int off = random.nextInt(IMAGE_SIZE / BLOCK - 64) * BLOCK;
      fill(image, off, 64 * BLOCK);
    }
    ByteArrayOutputStream s = new ByteArrayOutputStream(stream.length + 64 * BLOCK);
    int pos = 0;
    int[] at = {
      random.nextInt(stream.length / 2), stream.length / 2 + random.nextInt(stream.length / 2)
    };
    for (int cut : at) {
      s.write(stream, pos, cut - pos);
      byte[] insert = new byte[8 * BLOCK];
      fill(insert, 0, insert.length);
      s.writeBytes(insert);
      pos = cut;
    }
    s.write(stream, pos, stream.length - pos);
    stream = s.toByteArray();
    int off = random.nextInt(stream.length - 64 * BLOCK);
    fill(stream, off, 64 * BLOCK);
  }

  private void fill(byte[] a, int off, int len) {
    for (int b = off; b < off + len; b += BLOCK) {
      int n = Math.min(BLOCK, off + len - b);
      int kind = random.nextInt(4);
      if (kind == 0) {
        java.util.Arrays.fill(a, b, b + n, (byte) 0);
      } else if (kind == 1) {
        for (int i = 0; i < n; i++) {
          a[b + i] = TEXT[i % TEXT.length];
        }
      } else {
        for (int i = 0; i < n; i += 8) {
          long v = random.nextLong();
          for (int k = 0; k < 8 && i + k < n; k++) {
            a[b + i + k] = (byte) (v >>> (8 * k));
          }
        }
      }
    }
  }
}
