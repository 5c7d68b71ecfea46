package org.jpbs.datastore.sync;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.jpbs.chunkstore.SharedStoreGuard;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.backup.WriterRegistration;

/**
 * {@code jpbs sync SOURCE TARGET}: PBS's local sync job between two jpbs datastores, either of
 * which may be a filesystem or an S3 datastore. The safety argument is in this package's {@code
 * package-info}.
 */
public final class DatastoreSync {
  private DatastoreSync() {}

  /** Runs a sync; failures of single groups or snapshots are in the report, not thrown. */
  public static SyncReport run(
      SyncEndpoint source,
      SyncEndpoint target,
      SyncOptions options,
      SyncListener listener,
      InstantSource clock)
      throws IOException {
    return run(source, target, options, listener, clock, SyncProbe.NONE, RateLimit.Ticker.SYSTEM);
  }

  /**
   * As {@link #run(SyncEndpoint, SyncEndpoint, SyncOptions, SyncListener, InstantSource)} with a
   * test seam.
   */
  public static SyncReport run(
      SyncEndpoint source,
      SyncEndpoint target,
      SyncOptions options,
      SyncListener listener,
      InstantSource clock,
      SyncProbe probe)
      throws IOException {
    return run(source, target, options, listener, clock, probe, RateLimit.Ticker.SYSTEM);
  }

  static SyncReport run(
      SyncEndpoint source,
      SyncEndpoint target,
      SyncOptions options,
      SyncListener listener,
      InstantSource clock,
      SyncProbe probe,
      RateLimit.Ticker ticker)
      throws IOException {
    long started = clock.millis();
    Datastore src = source.datastore();
    Datastore dst = target.datastore();
    if (src.base().equals(dst.base())) {
      throw new SyncRefusedException("source and target are the same datastore: " + src.base());
    }
    if (!src.namespaceExists(options.sourceNs())) {
      throw new SyncRefusedException(
          "source namespace '" + options.sourceNs() + "' does not exist in " + src.base());
    }
    List<BackupNamespace> namespaces = src.listNamespaces(options.sourceNs(), options.maxDepth());
    for (BackupNamespace ns : namespaces) {
      int depth = options.targetNs().depth() + ns.depth() - options.sourceNs().depth();
      if (depth > BackupNamespace.MAX_DEPTH) {
        throw new SyncRefusedException(
            "namespace '"
                + ns
                + "' would be "
                + depth
                + " levels deep on the target (max "
                + BackupNamespace.MAX_DEPTH
                + "); lower --max-depth or choose a shallower --target-ns");
      }
    }
    List<BackupGroup[]> jobs = new ArrayList<>();
    for (BackupNamespace ns : namespaces) {
      List<BackupGroup> groups = new ArrayList<>(sourceGroups(src, ns, listener).orElse(List.of()));
      groups.sort(BackupGroup.PBS_ORDER);
      for (BackupGroup g : groups) {
        if (GroupFilter.accepts(options.groupFilter(), g.type(), g.id())) {
          jobs.add(new BackupGroup[] {g, dst.group(options.map(ns), g.type(), g.id())});
        }
      }
    }
    SyncCounters counters = new SyncCounters();
    SyncContext ctx =
        new SyncContext(
            source,
            target,
            options,
            counters,
            new RateLimit(options.rateBytesPerSecond(), ticker),
            listener,
            probe,
            new LongAdder(),
            ConcurrentHashMap.newKeySet());
    plan(ctx, jobs);
    if (options.dryRun()) {
      runGroups(ctx, jobs);
      removeVanishedGroups(ctx, namespaces);
      VanishedNamespaces.remove(ctx, namespaces);
    } else {
      WriterRegistration.Handle reg =
          target.registration().register("sync", src.base() + " -> " + dst.base());
      try (reg;
          SharedStoreGuard ignored = target.store().acquireShared()) {
        for (BackupNamespace ns : namespaces) {
          BackupNamespace t = options.map(ns);
          if (!dst.namespaceExists(t)) {
            dst.createNamespace(t);
          }
        }
        runGroups(ctx, jobs);
        removeVanishedGroups(ctx, namespaces);
        VanishedNamespaces.remove(ctx, namespaces);
      }
    }
    return counters.report(jobs.size(), Duration.ofMillis(clock.millis() - started));
  }

