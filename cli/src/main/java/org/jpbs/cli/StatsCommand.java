package org.jpbs.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.Table;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jpbs stats DATASTORE} (alias {@code du}): space used by the chunk store, logical size,
 * dedup factor and unique bytes per group and snapshot, read-only (see {@link StoreUsage}).
 */
@Command(
    name = "stats",
    aliases = "du",
    mixinStandardHelpOptions = true,
    description = {
      "Show space usage without running a GC: chunk store size on disk, logical size (the indexes'",
      "data), dedup factor, and per group and snapshot the bytes of referenced and unique chunks",
      "(unique: referenced by nothing else in the store, i.e. what removing it would let a GC free).",
      "Read-only: no lock, no state, chunk files are only stat'ed. Memory: ~70-140 bytes per",
      "distinct chunk of the scope (--ns / --group narrow it)."
    })
final class StatsCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  StatsCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;

  @Mixin DatastoreParameter datastore;

  @Option(
      names = "--ns",
      paramLabel = "NS",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description = "Account this namespace and the ones below it (default: the whole store).")
  BackupNamespace ns;

  @Option(
      names = "--group",
      paramLabel = "TYPE/ID",
      converter = Converters.Group.class,
      description = "Account only this group of --ns.")
  Converters.GroupRef group;

  /**
   * JSON result of {@code stats}.
   *
   * @param datastore the datastore base directory
   * @param store the whole store
   * @param scope what --ns / --group selected (the whole store by default)
   * @param groups the groups of the scope
   * @param snapshots the snapshots of the scope, per group oldest first
   * @param s3Requests an S3 datastore's persisted request counters (null: a local datastore)
   */
  record Result(
      Path datastore,
      StoreItem store,
      ScopeItem scope,
      List<GroupItem> groups,
      List<SnapshotItem> snapshots,
      S3RequestTotals s3Requests) {}

  /**
   * The whole store.
   *
   * @param chunkFiles chunk files in {@code .chunks}
   * @param chunkBytes their total size (file sizes, by lstat)
   * @param snapshots snapshots in the store
   * @param logicalBytes data bytes of every index of the store
   * @param dedupFactor logical-bytes / chunk-bytes (null if no chunk)
   * @param referencedChunks distinct chunks referenced by any index (null unless the scope is the
   *     store)
   * @param referencedBytes their size (null unless the scope is the store)
   * @param unreferencedBytes chunk-bytes minus referenced-bytes: what GCs may free once the chunks
   *     are older than the cutoff (null unless the scope is the store)
   */
  record StoreItem(
      long chunkFiles,
      long chunkBytes,
      int snapshots,
      long logicalBytes,
      Double dedupFactor,
      Long referencedChunks,
      Long referencedBytes,
      Long unreferencedBytes) {}

  /**
   * The accounted scope.
   *
   * @param ns namespace (API form)
   * @param group {@code type/id} or null
   * @param snapshots snapshots in the scope
   * @param logicalBytes data bytes of the scope's indexes
   * @param referencedChunks distinct chunks the scope references
   * @param referencedBytes their size
   * @param uniqueBytes size of those no snapshot outside the scope references
   * @param dedupFactor logical-bytes / referenced-bytes (null if 0)
   * @param missingChunks referenced chunks whose file is missing (counted as 0 bytes)
   * @param unreadableIndexes index files skipped because they could not be read
   * @param tableBytes memory of the digest table
   */
  record ScopeItem(
      String ns,
      String group,
      int snapshots,
      long logicalBytes,
      long referencedChunks,
      long referencedBytes,
      long uniqueBytes,
      Double dedupFactor,
      long missingChunks,
      int unreadableIndexes,
      long tableBytes) {}

  /** One group: referenced = its distinct chunks, unique = referenced by no other group. */
  record GroupItem(
      String ns,
      String backupType,
      String backupId,
      int snapshots,
      long logicalBytes,
      long referencedBytes,
      long uniqueBytes,
      Double dedupFactor) {}

  /** One snapshot: referenced = its distinct chunks, unique = referenced by no other snapshot. */
  record SnapshotItem(
      String path,
      String ns,
      String backupType,
      String backupId,
      long backupTime,
      long logicalBytes,
      long referencedBytes,
      long uniqueBytes,
      Double dedupFactor) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    Result r;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock())) {
      Datastore ds = session.datastore();
      if (!ds.namespaceExists(ns)) {
        throw new NoSuchFileException(
            ds.namespacePath(ns).toString(), null, "namespace does not exist");
      }
      BackupGroup only = group == null ? null : ds.group(ns, group.type(), group.id());
      if (only != null && !only.exists()) {
        throw new NoSuchFileException(
            only.fullPath().toString(), null, "backup group does not exist");
      }
      List<BackupGroup> groups = new ArrayList<>();
      List<StoreUsage.Scoped> scoped = new ArrayList<>();
      List<SnapshotInfo> outside = new ArrayList<>();
      for (BackupNamespace n :
          ds.listNamespaces(BackupNamespace.root(), BackupNamespace.MAX_DEPTH)) {
        List<BackupGroup> list = ds.listGroups(n);
        list.sort(BackupGroup.PBS_ORDER);
        for (BackupGroup g : list) {
          boolean in = only != null ? only.equals(g) : ns.contains(n);
          List<SnapshotInfo> snaps = g.listSnapshots();
          snaps.sort(Comparator.comparingLong(SnapshotInfo::backupTime));
          if (in) {
            groups.add(g);
            for (SnapshotInfo s : snaps) {
              scoped.add(new StoreUsage.Scoped(s, groups.size() - 1));
            }
          } else {
            outside.addAll(snaps);
          }
        }
      }
      StoreUsage u = StoreUsage.scan(session.chunkStore(), scoped, groups.size(), outside, out);
      long[] chunkFiles = StoreUsage.chunkFiles(session.chunkStore().chunksDir());
      S3RequestTotals s3 = session.s3().isPresent() ? S3RequestTotals.read(ds.base()) : null;
      r = result(ds.base(), groups, scoped, outside.size(), u, chunkFiles, s3);
    }
    Result result = r;
    out.emit(result, w -> printHuman(result, w));
    return ExitCodes.OK;
  }

  private Result result(
      Path base,
      List<BackupGroup> groups,
      List<StoreUsage.Scoped> scoped,
      int outsideSnapshots,
      StoreUsage u,
      long[] chunkFiles,
      S3RequestTotals s3) {
    boolean whole = ns.isRoot() && group == null;
    long storeLogical = u.scopeLogical + u.outsideLogical;
    StoreItem store =
        new StoreItem(
            chunkFiles[0],
            chunkFiles[1],
            scoped.size() + outsideSnapshots,
            storeLogical,
            factor(storeLogical, chunkFiles[1]),
            whole ? u.scopeReferencedChunks() : null,
            whole ? u.scopeReferencedBytes : null,
            whole ? Math.max(0, chunkFiles[1] - u.scopeReferencedBytes) : null);
    ScopeItem scope =
        new ScopeItem(
            ns.toString(),
            group == null ? null : group.toString(),
            scoped.size(),
            u.scopeLogical,
            u.scopeReferencedChunks(),
            u.scopeReferencedBytes,
            u.scopeUniqueBytes,
            factor(u.scopeLogical, u.scopeReferencedBytes),
            u.missingChunks,
            u.unreadableIndexes,
            u.tableBytes());
    List<GroupItem> gs = new ArrayList<>();
    int[] counts = new int[groups.size()];
    for (StoreUsage.Scoped s : scoped) {
      counts[s.group()]++;
    }
    for (int i = 0; i < groups.size(); i++) {
      BackupGroup g = groups.get(i);
      gs.add(
          new GroupItem(
              g.namespace().toString(),
              g.type().dirName(),
              g.id(),
              counts[i],
              u.groupLogical[i],
              u.groupReferenced[i],
              u.groupUnique[i],
              factor(u.groupLogical[i], u.groupReferenced[i])));
    }
    List<SnapshotItem> ss = new ArrayList<>();
    for (int i = 0; i < scoped.size(); i++) {
      BackupDir d = scoped.get(i).snapshot().dir();
      ss.add(
          new SnapshotItem(
              d.relativePath(),
              d.namespace().toString(),
              d.group().type().dirName(),
              d.group().id(),
              d.backupTime(),
              u.snapLogical[i],
              u.snapReferenced[i],
              u.snapUnique[i],
              factor(u.snapLogical[i], u.snapReferenced[i])));
    }
    return new Result(base, store, scope, gs, ss, s3);
  }

  private static Double factor(long logical, long stored) {
    return stored <= 0 ? null : Math.round(logical * 100.0 / stored) / 100.0;
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String dedup(Double f) {
    return f == null ? null : String.format(java.util.Locale.ROOT, "%.2f", f);
  }

  private static void printHuman(Result r, PrintWriter w) {
    StoreItem s = r.store();
    w.println("datastore " + r.datastore());
    w.println(
        "chunk store: "
            + count(s.chunkFiles(), "chunk file")
            + ", "
            + HumanBytes.format(s.chunkBytes())
            + "; "
            + count(s.snapshots(), "snapshot")
            + ", logical "
            + HumanBytes.format(s.logicalBytes())
            + "; dedup factor "
            + (s.dedupFactor() == null ? "-" : dedup(s.dedupFactor())));
    if (s.referencedBytes() != null) {
      w.println(
          "referenced by an index: "
              + count(s.referencedChunks(), "chunk")
              + ", "
              + HumanBytes.format(s.referencedBytes())
              + "; referenced by none: "
              + HumanBytes.format(s.unreferencedBytes())
              + " (a GC frees it once older than its cutoff)");
    } else {
      ScopeItem c = r.scope();
      w.println(
          "scope "
              + (c.group() == null
                  ? "namespace " + c.ns()
                  : (c.ns().isEmpty() ? "" : c.ns() + ":") + c.group())
              + ": "
              + count(c.snapshots(), "snapshot")
              + ", logical "
              + HumanBytes.format(c.logicalBytes())
              + ", referenced "
              + count(c.referencedChunks(), "chunk")
              + ", "
              + HumanBytes.format(c.referencedBytes())
              + ", unique "
              + HumanBytes.format(c.uniqueBytes())
              + "; dedup factor "
              + (c.dedupFactor() == null ? "-" : dedup(c.dedupFactor())));
    }
    if (r.s3Requests() != null) {
      r.s3Requests().printHuman(w);
    }
    if (r.scope().missingChunks() > 0) {
      w.println(
          "missing chunk files: "
              + r.scope().missingChunks()
              + " (counted as 0 bytes; run jpbs verify)");
    }
    if (r.groups().isEmpty()) {
      w.println("no backup groups");
      return;
    }
    w.println();
    Table groups =
        new Table()
            .column("group")
            .column("snapshots")
            .column("logical")
            .column("referenced")
            .column("unique")
            .column("dedup");
    for (GroupItem g : r.groups()) {
      groups.row(
          (g.ns().isEmpty() ? "" : g.ns() + ":") + g.backupType() + "/" + g.backupId(),
          g.snapshots(),
          HumanBytes.format(g.logicalBytes()),
          HumanBytes.format(g.referencedBytes()),
          HumanBytes.format(g.uniqueBytes()),
          dedup(g.dedupFactor()));
    }
    groups.print(w);
    w.println();
    Table snaps =
        new Table()
            .column("snapshot")
            .column("logical")
            .column("referenced")
            .column("unique")
            .column("dedup");
    for (SnapshotItem i : r.snapshots()) {
      snaps.row(
          i.path(),
          HumanBytes.format(i.logicalBytes()),
          HumanBytes.format(i.referencedBytes()),
          HumanBytes.format(i.uniqueBytes()),
          dedup(i.dedupFactor()));
    }
    snaps.print(w);
  }
}
