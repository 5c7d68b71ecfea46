package org.jpbs.datastore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockMode;
import org.jpbs.datastore.lock.LockedException;

/**
 * A backup group {@code <ns>/<type>/<id>}: owner, notes, its snapshots, the group lock and group
 * destruction (spec §1.6). The id is validated against BACKUP_ID_RE on construction.
 */
public final class BackupGroup {
  /** Owner file name. */
  public static final String OWNER_FILE = "owner";

  /** Group notes file name. */
  public static final String NOTES_FILE = "notes";

  /**
   * PBS {@code BackupGroup::cmp}: type order, then ids numerically if both are u64, a numeric id
   * before a non-numeric one, else byte-wise. Ignores the namespace and the datastore.
   */
  public static final Comparator<BackupGroup> PBS_ORDER =
      (a, b) -> {
        int t = a.type.compareTo(b.type);
        if (t != 0) {
          return t;
        }
        Long x = parseU64(a.id);
        Long y = parseU64(b.id);
        if (x != null && y != null) {
          return Long.compareUnsigned(x, y);
        }
        if (x != null) {
          return -1;
        }
        if (y != null) {
          return 1;
        }
        return compareBytes(a.id, b.id);
      };

  private final Datastore store;
  private final BackupNamespace ns;
  private final BackupType type;
  private final String id;

  BackupGroup(Datastore store, BackupNamespace ns, BackupType type, String id) {
    this.store = Objects.requireNonNull(store, "store");
    this.ns = Objects.requireNonNull(ns, "ns");
    this.type = Objects.requireNonNull(type, "type");
    BackupNames.checkId(id);
    this.id = id;
  }

  /** Returns the datastore. */
  public Datastore datastore() {
    return store;
  }

  /** Returns the namespace. */
  public BackupNamespace namespace() {
    return ns;
  }

  /** Returns the backup type. */
  public BackupType type() {
    return type;
  }

  /** Returns the backup id. */
  public String id() {
    return id;
  }

  /** Returns {@code <ns-path>/<type>/<id>} relative to the datastore base. */
  public String relativePath() {
    String g = type.dirName() + '/' + id;
    return ns.isRoot() ? g : ns.path() + '/' + g;
  }

  /** Returns the absolute group directory. */
  public Path fullPath() {
    return store.namespacePath(ns).resolve(type.dirName()).resolve(id);
  }

  /** Returns whether the group directory exists (it may hold no snapshots). */
  public boolean exists() {
    return Files.isDirectory(fullPath(), LinkOption.NOFOLLOW_LINKS);
  }

  /** Returns the snapshot with this RFC 3339 UTC directory name (validated; need not exist). */
  public BackupDir snapshot(String time) {
    return new BackupDir(this, time);
  }

  /** Returns the snapshot taken at {@code epochSeconds} (≥ 1). */
  public BackupDir snapshot(long epochSeconds) {
    return new BackupDir(this, BackupDir.formatTime(epochSeconds));
  }

  /**
   * PBS {@code list_backups}: every directory (lstat, symlinks excluded) whose name matches the
   * time regex, in readdir order, each with its file list captured now.
   *
   * @throws NoSuchFileException if the group or a listed snapshot vanished meanwhile
   * @throws InvalidBackupNameException if a name matches the regex but is not a valid time
   */
  public List<SnapshotInfo> listSnapshots() throws IOException {
    return SnapshotListing.list(this, false);
  }

  /**
   * {@link #listSnapshots()}, except that a snapshot removed while it is listed (a concurrent
   * forget or prune, which lock the snapshot, not the group) is left out instead of failing the
   * listing. For a backup choosing its base under the group lock: another snapshot going away is no
   * reason to fail, and the base it picks is re-checked when the backup finishes.
   *
   * @throws NoSuchFileException if the group itself vanished
   */
  public List<SnapshotInfo> listPresentSnapshots() throws IOException {
    return SnapshotListing.list(this, true);
  }

  /** Returns the owner path. */
  public Path ownerPath() {
    return fullPath().resolve(OWNER_FILE);
  }

  /** Returns the notes path. */
  public Path notesPath() {
    return fullPath().resolve(NOTES_FILE);
  }

  /** Returns the owner's Auth-ID: the first line of the owner file, trailing whitespace trimmed. */
  public String owner() throws IOException {
    try (BufferedReader r = Files.newBufferedReader(ownerPath(), StandardCharsets.UTF_8)) {
      String line = r.readLine();
      return line == null ? "" : line.stripTrailing();
    }
  }

