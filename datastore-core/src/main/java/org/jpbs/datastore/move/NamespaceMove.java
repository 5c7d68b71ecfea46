package org.jpbs.datastore.move;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.NamespaceNotEmptyException;
import org.jpbs.datastore.NamespaceRemoval;
import org.jpbs.datastore.journal.MoveJournal;

/**
 * PBS 4.1.10 {@code move_namespace} (spec pbs-s3 §7.4) on a filesystem or S3 datastore, with {@code
 * mv} semantics: {@code source} becomes {@code target}, {@code source/x} becomes {@code target/x}.
 *
 * <p>Checks (hard, nothing changed): source not the root, source ≠ target, source exists, the
 * target's parent exists, target not inside source, and the deepest moved namespace stays within
 * {@link BackupNamespace#MAX_DEPTH}. Then the missing target namespaces are created parents first,
 * every group is moved by {@link GroupMove} (soft failures retried once after the pass), and unless
 * the source is kept the source namespaces are removed deepest first — except those holding a group
 * that failed, or a child the move did not cover (beyond {@code maxDepth} or created meanwhile).
 * There is no namespace lock: concurrency control is per group, as in PBS; a source namespace that
 * vanishes during the move (a concurrent namespace move took it) is skipped with a warning, its
 * groups being wherever that move put them.
 */
public final class NamespaceMove {
  private NamespaceMove() {}

  /**
   * Result of a namespace move.
   *
   * @param source the source namespace
   * @param target the target namespace
   * @param groups one result per group, in move order (a retried group: its last attempt)
   * @param createdNamespaces target namespaces created, parents first
   * @param removedNamespaces source namespaces removed, deepest first
   * @param warnings non-fatal notes: every group's, and removed namespaces whose marker object
   *     could not be deleted
   */
  public record Result(
      BackupNamespace source,
      BackupNamespace target,
      List<GroupMoveResult> groups,
      List<BackupNamespace> createdNamespaces,
      List<BackupNamespace> removedNamespaces,
      List<String> warnings) {
    public Result {
      groups = List.copyOf(groups);
      createdNamespaces = List.copyOf(createdNamespaces);
      removedNamespaces = List.copyOf(removedNamespaces);
      warnings = List.copyOf(warnings);
    }

    /** Groups that could not be moved (they remain at the source). */
    public List<GroupMoveResult> failed() {
      return groups.stream().filter(g -> !g.ok()).toList();
    }
  }

  /**
   * Moves {@code source} to {@code target}.
   *
   * @param maxDepth levels below {@code source} to move (PBS default {@link
   *     BackupNamespace#MAX_DEPTH})
   * @param keepSource keep the (emptied) source namespaces (PBS {@code delete-source=false})
   * @param merge allow merging into existing target groups
   * @param dryRun check and list, change nothing
   * @throws MoveRefusedException if a namespace-level check fails (nothing changed)
   */
  public static Result run(
      Datastore store,
      BackupNamespace source,
      BackupNamespace target,
      int maxDepth,
      boolean keepSource,
      boolean merge,
      boolean dryRun,
      MoveJournal journal)
      throws IOException {
    return run(store, source, target, maxDepth, keepSource, merge, dryRun, journal, MoveProbe.NONE);
  }

  /** {@link #run} with a test probe. */
  static Result run(
      Datastore store,
      BackupNamespace source,
      BackupNamespace target,
      int maxDepth,
      boolean keepSource,
      boolean merge,
      boolean dryRun,
      MoveJournal journal,
      MoveProbe probe)
      throws IOException {
    Objects.requireNonNull(journal, "journal");
    List<BackupNamespace> attempted = check(store, source, target, maxDepth);
    List<BackupNamespace> created = new ArrayList<>();
    for (BackupNamespace ns : attempted) {
      BackupNamespace t = mapPrefix(ns, source, target);
      if (!store.namespaceExists(t)) {
        if (!dryRun) {
          store.createNamespace(t);
          probe.after("created namespace " + t);
        }
        created.add(t);
      }
    }
    List<GroupMoveResult> results = new ArrayList<>();
    List<Integer> deferred = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (BackupNamespace ns : attempted) {
      BackupNamespace t = mapPrefix(ns, source, target);
      List<BackupGroup> groups = groupsIfPresent(store, ns);
      if (groups == null) {
        warnings.add(
            "source namespace '" + ns + "' vanished during the move (moved or removed meanwhile)");
        continue;
      }
      for (BackupGroup g : groups) {
        GroupMoveResult r =
            dryRun && created.contains(t)
                ? GroupMove.plannedIntoNew(g, t)
                : dryRun
                    ? GroupMove.run(g, t, merge, true, journal)
                    : GroupMove.run(g, t, merge, journal, probe);
        if (r.softFailure()) {
          deferred.add(results.size());
        }
        results.add(r);
      }
    }
    for (int i : deferred) { // soft failures: once more, after the pass
      GroupMoveResult first = results.get(i);
      results.set(
          i, GroupMove.run(first.source(), first.target().namespace(), merge, journal, probe));
    }
    List<BackupNamespace> removed = new ArrayList<>();
    for (GroupMoveResult r : results) {
      warnings.addAll(r.warnings());
    }
    if (!keepSource && !dryRun) {
      removeSources(store, attempted, results, removed, warnings, probe);
    }
    return new Result(source, target, results, created, removed, warnings);
  }

