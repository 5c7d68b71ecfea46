package org.jpbs.datastore.move;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.backend.MetadataBackend;

/**
 * The object-store steps of a move (spec pbs-s3 §7.3, {@code BackupDir::move_to} on S3), for a
 * datastore whose metadata has a remote copy ({@link MetadataBackend#isRemote()}); every prefix
 * ends with {@code /}. The caller holds the snapshot lock and both group locks. See the package
 * documentation for what a failure or a crash between the steps leaves and what a refresh then
 * shows.
 */
final class SnapshotObjects {
  private final MetadataBackend metadata;
  private final List<String> warnings;

  SnapshotObjects(MetadataBackend metadata, List<String> warnings) {
    this.metadata = metadata;
    this.warnings = warnings;
  }

  /**
   * Copies the objects of {@code src} to {@code dst}'s prefix: every object listed under the source
   * plus every backup file of the local directory (a listing may lag a fresh PUT), the manifest
   * last, so a partial copy is never a finished snapshot. Objects already under the target prefix
   * are deleted first: the target snapshot is not in the cache, so they are leftovers of an
   * interrupted move. A name listed or local that has no object is skipped (the bucket did not have
   * it before either).
   *
   * @param localFiles the backup files of the local source directory
   * @return the names copied (relative to the snapshot directory)
   * @throws IOException naming the object if a copy fails; the copies made are deleted again (best
   *     effort: a warning names what stays) and the source is untouched
   */
  List<String> copy(BackupDir src, BackupDir dst, List<String> localFiles) throws IOException {
    String from = src.relativePath() + '/';
    String to = dst.relativePath() + '/';
    List<String> stale = metadata.list(to);
    if (!stale.isEmpty()) {
      metadata.deleteAll(prefixed(to, stale));
    }
    Set<String> names = new TreeSet<>(metadata.list(from));
    names.addAll(localFiles);
    List<String> order = new ArrayList<>(names);
    if (order.remove(BackupDir.MANIFEST_BLOB_NAME)) {
      order.add(BackupDir.MANIFEST_BLOB_NAME);
    }
    List<String> copied = new ArrayList<>();
    try {
      for (String name : order) {
        if (metadata.copy(from + name, to + name)) {
          copied.add(name);
        }
      }
    } catch (IOException | RuntimeException e) {
      uncopy(src, dst, copied);
      throw new IOException(
          "cannot copy the objects of snapshot " + src + " to " + to + ": " + e.getMessage(), e);
    }
    return copied;
  }

  /**
   * Deletes the copies {@link #copy} made under {@code dst} (the local rename failed, or a later
   * copy did), best effort: what stays is named in a warning.
   */
  void uncopy(BackupDir src, BackupDir dst, List<String> copied) {
    String to = dst.relativePath() + '/';
    try {
      metadata.deleteAll(prefixed(to, copied));
    } catch (IOException | RuntimeException e) {
      warnings.add(
          "copy of "
              + src
              + " left under "
              + to
              + " (a refresh from the bucket would show it there too): "
              + e.getMessage());
    }
  }

  /**
   * Deletes the source objects after the local rename: the manifest first, so what a failed delete
   * leaves is either the whole snapshot (the manifest delete failed: nothing else is deleted) or an
   * unfinished one, never a finished snapshot missing a file. A failure is a warning: the snapshot
   * is whole at the target.
   */
  void deleteSource(BackupDir src, List<String> copied) {
    String from = src.relativePath() + '/';
    List<String> rest = new ArrayList<>(copied);
    try {
      if (rest.remove(BackupDir.MANIFEST_BLOB_NAME)) {
        metadata.delete(from + BackupDir.MANIFEST_BLOB_NAME);
      }
      metadata.deleteAll(prefixed(from, rest));
    } catch (IOException | RuntimeException e) {
      warnings.add(leftWarning(src.toString(), from, e));
    }
  }

  /**
   * Before the emptied source group is removed: deletes what is still under {@code <group>/<time>/}
   * for the snapshots this move handled (earlier failed deletes, keys a lagging listing missed).
   * Objects of other snapshot names are not touched: the cache never knew them.
   */
  void deleteLeftovers(BackupGroup group, Set<String> movedTimes) {
    String dir = group.relativePath() + '/';
    try {
      List<String> left = new ArrayList<>();
      for (String name : metadata.list(dir)) {
        int slash = name.indexOf('/');
        if (slash > 0 && movedTimes.contains(name.substring(0, slash))) {
          left.add(dir + name);
        }
      }
      metadata.deleteAll(left);
    } catch (IOException | RuntimeException e) {
      warnings.add(leftWarning("group " + group, dir, e));
    }
  }

  private static String leftWarning(String what, String prefix, Exception e) {
    return "objects of moved "
        + what
        + " left under "
        + prefix
        + " (a refresh from the bucket would show them there again; forget that copy): "
        + e.getMessage();
  }

  private static List<String> prefixed(String dir, List<String> names) {
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(dir + n);
    }
    return out;
  }
}
