package dev.depot.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * After a secure broker starts: makes the users' SCRAM credentials, the topics and the ACLs what
 * {@link Users} and {@link Acls} say, whatever the data directory held before (formatted plain, older
 * passwords, an older table), then writes the ready file. Exits the broker when that cannot be done.
 */
final class SecureSetup {

    private static final long TIMEOUT_MS = 120_000;
    private static final int SCRAM_ITERATIONS = 8192;

    private final int port;
    private final Users users;
    private final long deadline = System.currentTimeMillis() + TIMEOUT_MS;

    private SecureSetup(int port, Users users) {
        this.port = port;
        this.users = users;
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Both sides of a PLAIN login as admin: what the broker sends, and the one user it accepts. */
    static String adminPlainJaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + Acls.ADMIN
                + "\" password=\"" + password + "\" user_" + Acls.ADMIN + "=\"" + password + "\";";
    }

    static void startInBackground(Path readyFile, int port, Users users) {
        Thread thread = new Thread(
                () -> {
                    try {
                        new SecureSetup(port, users).run(readyFile);
                    } catch (Throwable e) {
                        System.err.println("depot: setting up users, topics and ACLs failed: " + e);
                        e.printStackTrace();
                        // A broker that runs without its ACLs would refuse every service: better none at all.
                        System.exit(1);
                    }
                },
                "depot-secure-setup");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Path readyFile) throws Exception {
        TopicSetup.awaitPort(port, TIMEOUT_MS);
        String summary;
        // PLAIN: admin's SCRAM credential may not exist yet, or may be an older password.
        try (Admin admin = admin(
                "PLAIN",
                "org.apache.kafka.common.security.plain.PlainLoginModule required" + " username=\"" + Acls.ADMIN
                        + "\" password=\"" + users.password(Acls.ADMIN) + "\";")) {
            int removedUsers = retry(() -> credentials(admin));
            int createdTopics = retry(() -> TopicSetup.ensure(admin, Acls.topics()));
            int[] acls = retry(() -> acls(admin));
            summary = String.format(
                    "%d users (%d removed), %d topics (%d created), %d ACLs (%d created, %d removed)",
                    Acls.userNames().size(),
                    removedUsers,
                    Acls.topics().size(),
                    createdTopics,
                    Acls.bindings().size(),
                    acls[0],
                    acls[1]);
        }
        // Ready means what a client sees: a SCRAM login works, and the broker enforces every ACL of the table
        // (they reach it from the controller a moment after they are created).
        try (Admin admin = admin("SCRAM-SHA-512", scramJaas(Acls.ADMIN, users.password(Acls.ADMIN)))) {
            retry(() -> {
                admin.describeTopics(Acls.topics()).allTopicNames().get();
                Set<AclBinding> seen = new HashSet<>(
                        admin.describeAcls(AclBindingFilter.ANY).values().get());
                if (!seen.equals(Acls.bindings())) {
                    throw new IllegalStateException("the broker has " + seen.size() + " ACLs, not yet the "
                            + Acls.bindings().size() + " of the table");
                }
                return null;
            });
        }

        Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(partial, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.move(partial, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(
                "depot: secure broker ready on 127.0.0.1:" + port + " (SASL_PLAINTEXT, SCRAM-SHA-512): " + summary);
    }

    private Admin admin(String mechanism, String jaas) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + port,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG,
                "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM,
                mechanism,
                SaslConfigs.SASL_JAAS_CONFIG,
                jaas,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "depot-secure-setup"));
    }

    /** Sets every user's password (new salt each start: harmless) and removes users the table no longer has. */
    private int credentials(Admin admin) throws Exception {
        List<String> names = Acls.userNames();
        List<UserScramCredentialAlteration> changes = new ArrayList<>();
        for (String user : names) {
            changes.add(new UserScramCredentialUpsertion(
                    user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                    users.password(user)));
        }
        int removed = 0;
        Map<String, UserScramCredentialsDescription> existing =
                admin.describeUserScramCredentials().all().get();
        for (UserScramCredentialsDescription user : existing.values()) {
            if (names.contains(user.name())) {
                continue;
            }
            removed++;
            for (ScramCredentialInfo info : user.credentialInfos()) {
                changes.add(new UserScramCredentialDeletion(user.name(), info.mechanism()));
            }
        }
        admin.alterUserScramCredentials(changes).all().get();
        return removed;
    }

    /** Makes the ACLs exactly the table's: creates the missing ones, deletes any other. */
    private int[] acls(Admin admin) throws Exception {
        Set<AclBinding> wanted = Acls.bindings();
        Collection<AclBinding> existing =
                admin.describeAcls(AclBindingFilter.ANY).values().get();
        List<AclBindingFilter> stale = new ArrayList<>();
        for (AclBinding binding : existing) {
            if (!wanted.contains(binding)) {
                System.out.println("depot: removing an ACL that is not in the table: " + binding);
                stale.add(binding.toFilter());
            }
        }
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get();
        }
        List<AclBinding> missing = new ArrayList<>();
        for (AclBinding binding : wanted) {
            if (!existing.contains(binding)) {
                missing.add(binding);
            }
        }
        if (!missing.isEmpty()) {
            admin.createAcls(missing).all().get();
        }
        return new int[] {missing.size(), stale.size()};
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Runs STEP until it succeeds: the controller and the broker answer some seconds after the port opens. */
    private <T> T retry(Step<T> step) throws Exception {
        long quietUntil = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return step.run();
            } catch (Exception e) {
                long now = System.currentTimeMillis();
                if (now > deadline) {
                    throw e;
                }
                if (now > quietUntil) {
                    System.err.println("depot: still setting up users, topics and ACLs: " + e);
                    quietUntil = now + 10_000;
                }
                Thread.sleep(500);
            }
        }
    }
}
