package org.jpbs.datastore.prune;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.Listed;

/**
 * The PBS prune job over a namespace subtree (spec §5.3): every group of {@code ns} and of its
 * descendants down to {@code maxDepth}, in a stable order an operator can follow: namespaces
 * depth-first with siblings sorted by name, the groups of each namespace in PBS's group order
 * ({@link BackupGroup#PBS_ORDER}); each group is planned and executed on its own.
 */
public final class Pruner {
  private final KeepOptions options;
  private final ZoneId zone;

  /**
   * Creates a pruner.
   *
   * @param options keep options (none set ⇒ nothing is removed)
   * @param zone time zone of the period boundaries
   */
  public Pruner(KeepOptions options, ZoneId zone) {
    this.options = Objects.requireNonNull(options, "options");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** Plans and applies prune to one group. */
  public PruneReport prune(BackupGroup group, boolean dryRun) throws IOException {
    return PrunePlan.compute(group, options, zone).execute(dryRun);
  }

  /**
   * Prunes every group below {@code ns} (inclusive) down to {@code maxDepth} levels.
   *
   * @return one report per group, in the order above
   * @throws IOException if a namespace or group listing fails (per-snapshot removal failures are in
   *     the reports instead); groups already pruned stay pruned
   */
  public List<PruneReport> pruneNamespace(
      Datastore store, BackupNamespace ns, int maxDepth, boolean dryRun) throws IOException {
    List<PruneReport> out = new ArrayList<>();
    List<BackupNamespace> namespaces = new ArrayList<>(store.listNamespaces(ns, maxDepth));
    namespaces.sort(Pruner::compareNamespaces);
    for (BackupNamespace current : namespaces) {
      List<BackupGroup> groups = new ArrayList<>();
      Iterator<Listed<BackupGroup>> listed = store.iterateGroups(current);
      while (listed.hasNext()) {
        groups.add(listed.next().get());
      }
      groups.sort(BackupGroup.PBS_ORDER);
      for (BackupGroup g : groups) {
        out.add(prune(g, dryRun));
      }
    }
    return out;
  }

  /** Depth-first order: component by component, a parent before its children. */
  static int compareNamespaces(BackupNamespace a, BackupNamespace b) {
    List<String> x = a.components();
    List<String> y = b.components();
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = x.get(i).compareTo(y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }
}
