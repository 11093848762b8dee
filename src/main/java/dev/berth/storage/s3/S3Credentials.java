package dev.berth.storage.s3;

/** How the S3 client signs its requests. */
public sealed interface S3Credentials {

    /** An access key pair given in the configuration. {@link #toString()} never shows the secret. */
    record Static(String accessKeyId, String secretAccessKey) implements S3Credentials {
        public Static {
            if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("an S3 access key id and secret must not be empty");
            }
        }

        @Override
        public String toString() {
            return "Static[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
        }
    }

    /**
     * The AWS SDK's default provider chain: system properties, {@code AWS_ACCESS_KEY_ID}/{@code
     * AWS_SECRET_ACCESS_KEY}, web identity (EKS), the shared profile files, container and instance roles.
     */
    record DefaultChain() implements S3Credentials {
    }
}
