package org.jpbs.gc;

import org.jpbs.gc.state.GcRun;

/**
 * What {@link PreparePhase} decided for one run: the run (new or adopted from an interrupted one),
 * the cutoff inputs and where it starts.
 *
 * @param run the run record (id 0 and recorded nowhere for a dry run on a read-only state)
 * @param resumed whether this run continues an interrupted one with its original cutoff
 * @param oldestWriter the oldest live writer's start, or phase 1's start, epoch seconds
 * @param markDone whether the interrupted run had finished marking: {@link MarkPhase} then reports
 *     its recorded totals and the run continues with the sweep
 */
record GcPlan(GcRun run, boolean resumed, long oldestWriter, boolean markDone) {
  long runId() {
    return run.runId();
  }

  /** The sweep cutoff {@code M}, epoch seconds. */
  long minAtime() {
    return run.minAtime();
  }
}
