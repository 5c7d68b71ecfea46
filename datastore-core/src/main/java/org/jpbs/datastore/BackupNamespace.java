package org.jpbs.datastore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A namespace: 0 to {@value #MAX_DEPTH} components, each a SAFE_ID, total length (components plus
 * separating slashes) at most {@value #MAX_LENGTH}; on disk {@code ns/c1/ns/c2/…} (spec §1.5).
 *
 * <p>Immutable value; every component is validated before it can reach a path, so {@code ..},
 * {@code /}, NUL, over-deep or over-long namespaces are rejected with {@link
 * IllegalArgumentException} naming the bad name.
 */
public final class BackupNamespace {
  /** {@code MAX_NAMESPACE_DEPTH}: components below the root. */
  public static final int MAX_DEPTH = 7;

  /** {@code MAX_BACKUP_NAMESPACE_LENGTH}: sum of component lengths plus separating slashes. */
  public static final int MAX_LENGTH = 256;

  /** Directory holding child namespaces. */
  public static final String NS_DIR = "ns";

  /** SAFE_ID = {@code (?:[A-Za-z0-9_][A-Za-z0-9._\-]*)}. */
  static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._\\-]*");

  /** Linux NAME_MAX: a longer component could never be a directory. */
  static final int NAME_MAX = 255;

  private static final BackupNamespace ROOT = new BackupNamespace(List.of());

  private final List<String> components;

  private BackupNamespace(List<String> components) {
    this.components = components;
  }

  /** Returns the root namespace (depth 0). */
  public static BackupNamespace root() {
    return ROOT;
  }

  /** Returns the namespace with these components, validated. */
  public static BackupNamespace of(String... components) {
    return of(List.of(components));
  }

  /** Returns the namespace with these components, validated. */
  public static BackupNamespace of(List<String> components) {
    BackupNamespace ns = ROOT;
    for (String c : components) {
      ns = ns.child(c);
    }
    return ns;
  }

  /** Parses the API form {@code a/b/c} ("" is the root). */
  public static BackupNamespace parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return ROOT;
    }
    return of(List.of(text.split("/", -1)));
  }

  /** Parses the on-disk relative form {@code ns/a/ns/b} ("" is the root). */
  public static BackupNamespace fromPath(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      return ROOT;
    }
    String[] parts = path.split("/", -1);
    if (parts.length % 2 != 0) {
      throw new IllegalArgumentException(
          "invalid namespace path '" + path + "': expected ns/<name> pairs");
    }
    BackupNamespace ns = ROOT;
    for (int i = 0; i < parts.length; i += 2) {
      if (!NS_DIR.equals(parts[i])) {
        throw new IllegalArgumentException(
            "invalid namespace path '" + path + "': part '" + parts[i] + "' is not 'ns'");
      }
      ns = ns.child(parts[i + 1]);
    }
    return ns;
  }

  /** Checks one component (SAFE_ID, at most NAME_MAX bytes). */
  static void checkComponent(String name) {
    Objects.requireNonNull(name, "namespace component");
    if (!SAFE_ID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid namespace component '" + printable(name) + "': must match " + SAFE_ID.pattern());
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
      throw new IllegalArgumentException(
          "namespace component too long ("
              + name.length()
              + " > "
              + NAME_MAX
              + "): '"
              + name
              + "'");
    }
  }

  /** Returns the child namespace {@code this/name}. */
  public BackupNamespace child(String name) {
    checkComponent(name);
    if (components.size() >= MAX_DEPTH) {
      throw new IllegalArgumentException(
          "namespace '" + this + "/" + name + "' is deeper than " + MAX_DEPTH + " levels");
    }
    int length = nameLength() + (components.isEmpty() ? 0 : 1) + name.length();
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "namespace '"
              + this
              + "/"
              + name
              + "' is longer than "
              + MAX_LENGTH
              + " characters ("
              + length
              + ")");
    }
    List<String> next = new ArrayList<>(components.size() + 1);
    next.addAll(components);
    next.add(name);
    return new BackupNamespace(Collections.unmodifiableList(next));
  }

  /** Returns the parent namespace, empty for the root. */
  public Optional<BackupNamespace> parent() {
    if (components.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new BackupNamespace(components.subList(0, components.size() - 1)));
  }

  /** Returns the components, root first (unmodifiable). */
  public List<String> components() {
    return components;
  }

  /** Returns the number of components (0 for the root). */
  public int depth() {
    return components.size();
  }

  /** Returns whether this is the root namespace. */
  public boolean isRoot() {
    return components.isEmpty();
  }

  /** Returns whether {@code other} is this namespace or below it. */
  public boolean contains(BackupNamespace other) {
    return other.components.size() >= components.size()
        && other.components.subList(0, components.size()).equals(components);
  }

  /** Returns the relative on-disk path {@code ns/a/ns/b} ("" for the root). */
  public String path() {
    StringBuilder sb = new StringBuilder();
    for (String c : components) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(NS_DIR).append('/').append(c);
    }
    return sb.toString();
  }

  private int nameLength() {
    int n = Math.max(0, components.size() - 1);
    for (String c : components) {
      n += c.length();
    }
    return n;
  }

  static String printable(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length() && i < 300; i++) {
      char ch = name.charAt(i);
      if (ch < 0x20 || ch == 0x7f) {
        sb.append(String.format("\\x%02x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return name.length() > 300 ? sb + "…" : sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackupNamespace && ((BackupNamespace) o).components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  /** Returns the API form {@code a/b} ("" for the root). */
  @Override
  public String toString() {
    return String.join("/", components);
  }
}
