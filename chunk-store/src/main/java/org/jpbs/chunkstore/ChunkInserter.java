package org.jpbs.chunkstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jpbs.format.BlobFormat;
import org.jpbs.format.BlobKind;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;

/**
 * PBS {@code insert_chunk} (spec §3.2): validation, the duplicate rules, and the atomic write
 * through {@code <hex>.tmp_XXXXXX} + rename. The caller holds the prefix's shared chunk lock.
 */
final class ChunkInserter {
  private static final System.Logger LOG = System.getLogger(ChunkInserter.class.getName());
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR =
      PosixFilePermissions.asFileAttribute(FILE_MODE);
  private static final char[] TEMP_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Path chunksDir;
  private final AtimeToucher toucher;
  private final SyncLevel syncLevel;
  private final boolean posix;

  ChunkInserter(Path chunksDir, AtimeToucher toucher, SyncLevel syncLevel) {
    this.chunksDir = chunksDir;
    this.toucher = toucher;
    this.syncLevel = syncLevel;
    this.posix = chunksDir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Validates as the backup protocol does on upload (spec §2.3): encoded size within {@link
   * BlobFormat#MIN_ENCODED_CHUNK_SIZE}..{@link BlobFormat#MAX_ENCODED_CHUNK_SIZE}; for unencrypted
   * blobs, data of 1..16 MiB whose SHA-256 is the digest. The CRC was checked when the {@link
   * DataBlob} was built.
   */
  static void validate(ChunkDigest digest, DataBlob blob, String resource)
      throws CorruptFileException {
    int size = blob.rawSize();
    if (size < BlobFormat.MIN_ENCODED_CHUNK_SIZE || size > BlobFormat.MAX_ENCODED_CHUNK_SIZE) {
      throw new CorruptFileException(
          resource,
          -1,
          "encoded chunk size out of range",
          BlobFormat.MIN_ENCODED_CHUNK_SIZE + ".." + BlobFormat.MAX_ENCODED_CHUNK_SIZE,
          size);
    }
    if (!blob.kind().isEncrypted()) {
      byte[] data = blob.decode(resource, BlobFormat.MAX_CHUNK_SIZE);
      if (data.length == 0) {
        throw new CorruptFileException(
            resource, -1, "chunk data size out of range", "1.." + BlobFormat.MAX_CHUNK_SIZE, 0);
      }
      ChunkDigest actual = ChunkDigest.sha256(data);
      if (!actual.equals(digest)) {
        throw new CorruptFileException(resource, -1, "chunk digest mismatch", digest, actual);
      }
    }
  }

  /** Inserts under the already-held shared lock. */
  InsertResult insertLocked(ChunkDigest digest, DataBlob blob) throws IOException {
    Path path = ChunkPath.of(chunksDir, digest);
    long newSize = blob.rawSize();
    BasicFileAttributes old = null;
    try {
      old =
          Files.readAttributes(path, BasicFileAttributes.class); // follows symlinks, as PBS stat()
    } catch (NoSuchFileException e) {
      // fresh chunk
    }
    if (old != null) {
      if (!old.isRegularFile()) {
        throw new IOException("got unexpected file type on store for chunk " + path);
      }
      long oldSize = old.size();
      if (oldSize == newSize) {
        return duplicate(digest, path, oldSize);
      } else if (oldSize == 0) {
        LOG.log(System.Logger.Level.WARNING, "found empty chunk ''{0}'', overwriting", path);
      } else if (blob.kind().isEncrypted()) {
        BlobKind existing = existingKind(path);
        if (existing != null && !existing.isEncrypted()) {
          throw new IOException(
              "Overwriting unencrypted chunk "
                  + path
                  + " with encrypted chunk with same digest not allowed");
        }
        if (existing == BlobKind.ENCRYPTED && !blob.kind().isCompressed()) {
          throw new IOException(
              "Overwriting existing (encrypted) chunk " + path + " is not allowed");
        }
        return duplicate(digest, path, oldSize);
      } else if (oldSize < newSize) {
        return duplicate(digest, path, oldSize);
      }
      // oldSize > newSize: the smaller upload replaces the existing file
    }
    write(path, digest, blob);
    return new InsertResult(false, newSize);
  }

  private InsertResult duplicate(ChunkDigest digest, Path path, long oldSize) throws IOException {
    if (!toucher.touch(digest)) {
      throw new IOException(
          "update atime failed for chunk/file " + path + " - ENOENT (vanished during insert)");
    }
    return new InsertResult(true, oldSize);
  }

  private static BlobKind existingKind(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(8);
      return magic.length == 8 ? BlobKind.of(magic) : null;
    }
  }

  private void write(Path path, ChunkDigest digest, DataBlob blob) throws IOException {
    Path dir = path.getParent();
    String base = digest.toHex() + ".tmp_";
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve(base + randomSuffix());
      FileChannel ch;
      try {
        ch =
            posix
                ? FileChannel.open(
                    tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE_ATTR)
                : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        if (attempt < 100) {
          continue;
        }
        throw e;
      }
      boolean done = false;
      try {
        try (ch) {
          ByteBuffer buf = blob.rawView();
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          if (posix) {
            Files.setPosixFilePermissions(
                tmp, FILE_MODE); // explicit 0644 regardless of umask, as PBS fchmod
          }
          if (syncLevel == SyncLevel.FILE) {
            ch.force(true);
          }
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done = true;
      } finally {
        if (!done) {
          Files.deleteIfExists(tmp);
        }
      }
      break;
    }
    if (syncLevel == SyncLevel.FILE) {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    }
  }

  private static String randomSuffix() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] c = new char[6];
    for (int i = 0; i < c.length; i++) {
      c[i] = TEMP_CHARS[r.nextInt(TEMP_CHARS.length)];
    }
    return new String(c);
  }
}
