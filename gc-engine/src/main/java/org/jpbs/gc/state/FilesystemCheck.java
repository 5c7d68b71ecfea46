package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Refuses state directories on network filesystems, using the Linux mount table. */
final class FilesystemCheck {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Path MOUNTS = Path.of("/proc/mounts");

  private FilesystemCheck() {}

  /** Checks {@code realDir} (symlinks resolved) against this process's mount table. */
  static void requireLocal(Path realDir) throws GcStateException {
    MountTable table;
    try {
      table =
          Files.isReadable(MOUNTINFO)
              ? MountTable.parseMountinfo(Files.readString(MOUNTINFO))
              : MountTable.parseMounts(Files.readString(MOUNTS));
    } catch (IOException e) {
      throw new GcStateException(
          realDir,
          "cannot read the mount table to rule out a network filesystem"
              + " (GcStateOptions.allowingNetworkFilesystem() skips the check)",
          e);
    }
    requireLocal(realDir, table);
  }

  /** Checks {@code realDir} against a given mount table. */
  static void requireLocal(Path realDir, MountTable table) throws GcStateException {
    Optional<MountTable.Mount> m = table.mountOf(realDir.toString());
    if (m.isEmpty()) {
      throw new GcStateException(
          realDir, "no mount in the mount table contains the GC state directory");
    }
    if (MountTable.isNetwork(m.get().fsType())) {
      throw new UnsupportedFilesystemException(realDir, m.get().fsType(), m.get().mountPoint());
    }
  }
}
