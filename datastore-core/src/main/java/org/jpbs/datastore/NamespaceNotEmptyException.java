package org.jpbs.datastore;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;

/** A namespace to remove holds backup groups and the caller did not ask to delete them. */
public final class NamespaceNotEmptyException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  private final transient BackupNamespace namespace;
  private final List<String> groups;

  /**
   * @param dir the namespace directory
   * @param namespace the namespace
   * @param groups the groups found in it and below it ({@code [ns/NS/]type/id})
   */
  public NamespaceNotEmptyException(Path dir, BackupNamespace namespace, List<String> groups) {
    super(
        dir.toString(),
        null,
        "namespace '"
            + namespace
            + "' is not empty: "
            + groups.size()
            + (groups.size() == 1 ? " group (" : " groups (")
            + String.join(", ", groups.subList(0, Math.min(5, groups.size())))
            + (groups.size() > 5 ? ", …)" : ")"));
    this.namespace = namespace;
    this.groups = List.copyOf(groups);
  }

  /** Returns the namespace. */
  public BackupNamespace namespace() {
    return namespace;
  }

  /** Returns the groups found ({@code [ns/NS/]type/id}). */
  public List<String> groups() {
    return groups;
  }
}
