package org.jpbs.s3;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the AWS SDK client behind {@link S3StoreClient}: endpoint, region, path style, a signed
 * SHA-256 of the whole body, the light url-connection HTTP client with the configured timeouts,
 * checksums only when required (Ceph RGW 16, shared STACK.md section 6), and no SDK retries ({@link
 * S3CallRunner} retries, counting every attempt through the {@link AttemptRecorder}).
 */
final class S3SdkClient {
  private S3SdkClient() {}

  static S3Client build(
      S3DatastoreConfig config,
      S3StoreClient.Options options,
      AttemptRecorder recorder,
      List<ExecutionInterceptor> faults) {
    RetryStrategy noRetry = DefaultRetryStrategy.doNotRetry();
    return S3Client.builder()
        .endpointOverride(config.endpoint())
        .region(Region.of(config.region()))
        .forcePathStyle(config.pathStyle())
        // a signed SHA-256 of the whole body, as PBS sends (spec §1.1); the SDK's aws-chunked
        // framing over http makes RGW 16 reject empty bodies (XAmzContentSHA256Mismatch)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    config.credentials().accessKey(), config.credentials().secretKey())))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(options.connectTimeout())
                .socketTimeout(options.socketTimeout()))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(
            o -> {
              o.retryStrategy(noRetry).addExecutionInterceptor(recorder);
              faults.forEach(o::addExecutionInterceptor);
            })
        .build();
  }
}
