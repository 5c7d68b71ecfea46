package org.jpbs.s3.gc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jpbs.chunkstore.ReferencedChunks;
import org.jpbs.chunkstore.SweepCounters;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.s3.S3DeleteResult;
import org.jpbs.s3.S3ObjectInfo;
import org.jpbs.s3.S3ObjectKeys;
import org.jpbs.s3.S3StoreClient;
import org.jpbs.s3.S3StoreException;

/** One prefix range of an {@link S3ChunkSweeper}'s sweep (one thread, the listing's order). */
final class S3SweepRun {
  private static final Pattern LOCAL_NAME = Pattern.compile("[0-9a-f]{64}(\\.[0-9]\\.bad)?");

  /** A non-member the listing found old: decided again under the lock, then deleted. */
  record Candidate(String key, Path local, int prefix, long size, boolean bad) {}

  private final S3ChunkSweeper sweeper;
  private final SweepRequest request;
  private final ReferencedChunks view;
  private final S3ObjectKeys keys;
  private final SweepCounters counters;
  private final long keepAbove; // max(minAtime, oldestWriter): older needs the local atime too
  private final List<Candidate> batch; // the sweeper's: it carries over into the next slice
  private final Set<String> listedNames = new HashSet<>(); // of the current directory
  private int current;
  private String lastPlainHex;

  S3SweepRun(S3ChunkSweeper sweeper, SweepRequest request) {
    this.sweeper = sweeper;
    this.request = request;
    this.view = request.referenced().forSweepThread();
    this.keys = sweeper.client.config().keys();
    this.counters = new SweepCounters(request.minAtime(), request.oldestWriter());
    this.keepAbove = Math.max(request.minAtime(), request.oldestWriter());
    this.current = request.firstPrefix() - 1;
    this.batch = sweeper.pending;
  }

  SweepReport run() throws IOException {
    int last = request.lastPrefix();
    S3ObjectInfo o;
    long nextProgress = 0;
    while ((o = sweeper.listing.next(request.firstPrefix(), request.abortCheck())) != null) {
      Optional<S3ObjectKeys.ChunkObject> c = keys.parseChunkKey(o.key());
      if (c.isEmpty()) {
        continue; // not a chunk name: skipped, as PBS does
      }
      int prefix = Integer.parseInt(c.get().hexDigest().substring(0, 4), 16);
      if (prefix > last) {
        sweeper.listing.pushBack(o);
        break;
      }
      if (prefix < current) {
        // the mark set's answers for that directory are gone: never guess "not referenced"
        throw new IOException(
            "S3 GC: the listing is not in key order ("
                + o.key()
                + " after directory "
                + String.format("%04x", current)
                + "); nothing more is deleted");
      }
      enter(prefix);
      decide(o, c.get(), prefix);
      if (batch.size() >= sweeper.batchKeys) {
        flush();
      }
      if (counters.chunkCount() >= nextProgress) {
        nextProgress = counters.chunkCount() + S3StoreClient.PAGE_KEYS;
        request
            .listener()
            .progress(
                current - request.firstPrefix(), last - request.firstPrefix() + 1, nextProgress);
      }
    }
    if (last == SweepRequest.DIRECTORIES - 1) {
      flush(); // else the batch fills up in the next slice: ⌈R/1000⌉ requests in all
    }
    enter(last + 1);
    return counters.report();
  }

  /** Finishes the directories before {@code prefix} and prepares the mark set's answers for it. */
  private void enter(int prefix) throws IOException {
    while (current < prefix) {
      if (current >= request.firstPrefix()) {
        cleanLocal(current); // never one of the batch's files: those were listed
      }
      current++;
      listedNames.clear();
      lastPlainHex = null;
      if (current <= request.lastPrefix()) {
        view.load(current, 1);
      }
    }
  }

