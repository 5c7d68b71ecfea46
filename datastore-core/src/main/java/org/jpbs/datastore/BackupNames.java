package org.jpbs.datastore;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The PBS rules for backup ids and owners (Auth-IDs), checked before a name becomes a path or an
 * owner file; every message names the offending value in printable form.
 */
public final class BackupNames {
  /** BACKUP_ID_RE = {@code [A-Za-z0-9_][A-Za-z0-9._\-]*}. */
  static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._\\-]*");

  /**
   * Auth-ID: {@code user@realm} or {@code user@realm!token} (user: no whitespace, ':', '/',
   * controls).
   */
  static final Pattern AUTH_ID =
      Pattern.compile(
          "[^\\s:/\\p{Cntrl}]+@[A-Za-z0-9_][A-Za-z0-9._\\-]*(?:![A-Za-z0-9_][A-Za-z0-9._\\-]*)?");

  private BackupNames() {}

  /**
   * Checks a backup id (PBS BACKUP_ID, at most NAME_MAX bytes).
   *
   * @throws IllegalArgumentException naming the rule the id breaks
   */
  public static void checkId(String id) {
    Objects.requireNonNull(id, "backup id");
    if (!BACKUP_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "invalid backup id '"
              + BackupNamespace.printable(id)
              + "': must match "
              + BACKUP_ID.pattern());
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > BackupNamespace.NAME_MAX) {
      String shown = id.length() <= 40 ? id : id.substring(0, 40) + "...";
      throw new IllegalArgumentException(
          "backup id too long ("
              + id.length()
              + " > "
              + BackupNamespace.NAME_MAX
              + " bytes): '"
              + BackupNamespace.printable(shown)
              + "'");
    }
  }

  /**
   * Checks an Auth-ID ({@code user@realm} or {@code user@realm!token}).
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static void checkAuthId(String authId) {
    Objects.requireNonNull(authId, "authId");
    if (!AUTH_ID.matcher(authId).matches()) {
      throw new IllegalArgumentException(
          "invalid auth id '"
              + BackupNamespace.printable(authId)
              + "': expected USER@REALM or USER@REALM!TOKEN, e.g. root@pam");
    }
  }
}