  /**
   * The groups of {@code ns}, or null if the namespace vanished (a concurrent namespace move or
   * removal took it: there is no namespace lock, as in PBS).
   */
  private static List<BackupGroup> groupsIfPresent(Datastore store, BackupNamespace ns)
      throws IOException {
    try {
      return store.listGroups(ns);
    } catch (NoSuchFileException e) {
      if (store.namespaceExists(ns)) {
        throw e;
      }
      return null;
    }
  }

  /** PBS {@code check_move_namespace} and the depth check; returns the namespaces to move. */
  private static List<BackupNamespace> check(
      Datastore store, BackupNamespace source, BackupNamespace target, int maxDepth)
      throws IOException {
    if (source.isRoot()) {
      throw refused(source, target, "the root namespace cannot be moved");
    }
    if (source.equals(target)) {
      throw refused(source, target, "source and target are the same");
    }
    if (!store.namespaceExists(source)) {
      throw refused(source, target, "source namespace does not exist");
    }
    BackupNamespace parent = target.parent().orElse(BackupNamespace.root());
    if (!target.isRoot() && !store.namespaceExists(parent)) {
      throw refused(
          source, target, "parent namespace '" + parent + "' of the target does not exist");
    }
    if (source.contains(target)) {
      throw refused(source, target, "the target is inside the source");
    }
    if (maxDepth < 0 || maxDepth > BackupNamespace.MAX_DEPTH) {
      throw new IllegalArgumentException("max depth must be 0.." + BackupNamespace.MAX_DEPTH);
    }
    List<BackupNamespace> attempted;
    try {
      attempted = store.listNamespaces(source, maxDepth);
    } catch (NoSuchFileException e) {
      if (store.namespaceExists(source)) {
        throw e;
      }
      throw refused(source, target, "source namespace does not exist"); // moved meanwhile
    }
    int deepest = attempted.stream().mapToInt(BackupNamespace::depth).max().orElse(source.depth());
    if (deepest - source.depth() + target.depth() > BackupNamespace.MAX_DEPTH) {
      throw refused(
          source,
          target,
          "namespaces would be "
              + (deepest - source.depth() + target.depth())
              + " levels deep there, more than "
              + BackupNamespace.MAX_DEPTH);
    }
    return attempted;
  }

  private static void removeSources(
      Datastore store,
      List<BackupNamespace> attempted,
      List<GroupMoveResult> results,
      List<BackupNamespace> removed,
      List<String> warnings,
      MoveProbe probe)
      throws IOException {
    Set<BackupNamespace> failedIn = new HashSet<>();
    for (GroupMoveResult r : results) {
      if (!r.ok()) {
        failedIn.add(r.source().namespace());
      }
    }
    Set<BackupNamespace> covered = new HashSet<>(attempted);
    for (int i = attempted.size() - 1; i >= 0; i--) {
      BackupNamespace ns = attempted.get(i);
      if (failedIn.contains(ns) || !store.namespaceExists(ns)) {
        continue;
      }
      List<BackupNamespace> children;
      try {
        children = store.listNamespaces(ns, 1);
      } catch (NoSuchFileException vanished) {
        continue; // moved or removed meanwhile: nothing of this move's left to remove
      }
      boolean foreignChild = false;
      for (BackupNamespace child : children) {
        if (!child.equals(ns) && (!covered.contains(child) || !removed.contains(child))) {
          foreignChild = true; // beyond max depth, created meanwhile, or kept itself
        }
      }
      if (foreignChild) {
        continue;
      }
      try {
        NamespaceRemoval r = store.removeNamespace(ns, false);
        for (String f : r.failures()) {
          warnings.add("removing source namespace '" + ns + "': " + f); // e.g. its marker object
        }
        if (r.removedNamespaces().contains(ns)) {
          removed.add(ns);
        }
      } catch (NamespaceNotEmptyException gainedGroup) {
        // a group was created there meanwhile: the namespace stays
      } catch (IOException e) {
        // the groups moved; an emptied namespace that could not be removed only stays behind
      }
      if (removed.contains(ns)) {
        probe.after("removed namespace " + ns);
      }
    }
  }

  /** PBS {@code map_prefix}: {@code ns} with its {@code from} prefix replaced by {@code to}. */
  static BackupNamespace mapPrefix(BackupNamespace ns, BackupNamespace from, BackupNamespace to) {
    List<String> c = new ArrayList<>(to.components());
    c.addAll(ns.components().subList(from.depth(), ns.depth()));
    return BackupNamespace.of(c);
  }

  private static MoveRefusedException refused(
      BackupNamespace source, BackupNamespace target, String why) {
    return new MoveRefusedException(
        "cannot move namespace '" + source + "' to '" + target + "': " + why);
  }
}