  private void decide(S3ObjectInfo o, S3ObjectKeys.ChunkObject c, int prefix) throws IOException {
    String hex = c.hexDigest();
    String name = c.bad() ? hex + "." + c.badIndex() + ".bad" : hex;
    listedNames.add(name);
    ChunkDigest d = ChunkDigest.fromHex(hex);
    long w0 = d.word(0);
    long w1 = d.word(1);
    long w2 = d.word(2);
    long w3 = d.word(3);
    boolean marked;
    if (c.bad()) {
      // the copies of a referenced chunk whose object is missing are kept (PBS's rule)
      marked = !hex.equals(lastPlainHex) && view.isBadCopyMarked(w0, w1, w2, w3);
    } else {
      marked = view.isMarked(w0, w1, w2, w3);
      lastPlainHex = hex;
    }
    if (marked) {
      counters.classify(Long.MAX_VALUE, o.size(), c.bad()); // kept, on disk
      return;
    }
    Path local = sweeper.cache.chunksDir().resolve(hex.substring(0, 4)).resolve(name);
    long effective = sweeper.stats.clock.hostSeconds(o.lastModified());
    if (effective < keepAbove) {
      effective = Math.max(effective, localAtime(local));
    }
    if (!counters.classify(effective, o.size(), c.bad())) {
      return; // kept: counted as pending or on disk
    }
    if (request.dryRun()) {
      counters.removed(o.size(), c.bad());
    } else {
      batch.add(new Candidate(o.key(), local, prefix, o.size(), c.bad()));
    }
  }

  /**
   * Decides the batch again and deletes it, holding its chunk directories exclusively: the local
   * copy first, then the objects in one DeleteObjects request.
   */
  private void flush() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    int first = batch.get(0).prefix();
    int count = batch.get(batch.size() - 1).prefix() - first + 1;
    sweeper.cache.withExclusivePrefixes(first, count, this::deleteLocked);
    batch.clear();
  }

  private Void deleteLocked() throws IOException {
    List<Candidate> doomed = new ArrayList<>(batch.size());
    for (Candidate c : batch) {
      long atime = localAtime(c.local()); // a writer's insert, touch or 412 since the listing
      if (!counters.reclassify(atime, c.size(), c.bad())) {
        continue; // kept after all: counted as pending or on disk
      }
      // before the object: a writer must never find a local copy of a deleted object
      Files.deleteIfExists(c.local());
      doomed.add(c);
    }
    sweeper.probe.at(S3SweepProbe.Step.BATCH_LOCKED);
    if (doomed.isEmpty()) {
      return null;
    }
    List<String> doomedKeys = new ArrayList<>(doomed.size());
    doomed.forEach(c -> doomedKeys.add(c.key()));
    S3DeleteResult r = io(() -> sweeper.client.deleteAll(doomedKeys));
    sweeper.stats.deleteRequests.addAndGet(
        sweeper.client.config().deleteViaDeleteObject() ? doomed.size() : 1);
    sweeper.probe.at(S3SweepProbe.Step.BATCH_DELETED);
    if (!r.complete()) {
      Map.Entry<String, String> e = r.failed().entrySet().iterator().next();
      throw new IOException(
          "S3 GC: deleting "
              + sweeper.client.config().bucket()
              + "/"
              + e.getKey()
              + " failed: "
              + e.getValue()
              + (r.failed().size() > 1 ? " (and " + (r.failed().size() - 1) + " more keys)" : "")
              + "; the GC stops, the objects stay for the next run");
    }
    for (Candidate c : doomed) {
      counters.removed(c.size(), c.bad());
    }
    sweeper.stats.deletedObjects.addAndGet(doomed.size());
    return null;
  }

  /**
   * Removes this directory's local cache files whose object the listing did not contain (a cache
   * file of a missing object would let an insert skip the upload). Harmless for an object created
   * after the listing passed: its next insert uploads again (412) and re-creates the file.
   */
  private void cleanLocal(int prefix) throws IOException {
    if (request.dryRun()) {
      return;
    }
    Path dir = sweeper.cache.chunksDir().resolve(String.format("%04x", prefix));
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (LOCAL_NAME.matcher(n).matches() && !listedNames.contains(n)) {
          stale.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return;
    }
    if (stale.isEmpty()) {
      return;
    }
    sweeper.cache.withExclusivePrefixes(
        prefix,
        1,
        () -> {
          for (Path p : stale) {
            if (Files.deleteIfExists(p)) {
              sweeper.stats.cleanedLocalFiles.incrementAndGet();
            }
          }
          return null;
        });
  }

  /** The local file's atime in whole seconds, or {@code Long.MIN_VALUE} if there is none. */
  private static long localAtime(Path local) throws IOException {
    try {
      BasicFileAttributes a =
          Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.lastAccessTime().to(TimeUnit.SECONDS);
    } catch (NoSuchFileException e) {
      return Long.MIN_VALUE;
    }
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T io(Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (S3StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
