package dev.depot.files.rest;

import dev.depot.blobstore.BlobStore;

/**
 * A response body read from a blob store that has no local file to send (S3): {@code length} bytes of the
 * blob from {@code offset}. {@link BlobBodyWriter} streams it.
 */
public record BlobBody(BlobStore store, String sha256, long offset, long length) {}
