package dev.depot.s3server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;

/**
 * A real S3 server: S3Proxy over jclouds' filesystem provider, one directory per bucket under DATA_DIR,
 * listening on 127.0.0.1 only. Requests must be signed (AWS v2 or v4) with the given key pair, so
 * presigned URLs are checked as S3 checks them.
 *
 * <pre>java -cp 'target/classes:target/lib/*' dev.depot.s3server.S3Server DATA_DIR [PORT] [ACCESS_KEY SECRET_KEY]</pre>
 *
 * Without the keys on the command line they come from the environment, DEPOT_S3_ACCESS_KEY and
 * DEPOT_S3_SECRET_KEY (where ps does not show them; ./depot up --s3 passes them so), else the defaults.
 *
 * Tests start it in their own JVM with {@link #start}. Only tests and the launcher depend on this module:
 * S3Proxy's Jetty and jclouds must never reach a service's classpath.
 */
public final class S3Server implements AutoCloseable {

    public static final String DEFAULT_ACCESS_KEY = "depot";
    public static final String DEFAULT_SECRET_KEY = "depot-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private S3Server(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    /** Starts a server on 127.0.0.1:{@code port} keeping buckets under {@code dataDir}; returns once it listens. */
    public static S3Server start(Path dataDir, int port, String accessKey, String secretKey) throws Exception {
        Files.createDirectories(dataDir);
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        // By its metadata, not its name: a lookup by name loads every provider on the classpath, and
        // S3Proxy's own Azure one needs jars this module leaves out.
        BlobStoreContext context = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .credentials("unused", "unused")
                .overrides(p)
                .build(BlobStoreContext.class);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
                    throw new IllegalStateException("S3Proxy did not start on " + endpoint + ": " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return new S3Server(proxy, context, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 2 && args.length != 4) {
            System.err.println("usage: S3Server DATA_DIR [PORT] [ACCESS_KEY SECRET_KEY]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9000;
        String accessKey = args.length == 4 ? args[2] : env("DEPOT_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY);
        String secretKey = args.length == 4 ? args[3] : env("DEPOT_S3_SECRET_KEY", DEFAULT_SECRET_KEY);
        S3Server server = start(dataDir, port, accessKey, secretKey);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // Stopping anyway.
            }
        }));
        System.out.println(
                "S3 server (S3Proxy) listening on " + server.endpoint() + ", buckets in " + dataDir.toAbsolutePath());
        Thread.currentThread().join();
    }
}
