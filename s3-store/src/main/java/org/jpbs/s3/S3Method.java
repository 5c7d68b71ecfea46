package org.jpbs.s3;

/**
 * The HTTP methods PBS 4.1.7 counts requests by (spec §6.3). ListObjectsV2 and GetObject are {@link
 * #GET}; DeleteObjects is {@link #POST}; PutObject and CopyObject are {@link #PUT}.
 */
public enum S3Method {
  GET,
  PUT,
  HEAD,
  POST,
  DELETE
}
