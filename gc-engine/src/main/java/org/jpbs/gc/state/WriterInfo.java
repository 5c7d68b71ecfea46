package org.jpbs.gc.state;

/**
 * One registered writer (backup session, pull, restore...) as stored in the registry.
 *
 * @param leaseId registry key, unique per store and never reused
 * @param process the registering process
 * @param startEpochSeconds wall-clock start from the registering process's clock
 * @param kind short kind, e.g. {@code backup}
 * @param description free text for logs
 */
public record WriterInfo(
    long leaseId,
    ProcessIdentity process,
    long startEpochSeconds,
    String kind,
    String description) {}
