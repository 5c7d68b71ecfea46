package org.jpbs.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jpbs.datastore.lock.LockDirectory;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockMode;

/**
 * A snapshot directory {@code <group>/<YYYY-MM-DDTHH:MM:SSZ>} (PBS {@code BackupDir}): its files,
 * protection marker, locks and destruction (spec §1.7, §5.3).
 */
public final class BackupDir {
  /** BACKUP_TIME_RE. */
  static final Pattern BACKUP_TIME =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

  /** BACKUP_FILE_REGEX = {@code ^.*\.([fd]idx|blob)$} ('.' excludes only '\n', as in Rust). */
  static final Pattern BACKUP_FILE = Pattern.compile("^.*\\.([fd]idx|blob)$", Pattern.UNIX_LINES);

  /** The manifest; a snapshot is finished iff it is in the file list. */
  public static final String MANIFEST_BLOB_NAME = "index.json.blob";

  /** The client log blob (kept by {@code cleanup_unreferenced_files}). */
  public static final String CLIENT_LOG_BLOB_NAME = "client.log.blob";

  /** The protection marker. */
  public static final String PROTECTED_MARKER = ".protected";

  /** The manifest lock wait of PBS {@code lock_manifest}. */
  public static final Duration MANIFEST_LOCK_WAIT = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(BackupDir.class.getName());
  private static final DateTimeFormatter RFC3339_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
          .withResolverStyle(ResolverStyle.STRICT);

  private final BackupGroup group;
  private final String time;
  private final long epoch;

  BackupDir(BackupGroup group, String time) {
    this.group = Objects.requireNonNull(group, "group");
    this.epoch = parseTime(time);
    this.time = time;
  }

  /**
   * Parses a snapshot directory name (BACKUP_TIME_RE, a real UTC date and time) to epoch seconds.
   *
   * @throws IllegalArgumentException naming the bad string
   */
  public static long parseTime(String time) {
    Objects.requireNonNull(time, "backup time");
    if (!BACKUP_TIME.matcher(time).matches()) {
      throw new IllegalArgumentException(
          "invalid backup time '"
              + BackupNamespace.printable(time)
              + "': must be YYYY-MM-DDTHH:MM:SSZ");
    }
    try {
      return LocalDateTime.parse(time, RFC3339_UTC).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid backup time '" + time + "': " + e.getMessage(), e);
    }
  }

