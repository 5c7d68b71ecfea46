package org.jpbs.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MappedPages#release}: a read-only mapping's pages leave this process's resident set (read
 * from {@code /proc/self/smaps}) and read back unchanged; anything else is left alone.
 */
class MappedPagesTest {
  private static final int SIZE = 64 * 4096;

  @TempDir Path dir;
  private Path file;
  private byte[] data;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(LibC.AVAILABLE, LibC.UNAVAILABLE_REASON);
    data = new byte[SIZE];
    new Random(7).nextBytes(data);
    file = dir.resolve("entries.bin");
    Files.write(file, data);
  }

  @Test
  void release_readOnlyMapping_dropsResidentPages_dataReadsBackUnchanged() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, SIZE);
      touch(map);
      assertThat(residentKib(file)).isEqualTo(SIZE / 1024);

      MappedPages.release(map);
      assertThat(residentKib(file)).isZero();

      byte[] back = new byte[SIZE];
      map.get(0, back);
      assertThat(back).isEqualTo(data);
      assertThat(residentKib(file)).isEqualTo(SIZE / 1024);
    }
  }

  @Test
  void release_unalignedSlice_widensToWholePages() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      // a mapping starting mid-page, as an index's entry area after its 4096-byte header is not
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 100, SIZE - 100);
      touch(map);
      MappedPages.release(map);
      assertThat(residentKib(file)).isZero();
      assertThat(map.get(0)).isEqualTo(data[100]);
    }
  }

  @Test
  void release_writableMappingOrHeapBuffer_leavesThemAlone() throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
      map.put(0, (byte) (data[0] + 1));
      touch(map);
      MappedPages.release(map);
      assertThat(residentKib(file)).isEqualTo(SIZE / 1024);
      assertThat(map.get(0)).isEqualTo((byte) (data[0] + 1));
    }
    ByteBuffer heap = ByteBuffer.wrap(data).asReadOnlyBuffer();
    MappedPages.release(heap);
    assertThat(heap.get(1)).isEqualTo(data[1]);
  }

  private static void touch(ByteBuffer b) {
    long sum = 0;
    for (int i = 0; i < b.capacity(); i += 4096) {
      sum += b.get(i);
    }
    assertThat(sum).isNotNull();
  }

  /** Resident KiB of this process's mappings of {@code f}, from {@code /proc/self/smaps}. */
  private static long residentKib(Path f) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
    String name = f.toRealPath().toString();
    long kib = 0;
    boolean inFile = false;
    for (String line : lines) {
      if (Character.digit(line.charAt(0), 16) >= 0 && line.contains("-") && line.contains(" ")) {
        inFile = line.endsWith(" " + name) || line.endsWith("\t" + name);
      } else if (inFile && line.startsWith("Rss:")) {
        kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kib;
  }
}
