package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;

/** The ways to open a {@link GcStateStore} (read-write, read-only, read-write if possible). */
final class StateOpening {
  private StateOpening() {}

  static GcStateStore open(Path dir, InstantSource clock, GcStateOptions options)
      throws IOException {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(options, "options");
    Path real;
    try {
      Files.createDirectories(dir);
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new GcStateException(dir, "cannot create GC state directory", e);
    }
    if (!options.allowNetworkFilesystem()) {
      FilesystemCheck.requireLocal(real);
    }
    return OpenDirs.openOnce(
        real,
        () -> {
          ProcFs proc = new ProcFs();
          GcStateStore s =
              new GcStateStore(real, proc, LmdbState.open(real, options), clock, options);
          s.restoreReserve();
          return s;
        });
  }

  static GcStateStore openReadOnly(Path dir, InstantSource clock) throws IOException {
    Objects.requireNonNull(clock, "clock");
    GcStateOptions options = GcStateOptions.defaults();
    boolean exists = Files.isRegularFile(dir.resolve("data.mdb"));
    Path real = exists ? dir.toRealPath() : dir.toAbsolutePath().normalize();
    if (exists && !options.allowNetworkFilesystem()) {
      FilesystemCheck.requireLocal(real);
    }
    return OpenDirs.openOnce(
        real,
        () -> {
          LmdbState db =
              exists ? LmdbState.openReadOnly(real, options, !Files.isWritable(real)) : null;
          return new GcStateStore(real, new ProcFs(), db, clock, options);
        });
  }

  static GcStateStore openWritableOrReadOnly(Path dir, InstantSource clock) throws IOException {
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p != null && !Files.isWritable(p)
        ? openReadOnly(dir, clock)
        : open(dir, clock, GcStateOptions.defaults());
  }
}
