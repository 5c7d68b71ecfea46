/**
 * Performance measurements of the jpbs hot paths; nothing here is used by the library modules.
 *
 * <ul>
 *   <li>JMH benchmarks, one per hot path (index digest iteration, digest cache, touch, sweep of all
 *       directories and of one directory), run from the shaded {@code
 *       benchmarks/target/benchmarks.jar};
 *   <li>{@link org.jpbs.bench.GcHarnessRun}, one complete GC in its own JVM with a machine-readable
 *       result line, driven by {@code benchmarks/gc-vs-refgc.sh}, which runs it side by side with
 *       the native PBS reference GC of {@code ../shared/perf} (see {@code docs/performance.md}).
 * </ul>
 *
 * <p>No test asserts timings; numbers come only from these tools.
 */
package org.jpbs.bench;
