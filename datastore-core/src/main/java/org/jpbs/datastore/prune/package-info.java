/**
 * Prune: {@link org.jpbs.datastore.prune.PruneSelector} is PBS {@code compute_prune_info} as a pure
 * function (spec §5.2); {@link org.jpbs.datastore.prune.PrunePlan} applies it to a group under the
 * locks of the datastore package (spec §5.3).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Marks are exactly PBS's, including {@code keep-X = 0} (the rule stops at the first
 *       candidate) and period keys in a configurable time zone (PBS: the process's local zone; the
 *       default here is {@link java.time.ZoneId#systemDefault()}).
 *   <li>No keep option set ⇒ nothing is removed ({@code keeps_something} false), whatever the marks
 *       say.
 *   <li>Protected snapshots are never removed: the selector marks them {@code PROTECTED}, and
 *       {@link org.jpbs.datastore.BackupDir#destroy(boolean)} re-checks the marker under the
 *       exclusive snapshot lock.
 *   <li>Removal is oldest first; one failure does not stop the others.
 *   <li>Extension {@code keep-within} (restic semantics, anchored at the newest snapshot) is
 *       applied after the PBS rules and only adds kept snapshots; it never keeps unfinished ones.
 * </ul>
 */
package org.jpbs.datastore.prune;
