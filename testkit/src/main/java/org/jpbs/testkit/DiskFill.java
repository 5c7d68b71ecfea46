package org.jpbs.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Fills a (small, test-only) filesystem to the last byte, for full-disk tests. */
public final class DiskFill {
  private DiskFill() {}

  /**
   * Writes {@code filler} until the filesystem reports ENOSPC, first in 64 KiB blocks, then byte by
   * byte so that not even a partial block is left free. Delete {@code filler} to free the space.
   */
  public static void fill(Path filler) {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // ENOSPC: full down to the last partial block
    }
    try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      // now truly full
    }
  }
}
