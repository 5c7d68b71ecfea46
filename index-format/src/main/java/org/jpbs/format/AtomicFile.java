package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic whole-file replacement with the semantics of proxmox-sys {@code replace_file} (spec §1.9).
 *
 * <p>Steps: build the temp name from the target by Rust {@code Path::set_extension("tmp_XXXXXX")}
 * and replace {@code XXXXXX} with 6 random {@code [A-Za-z0-9]} characters (as {@code mkostemp});
 * create it exclusively; set mode 0644 (as {@code fchmod}, not subject to the umask); write;
 * optionally fsync the file; rename onto the target; optionally fsync the directory. On any error
 * the temp file is unlinked and the target is untouched. Examples of temp names:
 *
 * <ul>
 *   <li>{@code index.json.blob} → {@code index.json.tmp_XXXXXX}
 *   <li>{@code .gc-status} → {@code .gc-status.tmp_XXXXXX} (a leading dot is part of the stem)
 *   <li>{@code <64 hex digest>} → {@code <digest>.tmp_XXXXXX}
 * </ul>
 *
 * Thread-safe (no shared state); concurrent replacements of one target are each atomic, the last
 * rename wins.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** The suffix {@code mkostemp} replaces. */
  static final String TEMPLATE_SUFFIX = "XXXXXX";

  /** The temp file extension template used by {@link #replace}. */
  public static final String TEMP_EXTENSION = "tmp_" + TEMPLATE_SUFFIX;

  private static final char[] TEMP_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int MAX_ATTEMPTS = 100;
  private static final Set<PosixFilePermission> MODE_0644 =
      PosixFilePermissions.fromString("rw-r--r--");

  /**
   * {@code path} with its extension replaced as Rust {@code Path::set_extension(ext)} does: the
   * stem is the file name up to its last dot, unless that dot is the first character (then the
   * whole name is the stem); {@code ext} is appended after a dot (nothing appended if empty).
   *
   * @throws IllegalArgumentException if the path has no file name or the name is {@code ..}
   */
  public static Path withExtension(Path path, String ext) {
    Path name = path.getFileName();
    if (name == null || name.toString().equals("..") || name.toString().equals(".")) {
      throw new IllegalArgumentException("path has no file name: " + path);
    }
    String n = name.toString();
    int dot = n.lastIndexOf('.');
    String stem = dot > 0 ? n.substring(0, dot) : n;
    String newName = ext.isEmpty() ? stem : stem + "." + ext;
    return path.resolveSibling(newName);
  }

  /** The temp name template for {@code target}: extension replaced by {@code tmp_XXXXXX}. */
  public static Path tempTemplate(Path target) {
    return withExtension(target, TEMP_EXTENSION);
  }

  /**
   * Atomically replaces {@code target} with {@code data} (mode 0644).
   *
   * @param fsync fsync the file before and its directory after the rename
   * @throws IOException if any step fails; the temp file is then removed and target is unchanged
   */
  public static void replace(Path target, byte[] data, boolean fsync) throws IOException {
    Objects.requireNonNull(data, "data");
    Path template = tempTemplate(target);
    String t = template.getFileName().toString();
    String prefix = t.substring(0, t.length() - TEMPLATE_SUFFIX.length());
    Path tmp = null;
    FileChannel ch = null;
    for (int attempt = 0; ch == null; attempt++) {
      tmp = template.resolveSibling(prefix + randomSuffix());
      try {
        ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
    boolean done = false;
    try {
      try (FileChannel c = ch) {
        setMode0644(tmp);
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          c.write(buf);
        }
        if (fsync) {
          c.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
    if (fsync) {
      fsyncDirectory(target.toAbsolutePath().getParent());
    }
  }

  /** Fsyncs a directory so that a rename inside it is durable (Linux; no-op where unsupported). */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (UnsupportedOperationException e) {
      // not supported on this file system
    }
  }

  /** Sets mode 0644 if the file system has POSIX permissions. */
  static void setMode0644(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, MODE_0644);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  private static String randomSuffix() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] c = new char[TEMPLATE_SUFFIX.length()];
    for (int i = 0; i < c.length; i++) {
      c[i] = TEMP_CHARS[r.nextInt(TEMP_CHARS.length)];
    }
    return new String(c);
  }
}
