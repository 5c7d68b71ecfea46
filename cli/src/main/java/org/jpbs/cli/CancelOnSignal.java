package org.jpbs.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.backup.Cancellation;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM, which run only shutdown hooks) into a {@link Cancellation} and lets
 * the command finish its cleanup (a backup removes its unfinished snapshot, a verify writes no
 * manifest) before the JVM exits: the hook cancels the token and waits for {@link #close()} ({@link
 * #GRACE_SECONDS}).
 */
final class CancelOnSignal implements AutoCloseable {
  /** How long the shutdown hook waits for the command to clean up. */
  static final long GRACE_SECONDS = 10;

  private final Cancellation token = new Cancellation();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook;

  CancelOnSignal() {
    hook =
        new Thread(
            () -> {
              token.cancel();
              try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "jpbs-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The token the library polls. */
  Cancellation token() {
    return token;
  }

  /** Signals that cleanup is done and removes the hook (unless the JVM is already exiting). */
  @Override
  public void close() {
    done.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutdown in progress: the hook is running and now returns
    }
  }
}
