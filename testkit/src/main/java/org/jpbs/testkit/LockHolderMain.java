package org.jpbs.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one lock-holder child process of the tests (started by {@link LockHolder}), standing in for
 * another PBS/jpbs process: takes a lock, prints one line ({@code LOCKED}, {@code LOCKED <detail>}
 * or {@code BUSY}), then holds it until a line (or EOF) arrives on stdin or it is killed.
 *
 * <p>{@code args[0]} says how the lock is taken: {@code fcntl <file> exclusive|shared} is a
 * whole-file POSIX record lock (PBS's {@code ProcessLocker}); any other value is the class name of
 * a {@link Taker} from the calling module's tests (e.g. a datastore group lock taken through the
 * production code), which gets the remaining arguments.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  /** Takes a lock in the child; implemented by a module's test code (public, no-arg). */
  public interface Taker {
    /**
     * Takes the lock described by {@code args}.
     *
     * @return what was taken (kept reachable until the child exits)
     */
    Held take(String[] args) throws Exception;
  }

  /**
   * The outcome of {@link Taker#take}: {@code locked} false prints {@code BUSY}; {@code detail}
   * (may be null) follows {@code LOCKED}; {@code resource} is the lock object to keep alive.
   */
  public record Held(boolean locked, String detail, Object resource) {}

  /** Entry point (see the class documentation). */
  public static void main(String[] args) throws Exception {
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    Held held;
    if (args[0].equals("fcntl")) {
      held = fcntl(rest);
    } else {
      held = ((Taker) Class.forName(args[0]).getDeclaredConstructor().newInstance()).take(rest);
    }
    String line = held.locked() ? "LOCKED" : "BUSY";
    if (held.locked() && held.detail() != null) {
      line += " " + held.detail();
    }
    System.out.println(line);
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
    java.lang.ref.Reference.reachabilityFence(held.resource());
  }

  private static Held fcntl(String[] args) throws Exception {
    boolean shared = args[1].equals("shared");
    FileChannel ch =
        FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock(0, Long.MAX_VALUE, shared);
    return new Held(lock != null, null, ch);
  }
}
