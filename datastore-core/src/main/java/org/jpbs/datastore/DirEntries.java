package org.jpbs.datastore;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * One directory read in readdir order, each entry typed with {@code lstat} (Java has no {@code
 * d_type}; lstat gives the same answer and never follows a symlink).
 */
final class DirEntries {
  /** Entry kinds the listings distinguish. */
  enum Kind {
    DIRECTORY,
    REGULAR_FILE,
    OTHER,
    VANISHED
  }

  /** A named entry and its type at read time. */
  record Entry(Path path, String name, Kind kind) {}

  private DirEntries() {}

  /** Reads {@code dir} completely; directory read errors propagate (unwrapped). */
  static List<Entry> read(Path dir) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        out.add(new Entry(p, p.getFileName().toString(), kindOf(p)));
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    return out;
  }

  static Kind kindOf(Path p) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Kind.VANISHED;
    }
    if (a.isDirectory()) {
      return Kind.DIRECTORY;
    }
    return a.isRegularFile() ? Kind.REGULAR_FILE : Kind.OTHER;
  }
}
