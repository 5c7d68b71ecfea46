package org.jpbs.datastore;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpbs.datastore.backend.MetadataBackend;
import org.jpbs.datastore.lock.LockDirectory;

/**
 * A PBS datastore seen as its directory tree: namespaces, groups, snapshots, their locks, and the
 * hooks run before a snapshot is removed.
 *
 * <p>Chunk-store seam: this class only checks that {@code <base>/.chunks} is a directory. The chunk
 * store ({@code org.jpbs.chunkstore}) is opened and created by its own module; wiring it in adds
 * one constructor argument here and nothing else changes.
 *
 * <p>Thread-safe; instances are cheap and hold no open files.
 */
public final class Datastore {
  /** The chunk store directory inside the base. */
  public static final String CHUNKS_DIR = ".chunks";

  /** Default lock tree, relative to the base: hidden, so PBS's GC walk never enters it. */
  public static final String DEFAULT_LOCK_DIR = ".jpbs/locks";

  private final Path base;
  private final LockDirectory locks;
  private final MetadataBackend metadata;
  private final List<SnapshotRemovalListener> removalListeners = new CopyOnWriteArrayList<>();

  private Datastore(Path base, LockDirectory locks, MetadataBackend metadata) {
    this.base = base;
    this.locks = locks;
    this.metadata = metadata;
  }

  /** Opens the datastore at {@code base} with its lock tree at {@code <base>/.jpbs/locks}. */
  public static Datastore open(Path base) throws IOException {
    return open(base, base.resolve(DEFAULT_LOCK_DIR));
  }

  /**
   * Opens the datastore at {@code base} with its lock tree at {@code lockDir}; pass {@code
   * /run/proxmox-backup/locks/<store>} to share locks with a PBS on this host.
   *
   * @throws NoSuchFileException if {@code base} or {@code base/.chunks} does not exist
   * @throws FileSystemException if {@code base/.chunks} is not a directory
   */
  public static Datastore open(Path base, Path lockDir) throws IOException {
    return open(base, lockDir, MetadataBackend.LOCAL);
  }