  /** Formats epoch seconds (≥ 1, years up to 9999) as the snapshot directory name. */
  public static String formatTime(long epochSeconds) {
    if (epochSeconds < 1 || epochSeconds > 253402300799L) {
      throw new IllegalArgumentException("backup time out of range: " + epochSeconds);
    }
    return RFC3339_UTC.format(LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC));
  }

  /** Returns the group. */
  public BackupGroup group() {
    return group;
  }

  /** Returns the namespace. */
  public BackupNamespace namespace() {
    return group.namespace();
  }

  /** Returns the backup time in epoch seconds. */
  public long backupTime() {
    return epoch;
  }

  /** Returns the backup time as an instant. */
  public Instant instant() {
    return Instant.ofEpochSecond(epoch);
  }

  /** Returns the directory name ({@code YYYY-MM-DDTHH:MM:SSZ}). */
  public String backupTimeString() {
    return time;
  }

  /** Returns {@code <ns-path>/<type>/<id>/<time>} relative to the datastore base. */
  public String relativePath() {
    return group.relativePath() + '/' + time;
  }

  /** Returns the absolute snapshot directory. */
  public Path fullPath() {
    return group.fullPath().resolve(time);
  }

  /** Returns whether the snapshot directory exists (lstat). */
  public boolean exists() {
    return Files.isDirectory(fullPath(), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Returns the path of an archive in this snapshot; the name must match BACKUP_FILE_REGEX and be a
   * single file name (no '/', NUL, '\n', at most 255 bytes).
   */
  public Path archivePath(String name) {
    checkArchiveName(name);
    return fullPath().resolve(name);
  }

  static void checkArchiveName(String name) {
    Objects.requireNonNull(name, "archive name");
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || !BACKUP_FILE.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid archive name '"
              + BackupNamespace.printable(name)
              + "': must be a file name matching "
              + BACKUP_FILE.pattern());
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > BackupNamespace.NAME_MAX) {
      throw new IllegalArgumentException("archive name too long: '" + name + "'");
    }
  }

  /** Returns the {@code .protected} marker path. */
  public Path protectedMarker() {
    return fullPath().resolve(PROTECTED_MARKER);
  }

  /** Returns whether a {@code .protected} entry exists (any type, not followed). */
  public boolean isProtected() {
    return Files.exists(protectedMarker(), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Lists the snapshot: regular files matching BACKUP_FILE_REGEX (readdir order) and whether a
   * {@code .protected} entry exists, from one directory scan (PBS ≥ 3.4.2).
   */
  public SnapshotInfo info() throws IOException {
    List<String> files = new ArrayList<>();
    boolean prot = false;
    for (DirEntries.Entry e : DirEntries.read(fullPath())) {
      if (e.name().equals(PROTECTED_MARKER)) {
        prot = e.kind() != DirEntries.Kind.VANISHED;
      } else if (e.kind() == DirEntries.Kind.REGULAR_FILE
          && BACKUP_FILE.matcher(e.name()).matches()) {
        files.add(e.name());
      }
    }
    return new SnapshotInfo(this, files, prot);
  }

  /** Takes the snapshot lock exclusively, without waiting. */
  public LockGuard lock() throws IOException {
    return lock(LockMode.EXCLUSIVE, Duration.ZERO);
  }

  /** Takes the snapshot lock shared, without waiting. */
  public LockGuard lockShared() throws IOException {
    return lock(LockMode.SHARED, Duration.ZERO);
  }

  /** Takes the snapshot lock in {@code mode}, waiting up to {@code wait}. */
  public LockGuard lock(LockMode mode, Duration wait) throws IOException {
    return group.datastore().locks().acquire(lockFile(), mode, wait, "snapshot " + relativePath());
  }

  /** Takes the manifest lock (exclusive), waiting up to {@link #MANIFEST_LOCK_WAIT}. */
  public LockGuard lockManifest() throws IOException {
    return lockManifest(MANIFEST_LOCK_WAIT);
  }

  /** Takes the manifest lock (exclusive), waiting up to {@code wait}. */
  public LockGuard lockManifest(Duration wait) throws IOException {
    return group
        .datastore()
        .locks()
        .acquire(
            manifestLockFile(), LockMode.EXCLUSIVE, wait, "manifest of snapshot " + relativePath());
  }

  /** Returns this snapshot's lock file. */
  public Path lockFile() {
    return locks().lockFile(namespace().components(), typeIdTime());
  }

  /** Returns this snapshot's manifest lock file. */
  public Path manifestLockFile() {
    return locks()
        .lockFile(namespace().components(), typeIdTime() + '/' + LockDirectory.MANIFEST_LOCK_NAME);
  }

  private String typeIdTime() {
    return group.type().dirName() + '/' + group.id() + '/' + time;
  }

  private LockDirectory locks() {
    return group.datastore().locks();
  }

  /** Creates the snapshot directory; the group directory must exist and the snapshot must not. */
  public void create() throws IOException {
    Files.createDirectory(fullPath());
  }

  /** Sets or clears the {@code .protected} marker under the exclusive snapshot lock. */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  public void setProtected(boolean protect) throws IOException {
    try (LockGuard ignored = lock()) {
      if (!exists()) {
        throw new NoSuchFileException(fullPath().toString(), null, "snapshot does not exist");
      }
      String rel = relativePath() + '/' + PROTECTED_MARKER;
      if (protect) {
        createProtectedMarker();
        group.datastore().metadata().putIfAbsent(rel, new byte[0]); // PBS: local first
      } else if (Files.deleteIfExists(protectedMarker())) {
        try {
          group.datastore().metadata().delete(rel);
        } catch (IOException | RuntimeException e) {
          createProtectedMarker(); // as PBS: a failed DELETE keeps the snapshot protected
          throw e;
        }
      }
    }
  }

  private void createProtectedMarker() throws IOException {
    Files.newOutputStream(
            protectedMarker(),
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)
        .close();
  }

  /**
   * Forgets this snapshot (PBS {@code BackupDir::destroy}): exclusive snapshot lock (no wait) and
   * manifest lock (5 s) unless {@code force}; refuse if protected; tell the removal listeners;
   * delete the directory; delete the lock files; then remove the group if it is now empty and its
   * lock is free.
   *
   * @param force skip both locks (the caller holds them or accepts the risk)
   * @throws org.jpbs.datastore.lock.LockedException if the snapshot is in use
   * @throws ProtectedSnapshotException if the snapshot is protected (nothing deleted)
   * @throws RemovalAbortedException if a listener vetoed (nothing deleted)
   */
  public void destroy(boolean force) throws IOException {
    LockGuard snapshotLock = null;
    LockGuard manifestLock = null;
    try {
      if (!force) {
        snapshotLock = lock();
        manifestLock = lockManifest();
      }
      if (!exists()) {
        throw new NoSuchFileException(fullPath().toString(), null, "snapshot does not exist");
      }
      if (isProtected()) {
        throw new ProtectedSnapshotException(fullPath().toString());
      }
      group.datastore().beforeRemove(this, indexFiles());
      group.datastore().metadata().deleteTree(relativePath() + '/'); // PBS: objects first
      FileTrees.delete(fullPath());
      locks().deleteLockFile(manifestLockFile());
      locks().deleteLockFile(lockFile());
    } finally {
      if (manifestLock != null) {
        manifestLock.close();
      }
      if (snapshotLock != null) {
        snapshotLock.close();
      }
    }
    try {
      group.removeIfEmpty();
    } catch (IOException e) {
      // the snapshot is gone; a group that could not be tidied up is only cosmetic
      LOG.log(
          System.Logger.Level.WARNING,
          "snapshot "
              + this
              + " removed, but checking group "
              + group
              + " for removal failed: "
              + e.getMessage());
    }
  }

  private List<Path> indexFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    for (DirEntries.Entry e : DirEntries.read(fullPath())) {
      if (e.kind() == DirEntries.Kind.REGULAR_FILE && SnapshotInfo.isIndexName(e.name())) {
        out.add(e.path());
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackupDir
        && ((BackupDir) o).group.equals(group)
        && ((BackupDir) o).time.equals(time);
  }

  @Override
  public int hashCode() {
    return group.hashCode() * 31 + time.hashCode();
  }

  /** Returns {@code [ns:]type/id/time}. */
  @Override
  public String toString() {
    return group + "/" + time;
  }
}
