/**
 * The {@code jpbs} command line: the only composition root of jpbs (it alone reads the real clock
 * and the environment).
 *
 * <p>Priorities: a failure is one clear line naming the file and what to do, with a distinct exit
 * code ({@link org.jpbs.cli.ExitCodes}); machine output ({@code --json}) is stable and documented
 * in {@code cli/README.md}; human output is aligned and sized for people; progress goes to stderr
 * and never mixes with results on stdout.
 *
 * <p>Pieces a subcommand uses: {@link org.jpbs.cli.OutputOptions} ({@code --json}, {@link
 * org.jpbs.cli.Output}), {@link org.jpbs.cli.ProgressOptions} ({@code --progress}, {@link
 * org.jpbs.cli.ProgressReporter}), {@link org.jpbs.cli.Table}, {@link org.jpbs.cli.HumanBytes},
 * {@link org.jpbs.cli.HumanDuration} and {@link org.jpbs.cli.CommandFailedException}. Errors are
 * turned into lines and exit codes by a package-private handler wired in {@link
 * org.jpbs.cli.Main}; commands just throw.
 */
package org.jpbs.cli;
