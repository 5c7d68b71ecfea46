package org.jpbs.datastore.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A move journal line that is not an absolute UTF-8 path. The drain that finds it truncates
 * nothing, so the GC fails until the file is fixed (no silent repair: a dropped line could be a
 * moved index).
 */
public final class JournalFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  JournalFormatException(Path file, int line, String detail) {
    super("move journal " + file + (line > 0 ? " line " + line : "") + ": " + detail);
    this.file = file;
  }

  /** The journal file. */
  public Path file() {
    return file;
  }
}
