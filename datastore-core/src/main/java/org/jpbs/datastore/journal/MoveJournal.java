package org.jpbs.datastore.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.lock.LockDirectory;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockMode;

/**
 * The move journal of one datastore (PBS 4.1.9 {@code move_journal.rs}, spec pbs-s3 §7.2): the file
 * {@code move-journal} at the root of the datastore's lock tree, one absolute index path per line,
 * appended before every snapshot rename and drained by the GC after its hierarchy pass, both under
 * an exclusive {@code flock} on the file itself. See the package documentation for where it lives
 * and why nothing is lost.
 *
 * <p>Thread-safe and cross-process: every call takes the flock on its own descriptor.
 */
public final class MoveJournal {
  /** File name, as PBS's; directly in the lock tree's root. */
  public static final String FILE_NAME = "move-journal";

  /** How long an append waits for the journal lock (PBS {@code APPEND_LOCK_TIMEOUT}). */
  public static final Duration APPEND_LOCK_TIMEOUT = Duration.ofSeconds(10);

  /** How long a drain waits for the journal lock (PBS {@code DRAIN_LOCK_TIMEOUT}). */
  public static final Duration DRAIN_LOCK_TIMEOUT = Duration.ofSeconds(10);

  private final LockDirectory locks;
  private final Path file;
  private final boolean enabled;

  private MoveJournal(LockDirectory locks, boolean enabled) {
    this.locks = locks;
    this.file = locks.base().resolve(FILE_NAME);
    this.enabled = enabled;
  }

  /** The journal of {@code datastore}: {@code <lock tree>/move-journal}. */
  public static MoveJournal of(Datastore datastore) {
    return new MoveJournal(LockDirectory.at(datastore.lockDir()), true);
  }

  /**
   * A journal whose appends write nothing. Tests only, to show the race the journal closes; a move
   * through it is unsafe while a GC marks.
   */
  public static MoveJournal disabledForTests(Datastore datastore) {
    return new MoveJournal(LockDirectory.at(datastore.lockDir()), false);
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /**
   * Appends {@code indexPaths} (one line each, one write) under the exclusive journal lock, waiting
   * up to {@link #APPEND_LOCK_TIMEOUT}; an empty list is a no-op. Every path is checked (absolute,
   * valid UTF-8, no newline or NUL) before the lock is taken.
   *
   * @throws IllegalArgumentException naming the bad path
   * @throws org.jpbs.datastore.lock.LockedException if a drain holds the journal for the whole wait
   */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  public void append(List<Path> indexPaths) throws IOException {
    Objects.requireNonNull(indexPaths, "indexPaths");
    if (indexPaths.isEmpty() || !enabled) {
      return;
    }
    ByteBuffer bytes = encode(indexPaths);
    try (LockGuard held = lock(LockMode.EXCLUSIVE, APPEND_LOCK_TIMEOUT);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
    }
  }

  /** What a drain does with the journaled paths while it holds the journal lock. */
  @FunctionalInterface
  public interface Consumer {
    /**
     * Marks every index the {@code entries} name (a vanished one is skipped). Returning normally
     * lets the drain truncate the journal; throwing keeps every entry for the next drain.
     */
    void accept(List<Path> entries) throws IOException, InterruptedException;
  }

  /**
   * The GC's drain: under the exclusive journal lock (waiting up to {@link #DRAIN_LOCK_TIMEOUT})
   * reads every entry, hands them to {@code consumer} and, if it returns normally and {@code
   * truncate} is set, empties the journal; the lock is held throughout, so no append (and hence no
   * journaled rename) happens between reading and truncating.
   *
   * @param truncate false for a run that must change nothing (a dry run)
   * @return the entries handed to {@code consumer}
   * @throws JournalFormatException if a line is not an absolute path (nothing truncated)
   */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  public List<Path> drain(boolean truncate, Consumer consumer)
      throws IOException, InterruptedException {
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      // a namespace named "move-journal" owns this path in the lock tree (PBS has the same clash):
      // no append can have succeeded, so there is nothing to drain
      return List.of();
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      // no move ever appended: nothing to drain, and nothing created (a full or read-only disk).
      // An append that creates it now comes after the hierarchy pass, and so does its rename
      return List.of();
    }
    try (LockGuard held =
        lock(truncate ? LockMode.EXCLUSIVE : LockMode.SHARED, DRAIN_LOCK_TIMEOUT)) {
      List<Path> entries = read();
      consumer.accept(entries);
      if (truncate && !entries.isEmpty()) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(0);
        }
      }
      return entries;
    }
  }

  /** The journaled entries, read without the lock (diagnostics and tests). */
  public List<Path> read() throws IOException {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return List.of();
    }
    String text = decode(raw);
    List<Path> out = new ArrayList<>();
    int start = 0;
    int lineNo = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lineNo++;
      String line = text.substring(start, nl).trim();
      start = nl + 1;
      if (line.isEmpty()) {
        continue;
      }
      Path p = Path.of(line);
      if (!p.isAbsolute() || line.indexOf('\0') >= 0) {
        throw new JournalFormatException(file, lineNo, "not an absolute path: '" + line + "'");
      }
      out.add(p);
    }
    // an unterminated last line is the torn write of an appender killed before its rename: ignored
    return out;
  }

  private LockGuard lock(LockMode mode, Duration wait) throws IOException {
    return locks.acquire(file, mode, wait, "move journal " + file);
  }

  private String decode(byte[] raw) throws JournalFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new JournalFormatException(file, 0, "not UTF-8");
    }
  }

  private static ByteBuffer encode(List<Path> paths) {
    StringBuilder sb = new StringBuilder();
    for (Path p : paths) {
      String s = p.toString();
      if (!p.isAbsolute() || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "move journal entries must be absolute paths without newline or NUL: '" + s + "'");
      }
      sb.append(s).append('\n');
    }
    try {
      return StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(sb));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("move journal entries must be valid UTF-8: " + paths, e);
    }
  }
}
