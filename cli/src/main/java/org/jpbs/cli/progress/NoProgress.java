package org.jpbs.cli.progress;

/** {@link ProgressReporter} that prints nothing ({@code --progress=none}). */
final class NoProgress implements ProgressReporter {
  static final NoProgress INSTANCE = new NoProgress();

  private NoProgress() {}

  @Override
  public void start(String phase, long total, String unit) {}

  @Override
  public void update(long done) {}

  @Override
  public void finish() {}

  @Override
  public void close() {}
}
