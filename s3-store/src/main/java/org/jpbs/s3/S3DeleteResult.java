package org.jpbs.s3;

import java.util.List;
import java.util.Map;

/**
 * What a batch delete did: the keys the server reported deleted, and per failed key the server's
 * error code and message. A non-empty {@code failed} map means the caller must not assume the
 * objects are gone (PBS's GC fails with "failed to delete some objects").
 */
public record S3DeleteResult(List<String> deleted, Map<String, String> failed) {
  public S3DeleteResult {
    deleted = List.copyOf(deleted);
    failed = Map.copyOf(failed);
  }

  public boolean complete() {
    return failed.isEmpty();
  }
}
