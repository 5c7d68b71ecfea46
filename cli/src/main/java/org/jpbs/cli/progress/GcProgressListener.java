package org.jpbs.cli.progress;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jpbs.cli.output.Output;
import org.jpbs.gc.GcListener;

/**
 * Feeds a GC run's callbacks to the command's output: phases and progress to the {@link
 * ProgressReporter} (stderr), PBS's task-log lines via {@link Output#note} (stdout in human mode,
 * stderr with {@code --json}) and warnings via {@link Output#warn} (stderr), printed above the
 * progress bar. Thread-safe (the GC calls it from its workers).
 */
public final class GcProgressListener implements GcListener {
  private final Output out;
  private final ProgressReporter progress;
  private final AtomicLong warnings = new AtomicLong();
  private final BooleanSupplier cancel;
  private volatile Phase phase = Phase.PREPARE;

  public GcProgressListener(Output out, ProgressReporter progress) {
    this(out, progress, () -> false);
  }

  /** As above; {@code cancel} answers {@link #cancelRequested()} (Ctrl-C). */
  public GcProgressListener(Output out, ProgressReporter progress, BooleanSupplier cancel) {
    this.out = Objects.requireNonNull(out, "out");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.cancel = Objects.requireNonNull(cancel, "cancel");
  }

  @Override
  public boolean cancelRequested() {
    return cancel.getAsBoolean();
  }

  /** The phase the run is in (the last one started). */
  public Phase phase() {
    return phase;
  }

  @Override
  public synchronized void phaseStarted(Phase phase, long total) {
    this.phase = phase;
    switch (phase) {
      case MARK -> progress.start("mark", total, "index files");
      case SWEEP -> progress.start("sweep", total, "chunk dirs");
      case DONE -> progress.finish();
      default -> {}
    }
  }

  @Override
  public void progress(Phase phase, long done, long total) {
    progress.update(done);
  }

  @Override
  public synchronized void info(String message) {
    progress.printAbove(() -> out.note(message));
  }

  @Override
  public synchronized void warning(String message) {
    warnings.incrementAndGet();
    progress.printAbove(() -> out.warn(message));
  }

  /** Warnings seen so far. */
  long warnings() {
    return warnings.get();
  }
}
