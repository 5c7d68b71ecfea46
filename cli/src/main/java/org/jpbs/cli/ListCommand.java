package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.jpbs.format.BackupManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpbs list DATASTORE}: namespaces, groups and snapshots with sizes and state. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the namespaces, backup groups and snapshots of a datastore.")
final class ListCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  ListCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;

  @Mixin DatastoreParameter datastore;

  @Option(
      names = "--ns",
      paramLabel = "NS",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description = "Namespace to list, e.g. a/b (default: the root namespace).")
  BackupNamespace ns;

  @Option(
      names = {"-r", "--recursive"},
      description = "Include every namespace below --ns.")
  boolean recursive;

  /**
   * JSON result of {@code list}.
   *
   * @param datastore the datastore base directory
   * @param namespaces the listed namespaces in API form ({@code ""} is the root)
   * @param groups the groups of those namespaces
   * @param snapshots the snapshots of those groups, oldest first per group
   */
  record Result(
      Path datastore,
      List<String> namespaces,
      List<GroupItem> groups,
      List<Map<String, Object>> snapshots) {}

  /**
   * One group (PBS {@code GroupListItem} names).
   *
   * @param ns namespace, API form
   * @param owner the owner's Auth-ID, or null if the owner file is missing
   * @param backupCount number of snapshots
   * @param lastBackup newest snapshot time (epoch seconds), or null if none
   */
  record GroupItem(
      String ns,
      String backupType,
      String backupId,
      String owner,
      int backupCount,
      Long lastBackup) {}

  /** One archive of a snapshot as its manifest lists it. */
  record FileItem(String filename, String cryptMode, Long size) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    List<String> namespaces = new ArrayList<>();
    List<GroupItem> groups = new ArrayList<>();
    List<Map<String, Object>> snapshots = new ArrayList<>();
    Path base;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock())) {
      Datastore ds = session.datastore();
      base = ds.base();
      if (!ds.namespaceExists(ns)) {
        throw new NoSuchFileException(
            ds.namespacePath(ns).toString(), null, "namespace does not exist");
      }
      int depth = recursive ? BackupNamespace.MAX_DEPTH - ns.depth() : 0;
      for (BackupNamespace n : ds.listNamespaces(ns, depth)) {
        namespaces.add(n.toString());
        List<BackupGroup> list = ds.listGroups(n);
        list.sort(BackupGroup.PBS_ORDER);
        for (BackupGroup g : list) {
          List<SnapshotInfo> snaps = g.listSnapshots();
          snaps.sort(Comparator.comparingLong(SnapshotInfo::backupTime));
          Long last = snaps.isEmpty() ? null : snaps.get(snaps.size() - 1).backupTime();
          groups.add(
              new GroupItem(
                  n.toString(), g.type().dirName(), g.id(), owner(g), snaps.size(), last));
          for (SnapshotInfo s : snaps) {
            snapshots.add(snapshotItem(s, out));
          }
        }
      }
    }
    Result r = new Result(base, namespaces, groups, snapshots);
    out.emit(r, w -> printHuman(r, w));
    return ExitCodes.OK;
  }

  private static String owner(BackupGroup g) throws IOException {
    try {
      return g.owner();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** A snapshot as a map (its field {@code protected} is a Java keyword). */
  private static Map<String, Object> snapshotItem(SnapshotInfo s, Output out) {
    BackupDir d = s.dir();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ns", d.namespace().toString());
    m.put("backup-type", d.group().type().dirName());
    m.put("backup-id", d.group().id());
    m.put("backup-time", d.backupTime());
    m.put("path", d.relativePath());
    List<FileItem> files = new ArrayList<>();
    Long size = null;
    Map<String, String> verification = null;
    String state = s.isFinished() ? "finished" : "in-progress";
    String manifestError = null;
    if (s.isFinished()) {
      try {
        BackupManifest manifest =
            BackupManifest.load(d.fullPath().resolve(BackupManifest.BLOB_NAME));
        long sum = 0;
        for (BackupManifest.FileInfo f : manifest.files()) {
          files.add(new FileItem(f.filename(), cryptMode(f), f.size()));
          sum += f.size();
        }
        size = sum;
        var vs = manifest.verifyState();
        if (vs.isPresent()) {
          verification = new LinkedHashMap<>();
          verification.put("upid", vs.get().upid());
          verification.put("state", vs.get().state());
        }
      } catch (IOException e) {
        // a manifest that cannot be read is damage, not a finished backup (restore would fail)
        state = "damaged";
        manifestError = ErrorReporter.oneLine(e.getMessage());
        files.clear();
        out.warn(
            "snapshot "
                + d.relativePath()
                + " is damaged: cannot read its manifest "
                + d.fullPath().resolve(BackupManifest.BLOB_NAME)
                + ": "
                + manifestError);
      }
    }
    if (files.isEmpty()) {
      for (String f : s.files()) {
        if (!f.equals(BackupManifest.BLOB_NAME)) {
          files.add(new FileItem(f, null, null));
        }
      }
    }
    m.put("files", files);
    m.put("size", size);
    m.put("protected", s.isProtected());
    m.put("verification", verification);
    m.put("finished", state.equals("finished"));
    m.put("state", state);
    m.put("manifest-error", manifestError);
    return m;
  }

  private static String cryptMode(BackupManifest.FileInfo f) {
    return f.cryptMode().json();
  }

  private static void printHuman(Result r, java.io.PrintWriter w) {
    Table groups =
        new Table().column("group").column("owner").column("snapshots").column("last backup");
    for (GroupItem g : r.groups()) {
      String name = (g.ns().isEmpty() ? "" : g.ns() + ":") + g.backupType() + "/" + g.backupId();
      groups.row(
          name,
          g.owner(),
          g.backupCount(),
          g.lastBackup() == null ? null : BackupDir.formatTime(g.lastBackup()));
    }
    if (r.namespaces().size() > 1 || !r.namespaces().get(0).isEmpty()) {
      w.println(
          "namespaces: "
              + String.join(
                  ", ", r.namespaces().stream().map(n -> n.isEmpty() ? "(root)" : n).toList()));
      w.println();
    }
    if (groups.rowCount() == 0) {
      w.println("no backup groups");
      return;
    }
    groups.print(w);
    w.println();
    Table snaps =
        new Table()
            .column("snapshot")
            .column("size")
            .column("protected")
            .column("verify")
            .column("state")
            .column("archives");
    for (Map<String, Object> s : r.snapshots()) {
      Object size = s.get("size");
      @SuppressWarnings("unchecked")
      Map<String, String> v = (Map<String, String>) s.get("verification");
      @SuppressWarnings("unchecked")
      List<FileItem> files = (List<FileItem>) s.get("files");
      String state = (String) s.get("state");
      snaps.row(
          s.get("path"),
          size == null ? null : HumanBytes.format((Long) size),
          Boolean.TRUE.equals(s.get("protected")) ? "yes" : "no",
          v == null ? null : v.get("state"),
          state.equals("damaged") ? "DAMAGED (manifest unreadable)" : state.replace('-', ' '),
          String.join(", ", files.stream().map(FileItem::filename).toList()));
    }
    snaps.print(w);
  }
}
