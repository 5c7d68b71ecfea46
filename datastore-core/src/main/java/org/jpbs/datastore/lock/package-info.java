/**
 * Cross-thread and cross-process backup locks: {@code flock(2)} on files in a lock tree laid out
 * exactly like PBS ≥ 3.3.5 ({@code /run/proxmox-backup/locks/<store>/…}, spec §1.10).
 *
 * <p>Why not {@code FileChannel.lock}: it is an fcntl record lock, owned by the process, so two
 * threads of one JVM never exclude each other and closing any descriptor of the file drops all of
 * the process's locks; and PBS uses flock, which fcntl locks do not see. Here every acquisition
 * opens its own descriptor, so the lock belongs to that open file description: threads exclude each
 * other, other processes (PBS included) exclude us, and a crashed holder's locks vanish with its
 * descriptors (a stale lock file never blocks).
 *
 * <p>Deviation from PBS: when the double-stat check finds the lock file replaced (a destroy removed
 * it while we waited), acquisition retries on the new file instead of failing with "another thread
 * modified the lock file"; it gives up with {@link org.jpbs.datastore.lock.LockedException} after a
 * few replacements.
 *
 * <p>Waiting ({@code wait > 0}) polls {@code LOCK_NB} with a bounded backoff (1 ms doubling to 50
 * ms) instead of PBS's SIGALRM-interrupted blocking flock.
 *
 * <p>Native calls ({@code openat}, {@code flock}, {@code statx}, {@code close}) go through the one
 * binding {@link org.jpbs.posix.LibC}; errno is read only after a -1 return, and failures are
 * worded by {@link org.jpbs.posix.NativeError}. Without the binding (not Linux x86_64/aarch64)
 * {@link org.jpbs.datastore.lock.LockDirectory#at} refuses to create a lock tree rather than
 * running without cross-process exclusion.
 *
 * <h2>Read-only mounts</h2>
 *
 * <p>A datastore is read from a read-only mount in disaster recovery (an offsite copy mounted
 * {@code ro}). The lock tree then cannot be written: whether it is on a read-only mount is
 * determined once, by {@code statvfs(ST_RDONLY)} ({@link org.jpbs.posix.ReadOnlyMount}) when the
 * {@link org.jpbs.datastore.lock.LockDirectory} is created (or by the first {@code EROFS}, should
 * the mount turn read-only later), and from then on nothing is created:
 *
 * <ul>
 *   <li>An existing lock file is opened {@code O_RDONLY} and locked as usual: {@code flock} needs
 *       no write access, so a shared lock taken here still excludes a writer that works through a
 *       writable mount of the same filesystem (the same inode), and vice versa.
 *   <li>A shared lock on a lock file that does not exist is granted without a file. Safety
 *       argument: the lock only has to keep a snapshot from being changed or removed while it is
 *       read. Nothing can change it through this read-only mount. A writer on another, writable
 *       mount creates the lock file before it locks, so a missing file means no writer holds the
 *       lock now; one that starts later and removes the snapshot can only make this reader fail (a
 *       vanished file, a missing chunk: every chunk is verified against its digest before use),
 *       never return wrong data. In the intended case, an offsite copy mounted read-only
 *       everywhere, there is no such writer at all.
 *   <li>An exclusive lock on a lock file that does not exist fails with an {@code IOException}
 *       naming the file: whoever wants it exclusively means to change the snapshot, which cannot
 *       work here.
 * </ul>
 */
package org.jpbs.datastore.lock;
