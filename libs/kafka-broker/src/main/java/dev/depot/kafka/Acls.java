package dev.depot.kafka;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the secure broker ({@code SingleNodeBroker --secure}): the one table of Kafka users,
 * the topics each writes and reads, and the consumer groups each may use. The broker creates exactly
 * these topics and ACLs at every start and deletes any other ACL, so this table is the whole truth.
 *
 * <p>A group name ending in {@code *} is a prefix: processing-worker's group is set per deployment
 * ({@code DEPOT_PROCESSING_GROUP}, tests use their own), and outside consumers pick their own group names
 * under {@code ext.}.
 *
 * <p>Only WRITE, READ and group READ are granted: WRITE and READ imply DESCRIBE on the topic, group READ
 * implies group DESCRIBE, and WRITE on some topic is what lets a client's default (idempotent) producer get
 * a producer id, so no one needs IDEMPOTENT_WRITE on the cluster. Public topics ({@code depot.auth},
 * {@code depot.files}, {@code depot.shares}, {@code depot.processing}) carry ids only; the internal ones
 * carry personal data and only Depot's own services read them.
 */
public final class Acls {

    /** The super user: only the broker launcher logs in with it, to create topics, credentials and ACLs. */
    public static final String ADMIN = "admin";

    /** Partitions of every topic, as in the plain broker's num.partitions. */
    public static final int PARTITIONS = 3;

    /** One Kafka user and its grants. */
    public record User(String name, String service, List<String> writes, List<String> reads, List<String> groups) {
        public User {
            writes = List.copyOf(writes);
            reads = List.copyOf(reads);
            groups = List.copyOf(groups);
        }
    }

    public static final List<User> USERS = List.of(
            new User("auth", "auth-service", List.of("depot.auth", "depot.internal.auth"), List.of(), List.of()),
            new User(
                    "files",
                    "files-service",
                    List.of("depot.files", "depot.internal.files", "depot.dlq.files"),
                    List.of("depot.internal.auth", "depot.shares", "depot.processing"),
                    List.of("files-service")),
            new User(
                    "sharing",
                    "sharing-service",
                    List.of("depot.shares", "depot.internal.shares", "depot.dlq.sharing"),
                    List.of("depot.internal.auth", "depot.files"),
                    List.of("sharing-service")),
            new User(
                    "analytics",
                    "analytics-service",
                    List.of("depot.analytics", "depot.dlq.analytics"),
                    List.of("depot.internal.auth", "depot.internal.files", "depot.internal.shares", "depot.processing"),
                    List.of("analytics-service")),
            new User(
                    "worker",
                    "processing-worker",
                    List.of("depot.processing", "depot.dlq.processing"),
                    List.of("depot.files"),
                    List.of("processing-worker*")),
            new User(
                    "reader",
                    null,
                    List.of(),
                    List.of("depot.auth", "depot.files", "depot.shares", "depot.processing"),
                    List.of("ext.*")));

    private Acls() {}

    /** Every user that needs a password: the table's and {@link #ADMIN}. */
    public static List<String> userNames() {
        List<String> names = new ArrayList<>();
        USERS.forEach(user -> names.add(user.name()));
        names.add(ADMIN);
        return names;
    }

    /** Every topic the table names; the secure broker creates them all (it auto-creates none). */
    public static Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (User user : USERS) {
            topics.addAll(user.writes());
            topics.addAll(user.reads());
        }
        return topics;
    }

    /** The table as Kafka ACLs (all ALLOW, from any host). */
    public static Set<AclBinding> bindings() {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (User user : USERS) {
            String principal = "User:" + user.name();
            for (String topic : user.writes()) {
                bindings.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.WRITE));
            }
            for (String topic : user.reads()) {
                bindings.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.READ));
            }
            for (String group : user.groups()) {
                bindings.add(allow(principal, ResourceType.GROUP, group, AclOperation.READ));
            }
        }
        return bindings;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        boolean prefix = name.endsWith("*");
        ResourcePattern pattern = new ResourcePattern(
                type,
                prefix ? name.substring(0, name.length() - 1) : name,
                prefix ? PatternType.PREFIXED : PatternType.LITERAL);
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
