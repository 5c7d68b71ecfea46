package org.jpbs.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.cli.BackupReport;
import org.jpbs.cli.CommandContext;
import org.jpbs.cli.CommandFailedException;
import org.jpbs.cli.DatastoreSession;
import org.jpbs.cli.ExitCodes;
import org.jpbs.cli.S3Datastores;
import org.jpbs.cli.VerifyCommand;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanOutput;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.cli.progress.ProgressReporter;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.FileTrees;
import org.jpbs.s3.S3DatastoreSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs demo [DIR]}: the main job end to end on a throwaway store, through the same library
 * calls as the real commands: backups ({@link BackupSession}), prune ({@link Pruner}), GC ({@link
 * GarbageCollector}), verify ({@link Verifier}) and a restore check ({@link ArchiveReader}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the main job end to end on a fresh datastore (a temporary directory unless DIR is given).",
      "Generate a seeded data set, back it up in 5 incremental snapshots, prune (keep-last 2),"
          + " age the chunk atimes by 48 h (to simulate GC's 24 h window), run GC, verify what remains"
          + " and restore the newest snapshot. Exit 0 only if every step checks out.",
      "The demo only works on datastores it created itself (marked by " + DemoCommand.MARKER + ")."
    })
public final class DemoCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  public DemoCommand(CommandContext context) {
    this.context = context;
  }

  public static final int ROUNDS = 5;
  public static final int KEEP_LAST = 2;
  static final Duration AGE = Duration.ofHours(48);
  static final String GROUP_ID = "100";

  /**
   * Written into every datastore the demo creates; the demo runs only on datastores that have it
   * (relative to the datastore base).
   */
  public static final String MARKER = ".jpbs/demo-datastore";

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin ProgressOptions progress;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description =
          "Datastore to use: new, empty, or one made by an earlier demo (default: a temporary directory);"
              + " any other directory is refused (exit 2) and left untouched.")
  Path dir;

  @Option(names = "--keep", description = "Keep the temporary datastore and print its path.")
  boolean keep;

  @Option(
      names = "--s3",
      description =
          "Run on a new S3 datastore (a new bucket jpbs-demo-*, left in the store) at the endpoint"
              + " of JPBS_S3_ENDPOINT / JPBS_S3_REGION with the AWS_* keys of the environment"
              + " (scripts/ceph-rgw env DIR).")
  boolean s3;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Data set seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /**
   * JSON result of {@code demo}.
   *
   * @param datastore the datastore used
   * @param kept whether the datastore still exists after the demo
   * @param seed data set seed
   * @param backups each backup's result (the {@code backup --json} document)
   * @param prune per snapshot: {@code path}, {@code mark}, {@code status}
   * @param agedChunks chunk files whose atime the demo set back by {@code aged-by}
   * @param agedBy seconds the atimes were set back
   * @param gc the {@code gc --json} document
   * @param verify the {@code verify --json} document
   * @param restoreIdentical the newest snapshot's archives restore byte-identical to the data set
   * @param snapshots snapshots left
   * @param removedChunks chunks the GC removed
   * @param removedBytes their bytes
   * @param dedupFactor index data bytes / disk bytes after GC (PBS's deduplication factor)
   * @param ok every check passed
   * @param duration seconds
   */
  record Result(
      Path datastore,
      boolean kept,
      long seed,
      List<BackupReport.Result> backups,
      List<Map<String, Object>> prune,
      long agedChunks,
      long agedBy,
      Object gc,
      VerifyCommand.Result verify,
      boolean restoreIdentical,
      int snapshots,
      long removedChunks,
      long removedBytes,
      double dedupFactor,
      boolean ok,
      Duration duration) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    long started = System.nanoTime();
    if (s3) {
      S3Datastores.demoEndpoint(); // before any directory is created
    }
    boolean temporary = dir == null;
    Path base =
        temporary
            ? Files.createTempDirectory(tempParent(), "jpbs-demo-").resolve("datastore")
            : dir;
    prepare(base);
    boolean ok = false;
    Result r = null;
    try {
      r = run(out, base, temporary, started);
      ok = r.ok();
    } finally {
      if (temporary && !keep && ok) {
        FileTrees.delete(base.getParent());
      } else if (temporary) {
        spec.commandLine().getErr().println("jpbs: demo datastore kept at " + base);
      }
    }
    Result result = r;
    String line =
        result.ok()
            ? String.format(
                java.util.Locale.ROOT,
                "demo OK: %s, removed %s (%s), dedup factor %.2f, every remaining snapshot verified",
                HumanOutput.count(result.snapshots(), "snapshot"),
                HumanOutput.count(result.removedChunks(), "chunk"),
                HumanBytes.format(result.removedBytes()),
                result.dedupFactor())
            : "demo FAILED: see the messages above";
    out.emit(result, w -> w.println(line));
    return result.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /**
   * Where the temporary store goes: {@code /dev/shm} (tmpfs) when it is a writable directory, since
   * creating and removing the 65536 chunk directories costs seconds on a busy disk; else {@code
   * java.io.tmpdir}.
   */
  public static Path tempParent() {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return shm;
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * Creates the store (and its {@link #MARKER}) unless DIR is one an earlier demo made; refuses
   * anything else with a usage error before touching it: the demo prunes, ages every chunk's atime
   * and runs GC, which would destroy real backups.
   */
  private void prepare(Path base) throws IOException, CommandFailedException {
    if (Files.isDirectory(base.resolve(Datastore.CHUNKS_DIR))
        && s3 != S3DatastoreSettings.isS3(base)) {
      throw new CommandFailedException(
          ExitCodes.USAGE,
          base + (s3 ? " is not an S3 datastore" : " is an S3 datastore"),
          s3 ? "give a new or empty directory, or none" : "add --s3, or give another directory");
    }
    if (Files.isDirectory(base.resolve(Datastore.CHUNKS_DIR))) {
      if (!Files.isRegularFile(base.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
        throw new CommandFailedException(
            ExitCodes.USAGE,
            base
                + " is a datastore the demo did not create (no "
                + MARKER
                + "); refusing to touch it",
            "the demo prunes, ages every chunk's atime and runs GC: give it a new or empty directory, or none");
      }
      try (ChunkStore store =
          ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()))) {
        Datastore ds = Datastore.open(store.base());
        List<BackupGroup> groups = ds.listGroups(BackupNamespace.root());
        boolean demoOnly =
            ds.listNamespaces(BackupNamespace.root(), 1).size() <= 1
                && groups.stream()
                    .allMatch(g -> g.type() == BackupType.VM && g.id().equals(GROUP_ID));
        if (!demoOnly) {
          throw new CommandFailedException(
              ExitCodes.USAGE,
              base + " is a datastore with other backups",
              "the demo ages every chunk's atime and runs GC: give it a new or empty directory, or none");
        }
      }
      return;
    }
    if (Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(base)) {
        throw new CommandFailedException(
            ExitCodes.USAGE,
            base + " is not a directory",
            "give a new or empty directory, or none (a temporary one is used)");
      }
      try (Stream<Path> s = Files.list(base)) {
        if (s.findAny().isPresent()) {
          throw new CommandFailedException(
              ExitCodes.USAGE,
              base + " is not empty and not a jpbs datastore",
              "give a new or empty directory, or none (a temporary one is used)");
        }
      }
    }
    if (s3) {
      String where = S3Datastores.createDemo(base, context.clock());
      spec.commandLine().getErr().println("jpbs: demo S3 datastore on " + where);
    } else {
      ChunkStore.create(base, ChunkStoreOptions.defaults(context.clock())).close();
    }
    Files.createDirectories(base.resolve(MARKER).getParent());
    Files.writeString(
        base.resolve(MARKER),
        "created by 'jpbs demo': a throwaway datastore the demo may prune and garbage-collect\n");
  }

  private Result run(Output out, Path base, boolean temporary, long started) throws Exception {
    DemoSteps steps;
    try (DatastoreSession session =
            DatastoreSession.open(base, DatastoreSession.stateDir(base, null), context.clock())
                .guardRemovals();
        ProgressReporter p = progress.reporter(context.clock())) {
      steps = new DemoSteps(session, context.clock(), out, p, this::table);
      out.note(
          "demo datastore: "
              + session.datastore().base()
              + (temporary && !keep ? " (temporary)" : ""));
      DemoData data = new DemoData(seed);
      out.note(
          "data set (seed "
              + seed
              + "): "
              + HumanBytes.format(DemoData.IMAGE_SIZE)
              + " disk image, "
              + HumanBytes.format(DemoData.STREAM_SIZE)
              + " stream, a config file; each round rewrites 768 KiB of"
              + " the image and inserts/rewrites 320 KiB of the stream");
      BackupGroup group =
          session.datastore().group(BackupNamespace.root(), BackupType.VM, GROUP_ID);
      steps.backups(group, data);
      steps.prune(group);
      steps.ageAtimes();
      steps.gc();
      steps.verify();
      steps.restoreCheck(group, data);
      return steps.result(
          session.datastore().base(),
          temporary && !keep ? false : true,
          seed,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** Human mode: prints a table on stdout now; JSON mode: nothing (the document has it all). */
  private void table(Consumer<PrintWriter> print) {
    if (!output.json()) {
      PrintWriter w = spec.commandLine().getOut();
      print.accept(w);
      w.flush();
    }
  }
}
