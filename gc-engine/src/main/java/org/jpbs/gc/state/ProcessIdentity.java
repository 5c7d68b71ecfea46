package org.jpbs.gc.state;

import java.util.Objects;

/**
 * Identifies one process incarnation across processes and pid reuse.
 *
 * <p>{@code startTicks} is field 22 of {@code /proc/<pid>/stat} (clock ticks since boot), so a
 * recycled pid has a different value. {@code bootId} ({@code /proc/sys/kernel/random/boot_id})
 * tells entries written before a reboot apart, and {@code pidNamespace} (inode of {@code
 * /proc/self/ns/pid}, 0 if unknown) tells whether {@code /proc} can judge the pid at all.
 *
 * @param pid process id
 * @param startTicks process start time in clock ticks since boot
 * @param bootId boot id of the kernel the process ran under (lower-case UUID text)
 * @param pidNamespace pid namespace inode, 0 if unknown
 */
public record ProcessIdentity(long pid, long startTicks, String bootId, long pidNamespace) {
  /** Validates the components. */
  public ProcessIdentity {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be > 0: " + pid);
    }
    Objects.requireNonNull(bootId, "bootId");
  }
}