  /**
   * Writes {@code authId + "\n"} to the owner file: create-new unless {@code force} (which
   * truncates an existing file).
   *
   * @throws FileAlreadyExistsException if an owner exists and {@code force} is false
   */
  public void setOwner(String authId, boolean force) throws IOException {
    BackupNames.checkAuthId(authId);
    byte[] line = (authId + "\n").getBytes(StandardCharsets.UTF_8);
    if (store.metadata().isRemote()) { // PBS: the object first, then the local file
      if (!force && Files.exists(ownerPath(), LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(ownerPath().toString());
      }
      store.metadata().put(relativePath() + '/' + OWNER_FILE, line);
    }
    StandardOpenOption mode =
        force ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW;
    try (OutputStream out =
        force
            ? Files.newOutputStream(
                ownerPath(), StandardOpenOption.CREATE, mode, StandardOpenOption.WRITE)
            : Files.newOutputStream(ownerPath(), mode, StandardOpenOption.WRITE)) {
      out.write(line);
    }
  }

  /**
   * Creates the group directory (and the namespace's type directory) and writes the owner with
   * create-new semantics, under the group lock; an existing group keeps its owner.
   *
   * @return the group's owner after the call
   */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  public String create(String authId) throws IOException {
    if (!ns.isRoot() && !store.namespaceExists(ns)) {
      throw new NoSuchFileException(
          store.namespacePath(ns).toString(), null, "namespace does not exist");
    }
    try (LockGuard held = lock()) {
      return createLocked(held, authId);
    }
  }

  /**
   * As {@link #create(String)} for a caller that already holds this group's lock ({@link #lock()}).
   * The owner is validated before anything is created; a group directory this call created is
   * removed again if writing its owner fails (e.g. a full disk).
   *
   * @return the group's owner after the call
   * @throws IllegalArgumentException if {@code authId} is not a valid Auth-ID or {@code held} is
   *     not this group's held lock
   */
  public String createLocked(LockGuard held, String authId) throws IOException {
    requireHeld(held);
    BackupNames.checkAuthId(authId);
    if (!ns.isRoot() && !store.namespaceExists(ns)) {
      throw new NoSuchFileException(
          store.namespacePath(ns).toString(), null, "namespace does not exist");
    }
    boolean existed = exists();
    Files.createDirectories(fullPath());
    try {
      setOwner(authId, false);
    } catch (FileAlreadyExistsException e) {
      // existing group: keep the first owner
    } catch (IOException | RuntimeException e) {
      if (!existed) {
        try {
          removeGroupDirLocked();
        } catch (IOException | RuntimeException r) {
          e.addSuppressed(r);
        }
      }
      throw e;
    }
    return owner();
  }

  /**
   * Removes the group if it holds no snapshot (only owner and notes); the caller holds its lock.
   */
  public boolean removeIfEmptyLocked(LockGuard held) throws IOException {
    requireHeld(held);
    return exists() && listSnapshots().isEmpty() && removeGroupDirLocked();
  }

  private void requireHeld(LockGuard held) {
    if (held == null
        || !held.isHeld()
        || held.mode() != LockMode.EXCLUSIVE
        || !held.lockFile().equals(lockFile().toAbsolutePath())) {
      throw new IllegalArgumentException(
          "the lock of backup group " + relativePath() + " is not held");
    }
  }

  /** Takes the group lock exclusively, without waiting. */
  public LockGuard lock() throws IOException {
    return lock(Duration.ZERO);
  }

  /** Takes the group lock exclusively, waiting up to {@code wait}. */
  public LockGuard lock(Duration wait) throws IOException {
    return store
        .locks()
        .acquire(lockFile(), LockMode.EXCLUSIVE, wait, "backup group " + relativePath());
  }

  /** Returns this group's lock file. */
  public Path lockFile() {
    return store.locks().lockFile(ns.components(), type.dirName() + '/' + id);
  }

  /**
   * Destroys the group under its exclusive lock: every unprotected snapshot via {@link
   * BackupDir#destroy(boolean) destroy(false)}, then, if none is left, the notes, owner, directory
   * and lock file.
   *
   * @throws LockedException if the group or one of its snapshots is in use
   */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  public DestroyStats destroy() throws IOException {
    try (LockGuard ignored = lock()) {
      int removed = 0;
      int kept = 0;
      for (SnapshotInfo s : listSnapshots()) {
        if (s.dir().isProtected()) {
          kept++;
          continue;
        }
        s.dir().destroy(false);
        removed++;
      }
      boolean groupRemoved = kept == 0 && removeGroupDirLocked();
      return new DestroyStats(removed, kept, groupRemoved);
    }
  }

  /**
   * After a snapshot removal: if the group lock is free and no snapshot is left, removes the group.
   * A busy group is left alone (its holder cleans up), as in PBS.
   */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  void removeIfEmpty() throws IOException {
    try (LockGuard ignored = lock()) {
      if (exists() && listSnapshots().isEmpty()) {
        removeGroupDirLocked();
      }
    } catch (LockedException busy) {
      // in use by a backup or by a caller destroying the whole group
    }
  }

  /**
   * Removes notes, owner, the directory and the lock file; caller holds the group lock and has seen
   * no snapshot. Stricter than PBS: a group directory holding anything besides owner and notes is
   * left untouched (owner included), so a stray entry never costs the owner file.
   */
  private boolean removeGroupDirLocked() throws IOException {
    Path dir = fullPath();
    for (DirEntries.Entry e : DirEntries.read(dir)) {
      if (!e.name().equals(OWNER_FILE) && !e.name().equals(NOTES_FILE)) {
        return false;
      }
    }
    store.metadata().delete(relativePath() + '/' + NOTES_FILE); // PBS keeps an orphan: not here
    store.metadata().delete(relativePath() + '/' + OWNER_FILE);
    Files.deleteIfExists(notesPath());
    Files.deleteIfExists(ownerPath());
    try {
      Files.delete(dir);
    } catch (DirectoryNotEmptyException e) {
      return false;
    }
    store.locks().deleteLockFile(lockFile());
    return true;
  }

  private static Long parseU64(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int compareBytes(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.compareUnsigned(x, y);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BackupGroup)) {
      return false;
    }
    BackupGroup g = (BackupGroup) o;
    return g.store.equals(store) && g.ns.equals(ns) && g.type == type && g.id.equals(id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ns, type, id);
  }

  /**
   * Returns {@code [ns/]type/id} in the API form (namespace {@code a/b}, not {@code ns/a/ns/b}).
   */
  @Override
  public String toString() {
    return ns.isRoot() ? type.dirName() + '/' + id : ns + ":" + type.dirName() + '/' + id;
  }

  /**
   * Result of {@link #destroy()}.
   *
   * @param removedSnapshots snapshots deleted
   * @param protectedSnapshots protected snapshots left in place
   * @param groupRemoved whether the group directory is gone
   */
  public record DestroyStats(int removedSnapshots, int protectedSnapshots, boolean groupRemoved) {}
}
