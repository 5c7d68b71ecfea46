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
 * descendants down to {@code maxDepth}, in listing order, each planned and executed on its own.
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
     * @return one report per group, in listing order
     * @throws IOException if a namespace or group listing fails (per-snapshot removal failures
     *     are in the reports instead); groups already pruned stay pruned
     */
    public List<PruneReport> pruneNamespace(Datastore store, BackupNamespace ns, int maxDepth, boolean dryRun)
            throws IOException {
        List<PruneReport> out = new ArrayList<>();
        Iterator<Listed<BackupNamespace>> namespaces = store.iterateNamespaces(ns, maxDepth);
        while (namespaces.hasNext()) {
            BackupNamespace current = namespaces.next().get();
            Iterator<Listed<BackupGroup>> groups = store.iterateGroups(current);
            while (groups.hasNext()) {
                out.add(prune(groups.next().get(), dryRun));
            }
        }
        return out;
    }
}
