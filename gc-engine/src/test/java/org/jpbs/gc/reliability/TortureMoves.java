package org.jpbs.gc.reliability;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.move.GroupMove;
import org.jpbs.datastore.move.GroupMoveResult;
import org.jpbs.datastore.move.NamespaceMove;

/**
 * The torture's moves ({@code m}: a group into another namespace; {@code n}: a namespace under the
 * root or under a first-level namespace, named from {@link TortureLayout#NAMESPACE_NAMES}, so moves
 * merge as often as they create). A failed move is thrown: a soft failure (a lock held by a backup,
 * reader, sync or other move) as its {@code LockContentionException}, a refused one as its {@code
 * MoveRefusedException}, anything else as itself, for {@link Children#expected} to judge.
 */
final class TortureMoves {
  private final Datastore datastore;
  private final MoveJournal journal;
  private final Random random;
  private final int groups;

  TortureMoves(Datastore datastore, Random random, int groups) {
    this.datastore = datastore;
    this.journal = MoveJournal.of(datastore);
    this.random = random;
    this.groups = groups;
  }

  String moveGroup() throws IOException {
    BackupGroup g = TortureLayout.randomGroup(datastore, random, groups);
    if (g == null) {
      return "no group";
    }
    List<BackupNamespace> targets =
        TortureLayout.namespaces(datastore).stream()
            .filter(ns -> !ns.equals(g.namespace()))
            .toList();
    BackupNamespace to = targets.get(random.nextInt(targets.size()));
    GroupMoveResult r = GroupMove.run(g, to, true, false, journal);
    if (!r.ok()) {
      throw r.failure();
    }
    return g.relativePath() + " -> '" + to + "' moved=" + r.moved().size();
  }

  String moveNamespace() throws IOException {
    List<BackupNamespace> all = TortureLayout.namespaces(datastore);
    List<BackupNamespace> sources = all.stream().filter(ns -> !ns.isRoot()).toList();
    if (sources.isEmpty()) {
      return "no namespace";
    }
    BackupNamespace from = sources.get(random.nextInt(sources.size()));
    List<BackupNamespace> parents =
        all.stream().filter(p -> p.depth() <= 1 && !from.contains(p)).toList();
    BackupNamespace parent = parents.get(random.nextInt(parents.size()));
    BackupNamespace to =
        parent.child(
            TortureLayout.NAMESPACE_NAMES.get(
                random.nextInt(TortureLayout.NAMESPACE_NAMES.size())));
    if (to.equals(from)) {
      return "same namespace";
    }
    boolean keepSource = random.nextInt(4) == 0;
    NamespaceMove.Result r =
        NamespaceMove.run(
            datastore, from, to, BackupNamespace.MAX_DEPTH, keepSource, true, false, journal);
    int moved = 0;
    for (GroupMoveResult g : r.groups()) {
      moved += g.moved().size();
    }
    for (GroupMoveResult g : r.groups()) {
      if (!g.ok()) {
        throw g.failure(); // the groups before it moved; those after it too (see moved=)
      }
    }
    return "'"
        + from
        + "' -> '"
        + to
        + "' groups="
        + r.groups().size()
        + " moved="
        + moved
        + " removedNs="
        + r.removedNamespaces().size()
        + (keepSource ? " kept-source" : "");
  }
}
