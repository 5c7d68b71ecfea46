package org.jpbs.gc.state;

import java.nio.file.Path;

/**
 * The state directory lies on a network or cluster filesystem, where LMDB's shared memory map and
 * locking are unreliable (LMDB must not live on NFS, CIFS, sshfs, 9p, CephFS, ...).
 */
public final class UnsupportedFilesystemException extends GcStateException {
  private static final long serialVersionUID = 1L;

  private final String fsType;
  private final String mountPoint;

  UnsupportedFilesystemException(Path dir, String fsType, String mountPoint) {
    super(
        dir,
        "GC state (LMDB) cannot live on a network filesystem: "
            + dir
            + " is on "
            + fsType
            + " mounted at "
            + mountPoint
            + "; configure a local directory for the GC state");
    this.fsType = fsType;
    this.mountPoint = mountPoint;
  }

  /** The filesystem type from the mount table, e.g. {@code nfs4}. */
  public String fsType() {
    return fsType;
  }

  /** The mount point containing the directory. */
  public String mountPoint() {
    return mountPoint;
  }
}
