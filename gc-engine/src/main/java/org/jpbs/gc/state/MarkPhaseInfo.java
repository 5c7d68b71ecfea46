package org.jpbs.gc.state;

/**
 * An active GC mark phase, as other processes (prune, backup) see it.
 *
 * @param runId the GC run
 * @param minAtime the run's sweep cutoff (epoch seconds)
 * @param phase1StartEpochSeconds when phase 1 started
 * @param owner the GC process (live when returned by {@link GcStateStore#activeMarkPhase()})
 */
public record MarkPhaseInfo(
    long runId, long minAtime, long phase1StartEpochSeconds, ProcessIdentity owner) {}
