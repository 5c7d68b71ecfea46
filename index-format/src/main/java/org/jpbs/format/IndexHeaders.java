package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;

/** Reading and writing the 4096-byte header shared by both index formats. */
final class IndexHeaders {
  private IndexHeaders() {}

  /** A little-endian view of header bytes: the only way index header bytes are interpreted. */
  static ByteBuffer littleEndian(byte[] header) {
    return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Reads the header of an index file after checking its magic, then its minimum length.
   *
   * @throws UnsupportedFormatException if the first 8 bytes are not {@code expected}
   * @throws CorruptFileException if the file is shorter than the header
   */
  static ByteBuffer read(FileChannel ch, long length, Path path, FileMagic expected, String what)
      throws IOException {
    byte[] header = new byte[IndexHeaderFormat.HEADER_SIZE];
    ByteBuffer buf =
        ByteBuffer.wrap(header, 0, (int) Math.min(length, IndexHeaderFormat.HEADER_SIZE));
    while (buf.hasRemaining()) {
      if (ch.read(buf, buf.position()) < 0) {
        throw new CorruptFileException(
            path.toString(),
            buf.position(),
            what + " shrank while reading",
            length,
            buf.position());
      }
    }
    if (length >= FileMagic.SIZE && !expected.matches(header, 0)) {
      throw new UnsupportedFormatException(
          path.toString(),
          HexFormat.of().formatHex(header, 0, FileMagic.SIZE),
          what + " magic " + expected.hex());
    }
    if (length < IndexHeaderFormat.HEADER_SIZE) {
      throw new CorruptFileException(
          path.toString(),
          length,
          what + " too small (file truncated?)",
          ">= " + IndexHeaderFormat.HEADER_SIZE + " bytes",
          length + " bytes");
    }
    return littleEndian(header);
  }

  static UUID uuid(ByteBuffer header, int off) {
    return new UUID(
        header.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(off),
        header.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(off + 8));
  }

  /** Writes the common prefix magic, uuid (RFC 4122 byte order), ctime; csum stays zero. */
  static byte[] newHeader(FileMagic magic, UUID uuid, long ctime, int uuidOff, int ctimeOff) {
    byte[] header = new byte[IndexHeaderFormat.HEADER_SIZE];
    System.arraycopy(magic.bytes(), 0, header, 0, FileMagic.SIZE);
    ByteBuffer be = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
    be.putLong(uuidOff, uuid.getMostSignificantBits());
    be.putLong(uuidOff + 8, uuid.getLeastSignificantBits());
    littleEndian(header).putLong(ctimeOff, ctime);
    return header;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