  /**
   * As {@link #open(Path, Path)} for a datastore whose metadata is also kept by {@code metadata}
   * (an S3 datastore: {@code base} is then its local cache).
   */
  public static Datastore open(Path base, Path lockDir, MetadataBackend metadata)
      throws IOException {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(lockDir, "lockDir");
    Objects.requireNonNull(metadata, "metadata");
    Path abs = base.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new NoSuchFileException(
          abs.toString(), null, "datastore base directory does not exist");
    }
    Path chunks = abs.resolve(CHUNKS_DIR);
    if (!Files.exists(chunks, LinkOption.NOFOLLOW_LINKS) && !Files.exists(chunks)) {
      throw new NoSuchFileException(
          chunks.toString(),
          null,
          "not a datastore: chunk store directory " + CHUNKS_DIR + " is missing");
    }
    if (!Files.isDirectory(chunks)) {
      throw new FileSystemException(
          chunks.toString(), null, "not a datastore: " + CHUNKS_DIR + " is not a directory");
    }
    return new Datastore(abs, LockDirectory.at(lockDir), metadata);
  }

  /**
   * Creates the root directories of a datastore ({@code base} and an empty {@code .chunks}) and
   * opens it; the chunk store module fills in {@code .chunks} and {@code .lock}.
   */
  public static Datastore create(Path base) throws IOException {
    return create(base, base.resolve(DEFAULT_LOCK_DIR));
  }

  /** Like {@link #create(Path)} with an explicit lock tree. */
  public static Datastore create(Path base, Path lockDir) throws IOException {
    Path abs = base.toAbsolutePath().normalize();
    Files.createDirectories(abs);
    Path chunks = abs.resolve(CHUNKS_DIR);
    if (!Files.isDirectory(chunks)) {
      Files.createDirectory(chunks);
    }
    return open(abs, lockDir);
  }

  /** Returns the absolute base directory. */
  public Path base() {
    return base;
  }

  /** Returns the root of this datastore's lock tree. */
  public Path lockDir() {
    return locks.base();
  }

  LockDirectory locks() {
    return locks;
  }

  /** The metadata copy outside the base directory ({@link MetadataBackend#LOCAL}: none). */
  public MetadataBackend metadata() {
    return metadata;
  }

  /** {@code <ns-path>/.namespace}, the namespace marker object of a remote metadata copy. */
  static String namespaceMarker(BackupNamespace ns) {
    return ns.path() + "/.namespace";
  }

  /** Returns the absolute directory of {@code ns}. */
  public Path namespacePath(BackupNamespace ns) {
    return ns.isRoot() ? base : base.resolve(ns.path());
  }

  /** Returns whether the namespace directory exists. */
  public boolean namespaceExists(BackupNamespace ns) {
    return Files.isDirectory(namespacePath(ns), LinkOption.NOFOLLOW_LINKS);
  }

  /** Creates the namespace directory and its parents ({@code create_dir_all}). */
  public void createNamespace(BackupNamespace ns) throws IOException {
    putNamespaceMarkers(ns);
    Files.createDirectories(namespacePath(ns));
  }

  /** Uploads the markers of {@code ns} and its missing parents (PBS: marker before the mkdir). */
  private void putNamespaceMarkers(BackupNamespace ns) throws IOException {
    if (!metadata.isRemote() || ns.isRoot() || namespaceExists(ns)) {
      return;
    }
    List<String> parts = ns.components();
    BackupNamespace level = BackupNamespace.root();
    for (String part : parts) {
      level = level.child(part);
      if (!namespaceExists(level)) {
        metadata.putIfAbsent(namespaceMarker(level), new byte[0]);
      }
    }
  }

  /**
   * Creates the namespace {@code parent/name} (PBS {@code create_namespace}): the name is validated
   * (SAFE_ID, depth, length) before the filesystem is touched, the parent must exist, and an
   * existing namespace is left as it is.
   *
   * @throws IllegalArgumentException if {@code parent/name} is not a valid namespace
   * @throws NoSuchFileException if the parent namespace does not exist
   */
  public BackupNamespace createNamespace(BackupNamespace parent, String name) throws IOException {
    BackupNamespace ns = parent.child(name);
    if (!namespaceExists(parent)) {
      throw new NoSuchFileException(
          namespacePath(parent).toString(),
          null,
          "parent namespace '" + parent + "' does not exist");
    }
    putNamespaceMarkers(ns);
    Files.createDirectories(namespacePath(ns));
    return ns;
  }

  /**
   * Removes {@code ns} and the namespaces below it (PBS {@code remove_namespace_recursive}); see
   * {@link NamespaceRemoval}. Without {@code deleteGroups} a subtree holding any group is refused
   * untouched ({@link NamespaceNotEmptyException}); with it every unprotected snapshot is destroyed
   * under its locks and after the removal listeners, protected ones stay.
   */
  public NamespaceRemoval removeNamespace(BackupNamespace ns, boolean deleteGroups)
      throws IOException {
    return NamespaceRemoval.run(this, ns, deleteGroups);
  }

  /** Returns the group {@code type/id} in {@code ns} (validated; need not exist). */
  public BackupGroup group(BackupNamespace ns, BackupType type, String id) {
    return new BackupGroup(this, ns, type, id);
  }

  /** Returns the snapshot {@code type/id/time} in {@code ns} (validated; need not exist). */
  public BackupDir snapshot(BackupNamespace ns, BackupType type, String id, String time) {
    return group(ns, type, id).snapshot(time);
  }

  /** Returns the snapshot named by a parsed path. */
  public BackupDir snapshot(SnapshotPath path) {
    return snapshot(path.namespace(), path.type(), path.id(), path.time());
  }

  /**
   * Iterates {@code anchor} and then its descendants depth-first, pre-order, in readdir order, at
   * most {@code maxDepth} levels below the anchor (clamped so no namespace is deeper than {@link
   * BackupNamespace#MAX_DEPTH}). A child of an {@code ns/} directory with an invalid name is an
   * error item; non-directories are skipped.
   */
  public Iterator<Listed<BackupNamespace>> iterateNamespaces(BackupNamespace anchor, int maxDepth) {
    if (maxDepth < 0 || maxDepth > BackupNamespace.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "depth must be in 0.." + BackupNamespace.MAX_DEPTH + ": " + maxDepth);
    }
    return new NamespaceIterator(
        this, anchor, Math.min(maxDepth, BackupNamespace.MAX_DEPTH - anchor.depth()));
  }

  /** Lists what {@link #iterateNamespaces} yields, failing on the first error item. */
  public List<BackupNamespace> listNamespaces(BackupNamespace anchor, int maxDepth)
      throws IOException {
    return drain(iterateNamespaces(anchor, maxDepth));
  }

  /**
   * Iterates the groups of {@code ns}: type directories in readdir order, and in each the
   * directories whose name matches BACKUP_ID_RE, in readdir order.
   *
   * @throws IOException if the namespace directory cannot be read
   */
  public Iterator<Listed<BackupGroup>> iterateGroups(BackupNamespace ns) throws IOException {
    return new GroupIterator(this, ns);
  }

  /** Lists what {@link #iterateGroups} yields, failing on the first error item. */
  public List<BackupGroup> listGroups(BackupNamespace ns) throws IOException {
    return drain(iterateGroups(ns));
  }

  /**
   * Registers a listener called before every snapshot removal that starts after this returns.
   *
   * @return a handle whose {@code close()} unregisters the listener
   */
  public Registration addRemovalListener(SnapshotRemovalListener listener) {
    Objects.requireNonNull(listener, "listener");
    removalListeners.add(listener);
    return () -> removalListeners.remove(listener);
  }

  void beforeRemove(BackupDir snapshot, List<Path> indexFiles) throws RemovalAbortedException {
    for (SnapshotRemovalListener l : removalListeners) {
      try {
        l.beforeRemove(snapshot, indexFiles);
      } catch (IOException e) {
        throw new RemovalAbortedException(snapshot.fullPath().toString(), e);
      }
    }
  }

  private static <T> List<T> drain(Iterator<Listed<T>> it) throws IOException {
    List<T> out = new ArrayList<>();
    while (it.hasNext()) {
      out.add(it.next().get());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Datastore
        && ((Datastore) o).base.equals(base)
        && ((Datastore) o).locks.base().equals(locks.base());
  }

  @Override
  public int hashCode() {
    return base.hashCode();
  }

  @Override
  public String toString() {
    return "Datastore[" + base + ']';
  }

  /** A listener registration; closing it unregisters the listener. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