  /** Tells the listener how much is to be copied (read from the source manifests; an estimate). */
  private static void plan(SyncContext ctx, List<BackupGroup[]> jobs) {
    long snapshots = 0;
    long bytes = 0;
    for (BackupGroup[] job : jobs) {
      try {
        GroupSync.Plan p = new GroupSync(ctx, job[0], job[1]).plan();
        snapshots += p.copy().size();
        for (var s : p.copy()) {
          bytes += SyncSizes.archiveBytes(s.dir());
        }
      } catch (IOException | RuntimeException e) {
        // the group's own run reports it
      }
    }
    ctx.listener().planned(snapshots, bytes);
  }

  private static void runGroups(SyncContext ctx, List<BackupGroup[]> jobs) throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(ctx.options().workers(), Math.max(1, jobs.size())));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (BackupGroup[] job : jobs) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    new GroupSync(ctx, job[0], job[1]).run();
                  } catch (IOException | RuntimeException e) {
                    ctx.counters().fail("group " + job[0], e);
                  }
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IOException("sync worker failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("sync interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * PBS remove-vanished for groups: target groups in the synced namespaces that pass the filter,
   * are owned by the sync's owner and have no source group are destroyed (protected snapshots and
   * their groups stay).
   */
  private static void removeVanishedGroups(SyncContext ctx, List<BackupNamespace> namespaces) {
    SyncOptions o = ctx.options();
    if (!o.removeVanished()) {
      return;
    }
    Datastore src = ctx.source().datastore();
    Datastore dst = ctx.target().datastore();
    for (BackupNamespace ns : namespaces) {
      BackupNamespace t = o.map(ns);
      try {
        Optional<List<BackupGroup>> sourceGroups = sourceGroups(src, ns, ctx.listener());
        if (!dst.namespaceExists(t) || sourceGroups.isEmpty()) {
          // a source namespace that vanished since it was listed: its target groups stay this
          // run (and, listed, it is no vanished namespace either); the next run decides
          continue;
        }
        Set<String> present = new HashSet<>();
        for (BackupGroup g : sourceGroups.get()) {
          present.add(g.type().dirName() + '/' + g.id());
        }
        for (BackupGroup g : dst.listGroups(t)) {
          if (present.contains(g.type().dirName() + '/' + g.id())
              || !GroupFilter.accepts(o.groupFilter(), g.type(), g.id())
              || !o.owner().equals(g.owner())) {
            continue;
          }
          removeGroup(ctx, g);
        }
      } catch (IOException | RuntimeException e) {
        ctx.counters().fail("removing vanished groups of namespace '" + t + "'", e);
      }
    }
  }

  /**
   * The groups of source namespace {@code ns}, or empty (with a warning) if it vanished since it
   * was listed: a concurrent namespace move or removal took it away. Like a vanished source
   * snapshot (case S1) it is skipped, not a failure of the run; moved groups are synced where they
   * are now by the next run.
   */
  private static Optional<List<BackupGroup>> sourceGroups(
      Datastore src, BackupNamespace ns, SyncListener listener) throws IOException {
    try {
      return Optional.of(src.listGroups(ns));
    } catch (NoSuchFileException e) {
      if (src.namespaceExists(ns)) {
        throw e;
      }
      listener.warn("source namespace '" + ns + "' vanished (moved or removed): skipped");
      return Optional.empty();
    }
  }

  /**
   * Destroys a vanished target group (dry run: counts what would go); protected snapshots stay.
   *
   * @return true if the group is (dry run: would be) gone
   */
  static boolean removeGroup(SyncContext ctx, BackupGroup g) throws IOException {
    SyncCounters c = ctx.counters();
    if (ctx.options().dryRun()) {
      boolean keeps = false;
      for (var s : g.listSnapshots()) {
        keeps |= s.isProtected();
        (s.isProtected() ? c.protectedKept : c.snapshotsRemoved).increment();
      }
      if (!keeps) {
        c.groupsRemoved.increment();
      }
      return !keeps;
    }
    BackupGroup.DestroyStats d = g.destroy();
    c.snapshotsRemoved.add(d.removedSnapshots());
    c.protectedKept.add(d.protectedSnapshots());
    if (d.groupRemoved()) {
      c.groupsRemoved.increment();
    }
    ctx.listener()
        .info("removed vanished group " + g + " (" + d.removedSnapshots() + " snapshots)");
    return d.groupRemoved();
  }
}
