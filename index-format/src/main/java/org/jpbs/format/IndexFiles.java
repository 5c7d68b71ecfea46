package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/** Opens an index file of either format, chosen by its magic (not by its file name). */
public final class IndexFiles {
  private IndexFiles() {}

  /**
   * Opens {@code path} as a {@link FixedIndexReader} or {@link DynamicIndexReader}.
   *
   * @throws UnsupportedFormatException if the magic is neither index magic (a blob, a catalog or
   *     unknown bytes)
   * @throws CorruptFileException if the file is shorter than a magic or fails the reader's checks
   */
  public static IndexFile open(Path path) throws IOException {
    byte[] magic = new byte[FileMagic.SIZE];
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(magic);
      while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
        // read until full or EOF
      }
      if (buf.hasRemaining()) {
        throw new CorruptFileException(
            path.toString(),
            buf.position(),
            "index too small for a magic (file truncated?)",
            ">= " + FileMagic.SIZE + " bytes",
            buf.position() + " bytes");
      }
    }
    if (FixedIndexFormat.MAGIC.matches(magic, 0)) {
      return FixedIndexReader.open(path);
    }
    if (DynamicIndexFormat.MAGIC.matches(magic, 0)) {
      return DynamicIndexReader.open(path);
    }
    FileMagic other = null;
    for (FileMagic m : FileMagic.values()) {
      if (m.matches(magic, 0)) {
        other = m;
      }
    }
    throw new UnsupportedFormatException(
        path.toString(),
        HexFormat.of().formatHex(magic) + (other == null ? "" : " (" + other + ")"),
        "an index magic ("
            + FixedIndexFormat.MAGIC.hex()
            + " or "
            + DynamicIndexFormat.MAGIC.hex()
            + ")");
  }
}
