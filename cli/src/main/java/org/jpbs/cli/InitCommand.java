package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jpbs.chunkstore.AtimeCheck;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpbs init DIR}: creates an empty PBS datastore and checks that GC can rely on atime. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create an empty datastore (.chunks with its 65536 prefix directories, .lock).",
      "Then runs the atime safety check PBS runs before GC (touch a chunk, require a later atime).",
      "With --s3-endpoint the datastore lives in an S3 bucket and DIR is its local cache."
    })
final class InitCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  InitCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "Datastore directory (created if missing).")
  Path dir;

  @Option(names = "--no-atime-check", description = "Skip the atime safety check.")
  boolean noAtimeCheck;

  @Mixin S3Datastores.InitOptions s3 = new S3Datastores.InitOptions();

  /**
   * JSON result of {@code init}.
   *
   * @param path the datastore's absolute base directory
   * @param chunksDir its {@code .chunks} directory
   * @param atimeCheck {@code passed} or {@code skipped}
   */
  record Result(Path path, Path chunksDir, String atimeCheck) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    String check = "skipped";
    requireEmpty(dir);
    if (s3.requested()) {
      return S3Init.run(dir, s3, !noAtimeCheck, context.clock(), out);
    }
    try (ChunkStore store = ChunkStore.create(dir, ChunkStoreOptions.defaults(context.clock()))) {
      Datastore.open(store.base());
      if (!noAtimeCheck) {
        AtimeCheck.run(store);
        check = "passed";
      }
      Result r = new Result(store.base(), store.chunksDir(), check);
      out.emit(
          r,
          w -> {
            w.println("created datastore " + r.path());
            w.println("atime safety check: " + r.atimeCheck());
          });
    }
    return ExitCodes.OK;
  }

  /**
   * Refuses a directory that holds anything but hidden entries and {@code lost+found} (as PBS's
   * datastore creation does), so {@code init} never spreads 65,536 directories over existing data.
   * A missing directory is fine (created); an existing datastore fails later on its {@code .chunks}
   * directory.
   */
  static void requireEmpty(Path dir) throws IOException, CommandFailedException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      Optional<String> first =
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith(".") && !n.equals("lost+found"))
              .sorted()
              .findFirst();
      if (first.isPresent()) {
        throw new CommandFailedException(
            ExitCodes.IO_ERROR,
            dir.toAbsolutePath().normalize()
                + ": directory is not empty (holds '"
                + first.get()
                + "')",
            "create a datastore in a new or empty directory");
      }
    }
  }
}
