package org.jpbs.datastore.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.NamespaceNotEmptyException;
import org.jpbs.datastore.NamespaceRemoval;

/**
 * PBS remove-vanished for namespaces ({@code check_and_remove_vanished_ns}): target namespaces
 * below the target anchor, within the sync's depth, that no synced source namespace maps to are
 * removed, children first.
 *
 * <p>jpbs is stricter than PBS, which removes such a namespace with every group in it: here only
 * the groups the sync's owner owns are destroyed (as for vanished groups; protected snapshots
 * stay), and the namespace is removed only when it is then empty (no group, no child namespace). A
 * namespace holding another owner's group, a protected snapshot, or a group created meanwhile
 * stays, with one line saying why. Nothing is removed when the sync already failed somewhere: the
 * source listing that decides "vanished" must be trusted first.
 */
final class VanishedNamespaces {
  private final SyncContext ctx;
  private final Set<BackupNamespace> synced = new HashSet<>();
  private final Set<BackupNamespace> emptied = new HashSet<>(); // dry run: would be removed

  private VanishedNamespaces(SyncContext ctx, List<BackupNamespace> sourceNamespaces) {
    this.ctx = ctx;
    for (BackupNamespace ns : sourceNamespaces) {
      synced.add(ctx.options().map(ns));
    }
  }

  static void remove(SyncContext ctx, List<BackupNamespace> sourceNamespaces) {
    SyncOptions o = ctx.options();
    if (!o.removeVanished() || ctx.counters().failed()) {
      return;
    }
    Datastore dst = ctx.target().datastore();
    List<BackupNamespace> present;
    try {
      if (!dst.namespaceExists(o.targetNs())) {
        return;
      }
      present = new ArrayList<>(dst.listNamespaces(o.targetNs(), o.maxDepth()));
    } catch (IOException | RuntimeException e) {
      ctx.counters().fail("listing target namespaces below '" + o.targetNs() + "'", e);
      return;
    }
    present.sort(Comparator.comparingInt(BackupNamespace::depth).reversed());
    VanishedNamespaces v = new VanishedNamespaces(ctx, sourceNamespaces);
    for (BackupNamespace ns : present) {
      if (ns.isRoot() || ns.equals(o.targetNs()) || v.synced.contains(ns)) {
        continue;
      }
      try {
        v.removeOne(dst, ns);
      } catch (IOException | RuntimeException e) {
        ctx.counters().fail("removing vanished namespace '" + ns + "'", e);
      }
    }
  }

  private void removeOne(Datastore dst, BackupNamespace ns) throws IOException {
    SyncCounters c = ctx.counters();
    boolean empty = true;
    for (BackupGroup g : dst.listGroups(ns)) {
      if (!ctx.options().owner().equals(g.owner())) {
        keep(ns, "group " + g + " is owned by " + g.owner());
        empty = false;
        continue;
      }
      if (!DatastoreSync.removeGroup(ctx, g)) {
        keep(ns, "group " + g + " keeps protected snapshots");
        empty = false;
      }
    }
    if (!empty || !childrenGone(dst, ns)) {
      return;
    }
    if (ctx.options().dryRun()) {
      emptied.add(ns);
      c.namespacesRemoved.increment();
      ctx.listener().info("would remove vanished namespace '" + ns + "'");
      return;
    }
    NamespaceRemoval r;
    try {
      r = dst.removeNamespace(ns, false);
    } catch (NamespaceNotEmptyException e) {
      keep(ns, "a group was created meanwhile");
      return;
    }
    if (r.firstFailure().isPresent()) {
      throw r.firstFailure().get();
    }
    if (!r.removedNamespaces().contains(ns)) {
      keep(ns, "it is not empty (created meanwhile?)");
      return;
    }
    c.namespacesRemoved.increment();
    ctx.listener().info("removed vanished namespace '" + ns + "'");
  }

  /** True if every child namespace of {@code ns} is gone (dry run: would be gone). */
  private boolean childrenGone(Datastore dst, BackupNamespace ns) throws IOException {
    for (BackupNamespace child : dst.listNamespaces(ns, 1)) {
      if (!child.equals(ns) && !emptied.contains(child)) {
        keep(ns, "namespace '" + child + "' stays");
        return false;
      }
    }
    return true;
  }

  private void keep(BackupNamespace ns, String why) {
    ctx.listener().info("kept vanished namespace '" + ns + "': " + why);
  }
}
