package org.jpbs.datastore.prune;

/** PBS {@code PruneMark}: what prune decided for one snapshot. */
public enum PruneMark {
  /** Has a {@code .protected} marker; never removed, never uses a keep slot. */
  PROTECTED("protected"),
  /** Kept by a keep rule. */
  KEEP("keep"),
  /** The newest snapshot is unfinished and kept as such. */
  KEEP_PARTIAL("keep-partial"),
  /** To be removed. */
  REMOVE("remove");

  private final String label;

  PruneMark(String label) {
    this.label = label;
  }

  /** Returns whether the snapshot survives ({@code mark != REMOVE}). */
  public boolean keep() {
    return this != REMOVE;
  }

  /** Returns the PBS display name ({@code keep-partial} etc.). */
  public String label() {
    return label;
  }

  /** Parses a PBS display name. */
  public static PruneMark fromLabel(String label) {
    for (PruneMark m : values()) {
      if (m.label.equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown prune mark '" + label + "'");
  }

  @Override
  public String toString() {
    return label;
  }
}
