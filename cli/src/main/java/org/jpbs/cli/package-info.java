/**
 * The {@code jpbs} command line: the only composition root of jpbs (it alone reads the real clock
 * and the environment).
 *
 * <p>Priorities: a failure is one clear line naming the file and what to do, with a distinct exit
 * code ({@link org.jpbs.cli.ExitCodes}); machine output ({@code --json}) is stable and documented
 * in {@code cli/README.md}; human output is aligned and sized for people; progress goes to stderr
 * and never mixes with results on stdout.
 *
 * <p>Sub-packages: {@code output} (what a command prints), {@code progress} (stderr progress) and
 * {@code demo} (the guided tour); the subcommands, their option mixins and the error/exit-code
 * wiring stay here. Pieces a subcommand uses: {@link org.jpbs.cli.output.OutputOptions} ({@code
 * --json}, {@link org.jpbs.cli.output.Output}), {@link org.jpbs.cli.progress.ProgressOptions}
 * ({@code --progress}, {@link org.jpbs.cli.progress.ProgressReporter}), {@link
 * org.jpbs.cli.output.Table}, {@link org.jpbs.cli.output.HumanBytes}, {@link
 * org.jpbs.cli.output.HumanDuration} and {@link org.jpbs.cli.CommandFailedException}. Errors are
 * turned into lines and exit codes by a package-private handler wired in {@link org.jpbs.cli.Main};
 * commands just throw.
 *
 * <p>Composition root contract: {@link org.jpbs.cli.Main} creates the process's one clock ({@link
 * java.time.InstantSource#system()}) and the exit-code registry and hands both to every command
 * that needs them as a {@link org.jpbs.cli.CommandContext} (constructor injection through Main's
 * picocli factory); the commands pass the clock on to the library options. Only this package opens
 * chunk stores and the GC state (LMDB). {@link org.jpbs.cli.DatastoreSession} opens the chunk store
 * first (so a non-datastore fails with a "run jpbs init" hint), then the datastore tree, then — for
 * commands that need it — the GC state, once per process; every command that removes snapshots
 * ({@code prune}, {@code forget}) registers the GC's mark-phase barrier through it, which keeps a
 * GC running concurrently in another process safe; every command that writes chunks ({@code
 * backup}, {@code demo}) passes {@link org.jpbs.cli.DatastoreSession}'s writer registration (backed
 * by the GC state) to {@code BackupSession}, so a concurrent GC counts the writer (registration
 * before the store's shared lock) instead of refusing or sweeping its chunks. {@code backup},
 * {@code restore} and {@code verify} map Ctrl-C to the library's {@code Cancellation} ({@link
 * org.jpbs.cli.CancelOnSignal}) so their cleanup runs before the JVM exits.
 */
package org.jpbs.cli;
