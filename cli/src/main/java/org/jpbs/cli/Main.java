package org.jpbs.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ReadOnlyStoreException;
import org.jpbs.chunkstore.StoreLock;
import org.jpbs.cli.demo.DemoCommand;
import org.jpbs.datastore.ProtectedSnapshotException;
import org.jpbs.datastore.RemovalAbortedException;
import org.jpbs.datastore.backup.BackupRejectedException;
import org.jpbs.datastore.backup.BackupTimeRejectedException;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.datastore.move.MoveRefusedException;
import org.jpbs.gc.CorruptIndexException;
import org.jpbs.gc.GcAbortedException;
import org.jpbs.gc.GcSafetyException;
import org.jpbs.gc.MissingChunkDirectoryException;
import org.jpbs.gc.state.GcLockUnavailableException;
import org.jpbs.gc.state.GcStateException;
import org.jpbs.gc.state.UnsupportedFilesystemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jpbs} command: the composition root that lists the subcommands, owns the global
 * options and wires error reporting and exit codes.
 *
 * <p>Subcommands are added to {@link #SUBCOMMANDS}; exception types that deserve their own exit
 * code are registered in {@link #exitCodes()}.
 */
@Command(
    name = "jpbs",
    mixinStandardHelpOptions = true,
    versionProvider = JpbsVersion.class,
    description =
        "Proxmox Backup Server datastore tool: backup, restore, prune and garbage collection.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success            1  failure            2  usage error",
      "  3  lock contention    4  corrupt data       5  I/O error",
      "  6  GC safety refusal  130  interrupted  141  stdout pipe closed (restore)"
    })
public final class Main implements Callable<Integer> {

  /**
   * The subcommands, in the order {@code jpbs --help} lists them. Added in code, not in the
   * {@code @Command} annotation, so that {@link #forArgs} can build only the one a command line
   * names: picocli builds every subcommand's model by reflection, which took ~0.2 s of every run.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          InitCommand.class,
          ListCommand.class,
          NamespaceCommand.class,
          StatsCommand.class,
          PruneCommand.class,
          ForgetCommand.class,
          MoveGroupCommand.class,
          MoveNamespaceCommand.class,
          SyncCommand.class,
          RemoveGroupCommand.class,
          ChangeOwnerCommand.class,
          ProtectCommand.class,
          UnprotectCommand.class,
          GcCommand.class,
          BackupCommand.class,
          RestoreCommand.class,
          VerifyCommand.class,
          DemoCommand.class,
          InspectCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class,
          ProgressSelftestCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with error messages.")
  boolean verbose;

  /** Runs {@code jpbs} with {@code args} and exits the JVM with its exit code. */
  public static void main(String[] args) {
    configureLogging(java.util.Arrays.asList(args).contains("--verbose"));
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    InstantSource clock = InstantSource.system(); // the one clock of the process
    int code = forArgs(out, err, clock, args).execute(args);
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
    return ExitCodes.standard()
        .register(
            org.jpbs.datastore.sync.SyncRefusedException.class,
            ExitCodes.FAILURE,
            e -> "nothing was copied; adjust the options above")
        .register(
            LockedException.class,
            ExitCodes.LOCK_CONTENTION,
            e ->
                "another operation (backup, restore, verify, prune) uses it; retry when it is done")
        .register(
            StoreLock.LockUnavailableException.class,
            ExitCodes.LOCK_CONTENTION,
            e -> "another process holds the datastore's .lock; retry when it is done")
        .register(
            GcLockUnavailableException.class,
            ExitCodes.LOCK_CONTENTION,
            e -> "wait for the running GC to finish ('jpbs gc status DATASTORE' shows it)")
        .register(
            GcSafetyException.class,
            ExitCodes.GC_REFUSED,
            e -> "nothing was touched or removed; resolve the condition above and run gc again")
        .register(
            GcAbortedException.class,
            ExitCodes.FAILURE,
            e ->
                "the GC stopped before sweeping, nothing was removed; fix the cause above and run"
                    + " gc again (an interrupted run resumes with its original cutoff)")
        .register(
            CorruptIndexException.class,
            ExitCodes.CORRUPT_DATA,
            e ->
                "nothing was removed; check the snapshot holding this index with 'jpbs verify"
                    + " DATASTORE SNAPSHOT' and remove it with 'jpbs forget' if it is damaged")
        .register(
            MissingChunkDirectoryException.class,
            ExitCodes.IO_ERROR,
            e ->
                "nothing was removed; recreate the directory (same owner and mode as the other"
                    + " .chunks directories) or restore the datastore from a complete copy")
        .register(
            GcStateException.class,
            ExitCodes.IO_ERROR,
            e ->
                "the GC state named above could not be opened or written (full or read-only"
                    + " filesystem?): free space, or put it on another filesystem with --state-dir DIR")
        .register(
            ChunkStore.NotAChunkStoreException.class,
            ExitCodes.IO_ERROR,
            e -> "create a datastore there with 'jpbs init DIR', or check the path")
        .register(ReadOnlyStoreException.class, ExitCodes.IO_ERROR) // the one line says it all
        .register(
            ProtectedSnapshotException.class,
            ExitCodes.FAILURE,
            e -> "the snapshot is protected; remove the protection first with 'jpbs unprotect'")
        .register(
            MoveRefusedException.class,
            ExitCodes.FAILURE,
            e ->
                "the move was refused before that step changed anything; fix the cause named above")
        .register(
            RemovalAbortedException.class,
            ExitCodes.FAILURE,
            e -> "nothing was deleted; the cause is named above")
        .register(
            UnsupportedFilesystemException.class,
            ExitCodes.IO_ERROR,
            e -> "put the GC state on a local filesystem with --state-dir DIR")
        .register(
            BackupRejectedException.class,
            ExitCodes.FAILURE,
            e -> "nothing was kept; check the group's owner (--owner) and the backup time (--time)")
        .register(
            BackupTimeRejectedException.class,
            ExitCodes.FAILURE,
            e ->
                "nothing was created; snapshot times are whole seconds: wait a second and retry, or give a"
                    + " later --time")
        .register(
            java.io.InterruptedIOException.class,
            ExitCodes.INTERRUPTED,
            e ->
                "cancelled; an unfinished backup is removed, a verify records nothing for that snapshot")
        .register(
            AtimeCheck.FailedException.class,
            ExitCodes.FAILURE,
            e ->
                "this filesystem does not keep explicit atime updates, so GC cannot run safely on"
                    + " it; use another filesystem (or --no-atime-check only if you know better)");
  }

  /**
   * Library log records (java.util.logging, e.g. which native access the chunk store chose) go to
   * stderr as {@code jpbs: LEVEL: message}: warnings and above, everything from INFO with {@code
   * --verbose}.
   */
  static void configureLogging(boolean verbose) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "jpbs: %4$s: %5$s%6$s%n");
    }
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Level level =
        verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING;
    root.setLevel(level);
    for (java.util.logging.Handler h : root.getHandlers()) {
      h.setLevel(level);
    }
  }

  /**
   * The command line for running {@code args}: with only the subcommand they name (by name or
   * alias: the first argument that is not an option, as the global options take no value), or with
   * every subcommand when they name none, an unknown one, {@code help} or {@code completion} (which
   * read the whole tree). Parsing, help and errors of the named subcommand are the same either way.
   */
  static CommandLine forArgs(
      PrintWriter out, PrintWriter err, InstantSource clock, String... args) {
    Class<?> only = null;
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        only = named(arg);
        break;
      }
    }
    if (only == CommandLine.HelpCommand.class || only == CompletionCommand.class) {
      only = null;
    }
    return newCommandLine(out, err, clock, only, new Object[0]);
  }

  /** The subcommand class called {@code name} (or with that alias), or null. */
  private static Class<?> named(String name) {
    for (Class<?> c : SUBCOMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) {
        return c;
      }
    }
    return null;
  }

  /** A fully wired command line writing to {@code out} and {@code err}, on the system clock. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    return newCommandLine(out, err, InstantSource.system());
  }

  /**
   * A fully wired command line writing to {@code out} and {@code err}; every command that needs a
   * clock gets {@code clock} (tests pass a fixed or fake one).
   */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, InstantSource clock) {
    return newCommandLine(out, err, clock, null, new Object[0]);
  }

  /**
   * As {@link #newCommandLine(PrintWriter, PrintWriter)} with extra subcommands (tests use this):
   * picocli applies streams and handlers only to subcommands that exist when they are set.
   */
  static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Object... extraSubcommands) {
    return newCommandLine(out, err, InstantSource.system(), null, extraSubcommands);
  }

  /** {@code only}: the one subcommand to add, or null for all of them. */
  private static CommandLine newCommandLine(
      PrintWriter out,
      PrintWriter err,
      InstantSource clock,
      Class<?> only,
      Object... extraSubcommands) {
    ExitCodes exitCodes = exitCodes();
    Main main = new Main();
    CommandLine cl =
        new CommandLine(main, new CommandFactory(new CommandContext(clock, exitCodes)));
    for (Class<?> sub : SUBCOMMANDS) {
      if (only == null || sub == only) {
        cl.addSubcommand(sub);
      }
    }
    for (Object sub : extraSubcommands) {
      cl.addSubcommand(sub);
    }
    ErrorReporter reporter = new ErrorReporter(exitCodes, () -> main.verbose);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(reporter);
    cl.setParameterExceptionHandler(reporter);
    cl.setExitCodeExceptionMapper(reporter);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setHelpFactory(WrappingHelp::new);
    return cl;
  }

  /**
   * Creates commands (and their mixins) for picocli: a class with a {@link CommandContext}
   * constructor gets the one context of this command line, every other class picocli's default.
   */
  private static final class CommandFactory implements CommandLine.IFactory {
    private final CommandContext context;

    CommandFactory(CommandContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      Constructor<K> withContext;
      try {
        withContext = cls.getDeclaredConstructor(CommandContext.class);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
      withContext.setAccessible(true);
      return withContext.newInstance(context);
    }
  }

  /** Bare {@code jpbs}: the usage with the command list on stdout, exit 2 (nothing was done). */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
