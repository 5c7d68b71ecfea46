package org.jpbs.datastore;

import java.util.Objects;
import java.util.Optional;

/**
 * Backup type and its directory name; declaration order is PBS's sort order ({@code
 * BackupType::order}: ct &lt; host &lt; vm), so {@link #compareTo} sorts like PBS.
 */
public enum BackupType {
  /** Container backups ({@code ct}). */
  CT("ct"),
  /** Host (file-level) backups ({@code host}). */
  HOST("host"),
  /** Virtual machine backups ({@code vm}). */
  VM("vm");

  private final String dirName;

  BackupType(String dirName) {
    this.dirName = dirName;
  }

  /** Returns the directory name ({@code vm}, {@code ct}, {@code host}). */
  public String dirName() {
    return dirName;
  }

  /** Parses a directory name; BACKUP_TYPE_RE = {@code (?:host|vm|ct)}, case-sensitive. */
  public static BackupType parse(String name) {
    return fromDirName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "invalid backup type '"
                        + BackupNamespace.printable(String.valueOf(name))
                        + "': must be one of vm, ct, host"));
  }

  /** Returns the type with this directory name, or empty. */
  public static Optional<BackupType> fromDirName(String name) {
    Objects.requireNonNull(name, "name");
    for (BackupType t : values()) {
      if (t.dirName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return dirName;
  }
}
