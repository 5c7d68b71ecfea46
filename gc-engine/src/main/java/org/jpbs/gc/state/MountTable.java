package org.jpbs.gc.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the Linux mount table ({@code /proc/self/mountinfo}, or {@code /proc/mounts} as a
 * fallback) and finds the mount containing a path, to refuse network filesystems for LMDB.
 */
final class MountTable {
  /** Filesystem types on which LMDB's mmap + lock file are unreliable (network or cluster). */
  static final Set<String> NETWORK_TYPES =
      Set.of(
          "nfs",
          "nfs4",
          "cifs",
          "smb3",
          "smbfs",
          "ceph",
          "9p",
          "afs",
          "ncpfs",
          "coda",
          "lustre",
          "glusterfs",
          "gfs2",
          "ocfs2",
          "beegfs",
          "gpfs",
          "davfs",
          "fuse.sshfs",
          "fuse.glusterfs",
          "fuse.ceph",
          "fuse.cephfs",
          "fuse.ceph-fuse",
          "fuse.s3fs",
          "fuse.rclone",
          "fuse.gcsfuse",
          "fuse.davfs2",
          "fuse.juicefs",
          "fuse.goofys");

  /** One mount: its mount point (unescaped) and filesystem type. */
  record Mount(String mountPoint, String fsType) {}

  private final List<Mount> mounts;

  private MountTable(List<Mount> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  /** Parses {@code /proc/self/mountinfo} text. Malformed lines are skipped. */
  static MountTable parseMountinfo(String text) {
    List<Mount> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split(" ");
      int sep = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          sep = i;
          break;
        }
      }
      if (sep < 0 || sep + 1 >= f.length) {
        continue;
      }
      out.add(new Mount(unescape(f[4]), f[sep + 1]));
    }
    return new MountTable(out);
  }

  /** Parses {@code /proc/mounts} ({@code fstab} format) text. Malformed lines are skipped. */
  static MountTable parseMounts(String text) {
    List<Mount> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3) {
        out.add(new Mount(unescape(f[1]), f[2]));
      }
    }
    return new MountTable(out);
  }

  /**
   * The mount whose mount point is the longest prefix of {@code absolutePath} (a real path,
   * symlinks resolved); on a tie the later entry wins (it is mounted on top).
   */
  Optional<Mount> mountOf(String absolutePath) {
    Mount best = null;
    for (Mount m : mounts) {
      if (contains(m.mountPoint(), absolutePath)
          && (best == null || m.mountPoint().length() >= best.mountPoint().length())) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether {@code fsType} is a network or cluster filesystem. */
  static boolean isNetwork(String fsType) {
    String t = fsType.toLowerCase(Locale.ROOT);
    return NETWORK_TYPES.contains(t) || t.startsWith("nfs");
  }

  private static boolean contains(String mountPoint, String path) {
    if (mountPoint.equals("/")) {
      return path.startsWith("/");
    }
    return path.equals(mountPoint) || path.startsWith(mountPoint + "/");
  }

  /** Undoes the kernel's octal escaping of space, tab, newline and backslash. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
