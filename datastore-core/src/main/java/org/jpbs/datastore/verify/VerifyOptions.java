package org.jpbs.datastore.verify;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import org.jpbs.datastore.Upid;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.backup.ProgressListener;

/**
 * Settings of a verify job; immutable, {@code with*} returns a copy.
 *
 * <p>Defaults: the caller's clock, 4 reader/decoder threads (PBS {@code
 * default-verification-workers}), chunk order by inode, verify everything (no skipping), UPID node
 * this host's name ({@link Upid#nodeName()}) with auth {@code root@pam}, no progress, a fresh
 * token.
 */
public final class VerifyOptions {
  private final InstantSource clock;
  private final int threads;
  private final boolean inodeOrder;
  private final boolean ignoreVerified;
  private final Duration outdatedAfter;
  private final String node;
  private final String authId;
  private final ProgressListener progress;
  private final Cancellation cancellation;

  private VerifyOptions(
      InstantSource clock,
      int threads,
      boolean inodeOrder,
      boolean ignoreVerified,
      Duration outdatedAfter,
      String node,
      String authId,
      ProgressListener progress,
      Cancellation cancellation) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.threads = threads;
    this.inodeOrder = inodeOrder;
    this.ignoreVerified = ignoreVerified;
    this.outdatedAfter = outdatedAfter;
    this.node = Objects.requireNonNull(node, "node");
    this.authId = Objects.requireNonNull(authId, "authId");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
  }

  /** The defaults, on the caller's {@code clock} (an application's one clock). */
  public static VerifyOptions defaults(InstantSource clock) {
    return new VerifyOptions(
        clock,
        4,
        true,
        false,
        null,
        Upid.nodeName(),
        "root@pam",
        ProgressListener.NONE,
        new Cancellation());
  }

  /** Clock for the UPID start time and the outdated-after test. */
  public VerifyOptions withClock(InstantSource c) {
    return new VerifyOptions(
        c,
        threads,
        inodeOrder,
        ignoreVerified,
        outdatedAfter,
        node,
        authId,
        progress,
        cancellation);
  }

  /** Chunk reader/decoder threads (1..256). */
  public VerifyOptions withThreads(int n) {
    if (n < 1 || n > 256) {
      throw new IllegalArgumentException("threads must be in 1..256: " + n);
    }
    return new VerifyOptions(
        clock, n, inodeOrder, ignoreVerified, outdatedAfter, node, authId, progress, cancellation);
  }

  /** Chunk order: by inode (PBS default {@code chunk-order=inode}) or index order. */
  public VerifyOptions withInodeOrder(boolean byInode) {
    return new VerifyOptions(
        clock,
        threads,
        byInode,
        ignoreVerified,
        outdatedAfter,
        node,
        authId,
        progress,
        cancellation);
  }

  /**
   * PBS {@code ignore-verified}: skip snapshots that have a {@code verify_state}, unless {@code
   * outdatedAfter} is set and that verify is older (PBS counts whole days: re-verify when {@code
   * floor(age / 1 day) > floor(outdatedAfter / 1 day)} for a whole number of days; otherwise when
   * {@code age > outdatedAfter}). A failed state is skipped too, as in PBS.
   */
  public VerifyOptions withIgnoreVerified(boolean ignore, Optional<Duration> outdated) {
    outdated.ifPresent(
        d -> {
          if (d.isNegative()) {
            throw new IllegalArgumentException("outdatedAfter must not be negative: " + d);
          }
        });
    return new VerifyOptions(
        clock,
        threads,
        inodeOrder,
        ignore,
        outdated.orElse(null),
        node,
        authId,
        progress,
        cancellation);
  }

  /** Node name and Auth-ID written into the UPID. */
  public VerifyOptions withTaskIdentity(String nodeName, String auth) {
    return new VerifyOptions(
        clock,
        threads,
        inodeOrder,
        ignoreVerified,
        outdatedAfter,
        nodeName,
        auth,
        progress,
        cancellation);
  }

  /** Progress in snapshots ({@code done} of {@code total} selected). */
  public VerifyOptions withProgress(ProgressListener p) {
    return new VerifyOptions(
        clock, threads, inodeOrder, ignoreVerified, outdatedAfter, node, authId, p, cancellation);
  }

  /** Cancellation token, polled before every chunk by every thread. */
  public VerifyOptions withCancellation(Cancellation c) {
    return new VerifyOptions(
        clock, threads, inodeOrder, ignoreVerified, outdatedAfter, node, authId, progress, c);
  }

  InstantSource clock() {
    return clock;
  }

  int threads() {
    return threads;
  }

  boolean inodeOrder() {
    return inodeOrder;
  }

  boolean ignoreVerified() {
    return ignoreVerified;
  }

  Optional<Duration> outdatedAfter() {
    return Optional.ofNullable(outdatedAfter);
  }

  String node() {
    return node;
  }

  String authId() {
    return authId;
  }

  ProgressListener progress() {
    return progress;
  }

  Cancellation cancellation() {
    return cancellation;
  }
}
