package org.jpbs.datastore;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of a hierarchy listing: a value or an error item (PBS iterators yield {@code Result<T,
 * Error>}; the caller decides whether an error is fatal, as GC does, or can be skipped).
 *
 * @param <T> the listed type
 */
public final class Listed<T> {
  private final T value;
  private final IOException error;

  private Listed(T value, IOException error) {
    this.value = value;
    this.error = error;
  }

  /** Returns an item carrying {@code value}. */
  public static <T> Listed<T> of(T value) {
    return new Listed<>(Objects.requireNonNull(value, "value"), null);
  }

  /** Returns an error item. */
  public static <T> Listed<T> error(IOException error) {
    return new Listed<>(null, Objects.requireNonNull(error, "error"));
  }

  /** Returns whether this is an error item. */
  public boolean isError() {
    return error != null;
  }

  /** Returns the value, or throws the error of an error item. */
  public T get() throws IOException {
    if (error != null) {
      throw error;
    }
    return value;
  }

  /** Returns the error of an error item, empty otherwise. */
  public Optional<IOException> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public String toString() {
    return error != null ? "Listed[error=" + error.getMessage() + ']' : "Listed[" + value + ']';
  }
}
