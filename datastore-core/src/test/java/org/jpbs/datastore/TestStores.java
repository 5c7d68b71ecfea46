package org.jpbs.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test fixture (shipped in the test-jar): builds datastore trees with snapshots whose files are
 * placeholders (names matter to the listings; contents are not parsed here).
 */
public final class TestStores {
  /** Default owner used by fixtures. */
  public static final String OWNER = "root@pam";

  private TestStores() {}

  /** Creates a datastore at {@code dir/store}. */
  public static Datastore create(Path dir) throws IOException {
    return Datastore.create(dir.resolve("store"));
  }

  /** Creates the group (and namespace) with the fixture owner. */
  public static BackupGroup group(Datastore store, BackupNamespace ns, BackupType type, String id)
      throws IOException {
    store.createNamespace(ns);
    BackupGroup g = store.group(ns, type, id);
    g.create(OWNER);
    return g;
  }

  /**
   * Creates a snapshot with {@code drive-scsi0.img.fidx}, {@code root.pxar.didx}, {@code
   * qemu-server.conf.blob} and, if finished, {@code index.json.blob}.
   */
  public static BackupDir snapshot(
      BackupGroup g, String time, boolean finished, boolean isProtected) throws IOException {
    BackupDir d = g.snapshot(time);
    Files.createDirectories(g.fullPath());
    d.create();
    for (String f : List.of("drive-scsi0.img.fidx", "root.pxar.didx", "qemu-server.conf.blob")) {
      Files.write(d.archivePath(f), (d + "/" + f).getBytes(StandardCharsets.UTF_8));
    }
    if (finished) {
      Files.write(
          d.archivePath(BackupDir.MANIFEST_BLOB_NAME), "{}".getBytes(StandardCharsets.UTF_8));
    }
    if (isProtected) {
      Files.createFile(d.protectedMarker());
    }
    return d;
  }

  /** Returns snapshot directory name → sorted entry names, for every directory in the group. */
  public static Map<String, List<String>> snapshotFiles(BackupGroup g) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    if (!g.exists()) {
      return out;
    }
    try (var ds = Files.newDirectoryStream(g.fullPath())) {
      for (Path p : ds) {
        if (Files.isDirectory(p)) {
          List<String> names = new ArrayList<>();
          try (var fs = Files.newDirectoryStream(p)) {
            fs.forEach(f -> names.add(f.getFileName().toString()));
          }
          names.sort(null);
          out.put(p.getFileName().toString(), names);
        }
      }
    }
    return out;
  }
}
