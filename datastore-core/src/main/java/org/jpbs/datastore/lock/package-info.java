/**
 * Cross-thread and cross-process backup locks: {@code flock(2)} on files in a lock tree laid out
 * exactly like PBS ≥ 3.3.5 ({@code /run/proxmox-backup/locks/<store>/…}, spec §1.10).
 *
 * <p>Why not {@code FileChannel.lock}: it is an fcntl record lock, owned by the process, so two
 * threads of one JVM never exclude each other and closing any descriptor of the file drops all of
 * the process's locks; and PBS uses flock, which fcntl locks do not see. Here every acquisition
 * opens its own descriptor, so the lock belongs to that open file description: threads exclude
 * each other, other processes (PBS included) exclude us, and a crashed holder's locks vanish with
 * its descriptors (a stale lock file never blocks).
 *
 * <p>Deviation from PBS: when the double-stat check finds the lock file replaced (a destroy
 * removed it while we waited), acquisition retries on the new file instead of failing with
 * "another thread modified the lock file"; it gives up with {@link
 * org.jpbs.datastore.lock.LockedException} after a few replacements.
 *
 * <p>Waiting ({@code wait > 0}) polls {@code LOCK_NB} with a bounded backoff (1 ms doubling to
 * 50 ms) instead of PBS's SIGALRM-interrupted blocking flock.
 */
package org.jpbs.datastore.lock;
