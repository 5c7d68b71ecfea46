package org.jpbs.datastore;

import java.util.Objects;

/**
 * A parsed snapshot path {@code [ns/a/ns/b/]type/id/time} (PBS {@code parse_ns_and_snapshot}),
 * every part validated.
 *
 * @param namespace the namespace
 * @param type the backup type
 * @param id the backup id
 * @param time the RFC 3339 UTC directory name
 */
public record SnapshotPath(BackupNamespace namespace, BackupType type, String id, String time) {
  /** Validates every component. */
  public SnapshotPath {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(type, "type");
    BackupNames.checkId(id);
    BackupDir.parseTime(time);
  }

  /**
   * Parses {@code s}: the part before the third '/' from the right is a namespace path ({@code
   * ns/a/ns/b}), the rest {@code type/id/time}; without a third '/', all of it is {@code
   * type/id/time}.
   */
  public static SnapshotPath parse(String s) {
    Objects.requireNonNull(s, "path");
    int third = -1;
    int idx = s.length();
    for (int n = 0; n < 3; n++) {
      idx = s.lastIndexOf('/', idx - 1);
      if (idx < 0) {
        break;
      }
      if (n == 2) {
        third = idx;
      }
    }
    BackupNamespace ns = BackupNamespace.root();
    String rest = s;
    if (third >= 0) {
      String nsPart = s.substring(0, third);
      if (nsPart.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid snapshot path '" + s + "': empty namespace part");
      }
      ns = BackupNamespace.fromPath(nsPart);
      rest = s.substring(third + 1);
    }
    String[] p = rest.split("/", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException(
          "invalid snapshot path '" + BackupNamespace.printable(s) + "': expected type/id/time");
    }
    return new SnapshotPath(ns, BackupType.parse(p[0]), p[1], p[2]);
  }

  /** Returns {@code [ns-path/]type/id/time}. */
  public String relativePath() {
    String tail = type.dirName() + '/' + id + '/' + time;
    return namespace.isRoot() ? tail : namespace.path() + '/' + tail;
  }
}
