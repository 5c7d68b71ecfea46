package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.jpbs.posix.LibC;
import org.jpbs.posix.NativeError;
import org.jpbs.posix.ReadOnlyMount;

/**
 * Creates the on-disk layout of a chunk store (spec §1.1): {@code <base>} (0755), {@code .chunks}
 * and its 65,536 subdirectories (0750), {@code .lock} (0644, empty), and jpbs's hidden {@code
 * .jpbs-chunk-locks} (0644, empty). Modes are requested at creation and so are reduced by the
 * umask, never widened: nothing is world-writable.
 */
final class StoreLayout {
  private StoreLayout() {}

  static final String CHUNKS = ".chunks";
  static final String CHUNK_LOCKS = ".jpbs-chunk-locks";

  private static final int DIR_MODE = 0750;

  static void create(Path base, boolean nativeAccess) throws IOException {
    if (ReadOnlyMount.test(base)) {
      throw new ReadOnlyStoreException(base, "creating a datastore");
    }
    boolean posix = base.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(base)) {
      if (posix) {
        Files.createDirectories(
            base,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      } else {
        Files.createDirectories(base);
      }
    }
    Path chunks = base.resolve(CHUNKS);
    if (Files.exists(chunks, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(chunks.toString(), null, "chunk store already exists");
    }
    FileAttribute<?>[] dirAttr =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"))
            }
            : new FileAttribute<?>[0];
    Files.createDirectory(chunks, dirAttr);
    if (nativeAccess && LibC.AVAILABLE) {
      createSubdirsNative(chunks);
    } else {
      for (int p = 0; p < SweepRequest.DIRECTORIES; p++) {
        Files.createDirectory(chunks.resolve(ChunkPath.prefixName(p)), dirAttr);
      }
    }
    FileAttribute<?>[] fileAttr =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))
            }
            : new FileAttribute<?>[0];
    Files.createFile(base.resolve(StoreLock.FILE_NAME), fileAttr);
    ensureChunkLocksFile(base);
  }

  /** Creates {@code .jpbs-chunk-locks} if missing (stores created by PBS lack it). */
  static void ensureChunkLocksFile(Path base) throws IOException {
    Path f = base.resolve(CHUNK_LOCKS);
    if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      if (base.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
      } else {
        Files.createFile(f);
      }
    } catch (FileAlreadyExistsException e) {
      // created concurrently by another process: fine
    }
  }

  private static void createSubdirsNative(Path chunks) throws IOException {
    byte[] path = (chunks + "/0000").getBytes(StandardCharsets.UTF_8);
    int nameOff = path.length - 4;
    Memory mem = new Memory(path.length + 1L);
    long addr = Pointer.nativeValue(mem);
    mem.write(0, path, 0, path.length);
    mem.setByte(path.length, (byte) 0);
    byte[] hex = new byte[4];
    for (int p = 0; p < SweepRequest.DIRECTORIES; p++) {
      String name = ChunkPath.prefixName(p);
      for (int i = 0; i < 4; i++) {
        hex[i] = (byte) name.charAt(i);
      }
      mem.write(nameOff, hex, 0, 4);
      if (LibC.mkdirat(LibC.AT_FDCWD, addr, DIR_MODE) != 0) {
        throw NativeError.io("mkdir", chunks.resolve(name), LibC.errno());
      }
    }
  }
}
