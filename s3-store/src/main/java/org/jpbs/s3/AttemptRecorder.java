package org.jpbs.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records, for the attempt running on the current thread, the request body length and whether an
 * HTTP response arrived: what PBS's counters need (§6.3). The SDK's own retries are off and the
 * synchronous client runs interceptors on the calling thread, so one thread-local slot per thread
 * holds exactly the current attempt.
 */
final class AttemptRecorder implements ExecutionInterceptor {
  static final class Attempt {
    long requestBodyBytes;
    boolean responded;
  }

  private final ThreadLocal<Attempt> current = ThreadLocal.withInitial(Attempt::new);

  /** Starts a new attempt on this thread and returns its record. */
  Attempt begin() {
    Attempt a = new Attempt();
    current.set(a);
    return a;
  }

  /**
   * The body length as marshalled, before signing: over plain http the SDK sends PutObject bodies
   * aws-chunked with per-chunk signatures, which PBS's counter (the object's bytes) excludes.
   */
  @Override
  public void afterMarshalling(
      Context.AfterMarshalling context, ExecutionAttributes executionAttributes) {
    Attempt a = current.get();
    a.requestBodyBytes =
        context
            .requestBody()
            .flatMap(b -> b.optionalContentLength())
            .or(
                () ->
                    context
                        .httpRequest()
                        .firstMatchingHeader("Content-Length")
                        .map(Long::parseLong))
            .orElse(0L);
  }

  @Override
  public void afterTransmission(
      Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
    current.get().responded = true;
  }
}
