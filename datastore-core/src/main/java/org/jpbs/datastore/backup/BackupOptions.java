package org.jpbs.datastore.backup;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Settings of a backup session; immutable, {@code with*} returns a copy.
 *
 * <p>Defaults: the caller's clock (backup time = its time at start), owner {@code root@pam}, fixed
 * chunks of 4 MiB, dynamic average 4 MiB, no writer registration, no progress, a fresh (never
 * cancelled) token, {@code syncfs} and a fsynced manifest at finish (PBS sync-level {@code
 * filesystem}).
 */
public final class BackupOptions {
  /** PBS fixed index chunk size for images: 4 MiB. */
  public static final int FIXED_CHUNK_SIZE = 4 * 1024 * 1024;

  private final InstantSource clock;
  private final String owner;
  private final int fixedChunkSize;
  private final int dynamicAverage;
  private final WriterRegistration registration;
  private final ProgressListener progress;
  private final Cancellation cancellation;
  private final boolean sync;
  private final Instant backupTime; // null: the clock's time at start

  private BackupOptions(
      InstantSource clock,
      String owner,
      int fixedChunkSize,
      int dynamicAverage,
      WriterRegistration registration,
      ProgressListener progress,
      Cancellation cancellation,
      boolean sync,
      Instant backupTime) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.fixedChunkSize = fixedChunkSize;
    this.dynamicAverage = dynamicAverage;
    this.registration = Objects.requireNonNull(registration, "registration");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
    this.sync = sync;
    this.backupTime = backupTime;
  }

  /** The defaults, on the caller's {@code clock} (an application's one clock). */
  public static BackupOptions defaults(InstantSource clock) {
    return new BackupOptions(
        clock,
        "root@pam",
        FIXED_CHUNK_SIZE,
        Chunker.DEFAULT_AVG,
        WriterRegistration.NONE,
        ProgressListener.NONE,
        new Cancellation(),
        true,
        null);
  }

  /** Clock for the index ctimes (PBS: the index creation time) and, by default, the backup time. */
  public BackupOptions withClock(InstantSource c) {
    return new BackupOptions(
        c,
        owner,
        fixedChunkSize,
        dynamicAverage,
        registration,
        progress,
        cancellation,
        sync,
        backupTime);
  }

  /**
   * An explicit backup time (the snapshot's name, whole seconds) instead of the clock's time at
   * start; index ctimes still come from the clock. {@code null} restores the default.
   */
  public BackupOptions withBackupTime(Instant t) {
    return new BackupOptions(
        clock,
        owner,
        fixedChunkSize,
        dynamicAverage,
        registration,
        progress,
        cancellation,
        sync,
        t);
  }

  /** Auth-ID that must own the group (a new group gets it as owner). */
  public BackupOptions withOwner(String o) {
    return new BackupOptions(
        clock,
        o,
        fixedChunkSize,
        dynamicAverage,
        registration,
        progress,
        cancellation,
        sync,
        backupTime);
  }

  /**
   * Fixed index chunk size: a power of two, at most 16 MiB (default 4 MiB, as PBS; smaller for
   * tests).
   */
  public BackupOptions withFixedChunkSize(int size) {
    if (size < 4096 || Integer.bitCount(size) != 1 || size > 16 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "fixed chunk size must be a power of two in [4 KiB, 16 MiB]: " + size);
    }
    return new BackupOptions(
        clock, owner, size, dynamicAverage, registration, progress, cancellation, sync, backupTime);
  }

  /**
   * Average size of content-defined chunks: a power of two, 64 KiB .. 4 MiB as the PBS client
   * allows.
   */
  public BackupOptions withDynamicAverage(int avg) {
    if (avg < 64 * 1024 || Integer.bitCount(avg) != 1 || avg > Chunker.DEFAULT_AVG) {
      throw new IllegalArgumentException(
          "chunk size average must be a power of two in [64 KiB, 4 MiB]: " + avg);
    }
    return new BackupOptions(
        clock, owner, fixedChunkSize, avg, registration, progress, cancellation, sync, backupTime);
  }

  /** GC writer registration, made before the store lock is taken (see package docs). */
  public BackupOptions withRegistration(WriterRegistration r) {
    return new BackupOptions(
        clock, owner, fixedChunkSize, dynamicAverage, r, progress, cancellation, sync, backupTime);
  }

  /**
   * Progress in bytes of the archive being written ({@code total} = its size, or -1 for a stream).
   */
  public BackupOptions withProgress(ProgressListener p) {
    return new BackupOptions(
        clock,
        owner,
        fixedChunkSize,
        dynamicAverage,
        registration,
        p,
        cancellation,
        sync,
        backupTime);
  }

  /** Cancellation token polled once per chunk. */
  public BackupOptions withCancellation(Cancellation c) {
    return new BackupOptions(
        clock, owner, fixedChunkSize, dynamicAverage, registration, progress, c, sync, backupTime);
  }

  /** Whether finish runs {@code syncfs} and fsyncs indexes and manifest (default true). */
  public BackupOptions withSync(boolean s) {
    return new BackupOptions(
        clock,
        owner,
        fixedChunkSize,
        dynamicAverage,
        registration,
        progress,
        cancellation,
        s,
        backupTime);
  }

  InstantSource clock() {
    return clock;
  }

  /** The backup time: the explicit one, else the clock's time now. */
  long backupTime() {
    return (backupTime != null ? backupTime : clock.instant()).getEpochSecond();
  }

  String owner() {
    return owner;
  }

  int fixedChunkSize() {
    return fixedChunkSize;
  }

  int dynamicAverage() {
    return dynamicAverage;
  }

  WriterRegistration registration() {
    return registration;
  }

  ProgressListener progress() {
    return progress;
  }

  Cancellation cancellation() {
    return cancellation;
  }

  boolean sync() {
    return sync;
  }
}
