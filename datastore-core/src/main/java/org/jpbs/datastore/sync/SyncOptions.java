package org.jpbs.datastore.sync;

import java.util.List;
import java.util.Objects;
import org.jpbs.datastore.BackupNames;
import org.jpbs.datastore.BackupNamespace;

/**
 * What a sync copies and how (PBS sync job parameters with the same names).
 *
 * @param sourceNs the source namespace anchor ({@code --ns}); the root by default
 * @param targetNs where {@code sourceNs} lands on the target ({@code --target-ns})
 * @param maxDepth levels below {@code sourceNs} to sync (0..7)
 * @param groupFilter PBS group filters; empty: every group
 * @param removeVanished remove target snapshots and groups missing on the source (never protected
 *     snapshots)
 * @param resyncCorrupt re-copy target snapshots whose last verify failed, checking every chunk
 * @param transferLast only the newest N source snapshots of a group are candidates (0: all)
 * @param workers groups synced in parallel (≥ 1)
 * @param rateBytesPerSecond chunk bytes read from the source per second (0: unlimited)
 * @param dryRun plan only: nothing is written or removed
 * @param owner owner of groups created on the target; existing target groups must have it
 * @param sync fsync files and the filesystem before a snapshot becomes visible
 */
public record SyncOptions(
    BackupNamespace sourceNs,
    BackupNamespace targetNs,
    int maxDepth,
    List<GroupFilter> groupFilter,
    boolean removeVanished,
    boolean resyncCorrupt,
    int transferLast,
    int workers,
    long rateBytesPerSecond,
    boolean dryRun,
    String owner,
    boolean sync) {
  /** The default owner of synced groups, as PBS's sync job. */
  public static final String DEFAULT_OWNER = "root@pam";

  public SyncOptions {
    Objects.requireNonNull(sourceNs, "sourceNs");
    Objects.requireNonNull(targetNs, "targetNs");
    groupFilter = List.copyOf(groupFilter);
    if (maxDepth < 0 || maxDepth > BackupNamespace.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "max-depth must be 0.." + BackupNamespace.MAX_DEPTH + ": " + maxDepth);
    }
    if (transferLast < 0) {
      throw new IllegalArgumentException("transfer-last must be >= 0: " + transferLast);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1: " + workers);
    }
    if (rateBytesPerSecond < 0) {
      throw new IllegalArgumentException("rate must be >= 0: " + rateBytesPerSecond);
    }
    BackupNames.checkAuthId(owner);
  }

  /** Everything from the root to the root, all groups, one worker, no limit, fsync on. */
  public static SyncOptions defaults() {
    return new SyncOptions(
        BackupNamespace.root(),
        BackupNamespace.root(),
        BackupNamespace.MAX_DEPTH,
        List.of(),
        false,
        false,
        0,
        1,
        0,
        false,
        DEFAULT_OWNER,
        true);
  }

  public SyncOptions withNamespaces(BackupNamespace source, BackupNamespace target, int depth) {
    return new SyncOptions(
        source,
        target,
        depth,
        groupFilter,
        removeVanished,
        resyncCorrupt,
        transferLast,
        workers,
        rateBytesPerSecond,
        dryRun,
        owner,
        sync);
  }

  public SyncOptions withGroupFilter(List<GroupFilter> filters) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        filters,
        removeVanished,
        resyncCorrupt,
        transferLast,
        workers,
        rateBytesPerSecond,
        dryRun,
        owner,
        sync);
  }

  public SyncOptions withRemoveVanished(boolean on) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        on,
        resyncCorrupt,
        transferLast,
        workers,
        rateBytesPerSecond,
        dryRun,
        owner,
        sync);
  }

  public SyncOptions withResyncCorrupt(boolean on) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        removeVanished,
        on,
        transferLast,
        workers,
        rateBytesPerSecond,
        dryRun,
        owner,
        sync);
  }

  public SyncOptions withTransferLast(int n) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        removeVanished,
        resyncCorrupt,
        n,
        workers,
        rateBytesPerSecond,
        dryRun,
        owner,
        sync);
  }

  public SyncOptions withWorkers(int n) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        removeVanished,
        resyncCorrupt,
        transferLast,
        n,
        rateBytesPerSecond,
        dryRun,
        owner,
        sync);
  }

  public SyncOptions withRate(long bytesPerSecond) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        removeVanished,
        resyncCorrupt,
        transferLast,
        workers,
        bytesPerSecond,
        dryRun,
        owner,
        sync);
  }

  public SyncOptions withDryRun(boolean on) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        removeVanished,
        resyncCorrupt,
        transferLast,
        workers,
        rateBytesPerSecond,
        on,
        owner,
        sync);
  }

  public SyncOptions withOwner(String authId) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        removeVanished,
        resyncCorrupt,
        transferLast,
        workers,
        rateBytesPerSecond,
        dryRun,
        authId,
        sync);
  }

  public SyncOptions withSync(boolean on) {
    return new SyncOptions(
        sourceNs,
        targetNs,
        maxDepth,
        groupFilter,
        removeVanished,
        resyncCorrupt,
        transferLast,
        workers,
        rateBytesPerSecond,
        dryRun,
        owner,
        on);
  }

  /** The target namespace of source namespace {@code ns} (below {@link #sourceNs}). */
  BackupNamespace map(BackupNamespace ns) {
    BackupNamespace out = targetNs;
    for (String c : ns.components().subList(sourceNs.depth(), ns.depth())) {
      out = out.child(c);
    }
    return out;
  }
}
