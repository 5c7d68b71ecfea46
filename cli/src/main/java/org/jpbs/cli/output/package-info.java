/**
 * What a command prints: the {@link org.jpbs.cli.output.Output} seam with its two renderings
 * ({@code --json}, stable and documented in {@code cli/README.md}, and aligned human text), the
 * {@code --json} mixin {@link org.jpbs.cli.output.OutputOptions}, {@link
 * org.jpbs.cli.output.Table}, the human units {@link org.jpbs.cli.output.HumanBytes} and {@link
 * org.jpbs.cli.output.HumanDuration}, and {@link org.jpbs.cli.output.StdoutSink} for binary data on
 * stdout (restore). Results go to stdout only; progress and errors never come through here.
 */
package org.jpbs.cli.output;
