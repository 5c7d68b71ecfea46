package org.jpbs.testkit;

import java.util.Random;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 extension for randomized tests: injects a {@link Seed} parameter whose value comes from
 * {@code -Djpbs.seed=<long>} (a replay) or else from a fresh random number; when the test fails,
 * the seed and the command line that replays it are printed and attached to the failure.
 *
 * <p>Use: {@code @ExtendWith(Seeds.class)} on the class, then {@code void t(Seed seed)} and {@code
 * seed.random()}.
 */
public final class Seeds implements ParameterResolver, TestExecutionExceptionHandler {
  /** The system property that replays a seed. */
  public static final String PROPERTY = "jpbs.seed";

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(Seeds.class);

  /** The seed of one test execution. */
  public record Seed(long value) {
    /** A fresh {@link Random} over this seed (each call starts the same sequence). */
    public Random random() {
      return new Random(value);
    }

    @Override
    public String toString() {
      return "seed " + value + " (replay with -D" + PROPERTY + "=" + value + ")";
    }
  }

  /** The seed to use now: the replay property if set, else a random one. */
  public static long choose() {
    String replay = System.getProperty(PROPERTY);
    if (replay != null && !replay.isBlank()) {
      return Long.parseLong(replay.trim());
    }
    return new Random().nextLong();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == Seed.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getStore(NS).getOrComputeIfAbsent("seed", k -> new Seed(choose()), Seed.class);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext c, Throwable failure) throws Throwable {
    Seed seed = c.getStore(NS).get("seed", Seed.class);
    if (seed != null) {
      String msg = c.getDisplayName() + " failed with " + seed;
      System.err.println(msg);
      c.publishReportEntry(PROPERTY, Long.toString(seed.value()));
      failure.addSuppressed(new AssertionError(msg));
    }
    throw failure;
  }
}
