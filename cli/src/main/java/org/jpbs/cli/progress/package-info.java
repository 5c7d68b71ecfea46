/**
 * Progress on stderr while a command works: the {@code --progress}/{@code --no-progress} mixin
 * {@link org.jpbs.cli.progress.ProgressOptions} picks one {@link
 * org.jpbs.cli.progress.ProgressReporter} (a redrawn {@link org.jpbs.cli.progress.TtyProgressBar}
 * on a terminal, {@link org.jpbs.cli.progress.PlainProgressLines} elsewhere, {@link
 * org.jpbs.cli.progress.NoProgress}); {@link org.jpbs.cli.progress.PhaseProgress} and {@link
 * org.jpbs.cli.progress.GcProgressListener} turn library callbacks (GC phases) into reports. The
 * clock is handed in; nothing here reads the system clock.
 */
package org.jpbs.cli.progress;
