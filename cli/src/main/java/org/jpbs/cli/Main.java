package org.jpbs.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jpbs} command: the composition root that lists the subcommands, owns the global
 * options and wires error reporting and exit codes.
 *
 * <p>Subcommands are added to {@code subcommands} below; exception types that deserve their own
 * exit code are registered in {@link #exitCodes()}.
 */
@Command(
    name = "jpbs",
    mixinStandardHelpOptions = true,
    versionProvider = JpbsVersion.class,
    description = "Proxmox Backup Server datastore tool: backup, restore, prune and garbage collection.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success            1  failure            2  usage error",
      "  3  lock contention    4  corrupt data       5  I/O error",
      "  6  GC safety refusal  130  interrupted"
    },
    subcommands = {CompletionCommand.class, ProgressSelftestCommand.class})
public final class Main implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with error messages.")
  boolean verbose;

  /** Runs {@code jpbs} with {@code args} and exits the JVM with its exit code. */
  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = newCommandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The exception-type → exit-code registry. Register library exception types here when wiring
   * their subcommands, e.g. {@code .register(DatastoreLockedException.class,
   * ExitCodes.LOCK_CONTENTION, e -> "another jpbs process holds " + e.path())}.
   */
  public static ExitCodes exitCodes() {
    return ExitCodes.standard();
  }

  /** A fully wired command line writing to {@code out} and {@code err}. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    return newCommandLine(out, err, new Object[0]);
  }

  /**
   * As {@link #newCommandLine(PrintWriter, PrintWriter)} with extra subcommands (tests use this):
   * picocli applies streams and handlers only to subcommands that exist when they are set.
   */
  static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Object... extraSubcommands) {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    for (Object sub : extraSubcommands) {
      cl.addSubcommand(sub);
    }
    ErrorReporter reporter = new ErrorReporter(exitCodes(), () -> main.verbose);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(reporter);
    cl.setParameterExceptionHandler(reporter);
    cl.setExitCodeExceptionMapper(reporter);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }
}
