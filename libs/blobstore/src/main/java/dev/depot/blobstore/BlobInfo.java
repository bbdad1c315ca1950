package dev.depot.blobstore;

import java.time.Instant;

/** A stored blob: its SHA-256, its size in bytes and when it was last written or marked fresh. */
public record BlobInfo(String sha256, long size, Instant lastModified) {}
