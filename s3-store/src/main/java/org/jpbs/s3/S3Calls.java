package org.jpbs.s3;

import java.io.IOException;

/** Turns the client's unchecked one-line failures into the {@link IOException}s the seam uses. */
final class S3Calls {
  private S3Calls() {}

  @FunctionalInterface
  interface Call<T> {
    T run();
  }

  @FunctionalInterface
  interface VoidCall {
    void run();
  }

  static <T> T io(Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (S3StoreException e) {
      throw new S3IOException(e);
    }
  }

  static void io(VoidCall call) throws IOException {
    try {
      call.run();
    } catch (S3StoreException e) {
      throw new S3IOException(e);
    }
  }

  /** A failed S3 request, as an I/O error; the message is the client's one line. */
  static final class S3IOException extends IOException {
    private static final long serialVersionUID = 1L;

    S3IOException(S3StoreException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
