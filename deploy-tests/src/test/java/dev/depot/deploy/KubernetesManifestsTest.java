package dev.depot.deploy;

import static dev.depot.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each overlay of k8s/ with {@code kubectl kustomize}, parses every document strictly with fabric8's
 * Kubernetes model, and checks what a reviewer would against the rest of the repository: the images
 * {@code ./depot images} builds, each service's application.properties (management port, the settings that
 * must be given, the Kafka topics, the URLs services call each other on) and the gateway's routes.
 */
class KubernetesManifestsTest {

    private static final Set<String> PUBLIC_TOPICS =
            Set.of("depot.auth", "depot.files", "depot.shares", "depot.processing");

    private static final Repository REPO = new Repository();
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
    /** The Secrets the prod overlay expects the operator to create, with the file that lists their keys. */
    private static final Path PROD_SECRETS_EXAMPLE = Path.of("k8s/overlays/prod/depot-secrets.example.env");

    private static final Set<String> OPERATOR_MADE_SECRETS =
            Set.of("depot-secrets", "depot-auth-keys", "depot-tls", "depot-s3-credentials");
    /** Paths the brief of the Ingress names explicitly, on top of every gateway route prefix. */
    private static final List<String> PUBLIC_PATHS =
            List.of("/", "/api/cdn", "/api/auth", "/cdn", "/dav", "/s", "/api/events");
    /** Not in application.properties but read through @ConfigMapping, and every replica must share them. */
    private static final Map<String, List<String>> SHARED_KEYS = Map.of(
            "files-service", List.of("DEPOT_FILES_URL_SIGNING_KEY"),
            "sharing-service", List.of("DEPOT_SHARING_TOKEN_KEY"));

    private static final Set<String> STATELESS =
            Set.of("gateway", "auth-service", "sharing-service", "analytics-service", "processing-worker");

    /** The services that keep file bytes in the blob store (DEPOT_BLOBSTORE). */
    private static final List<String> BLOB_USERS = List.of("files-service", "processing-worker");

    private static Manifests rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> Manifests.render(REPO.root, o));
    }

    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsADeploymentWithAServiceAndADisruptionBudget(String overlay) {
        Manifests m = rendered(overlay);
        for (String service : REPO.services()) {
            Deployment d = m.get(Deployment.class, service);
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .as("%s: pod labels", service)
                    .containsEntry("app.kubernetes.io/name", service)
                    .containsEntry("app.kubernetes.io/part-of", "depot");
            assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "depot");
            m.get(Service.class, service);
            PodDisruptionBudget pdb = m.get(PodDisruptionBudget.class, service);
            assertThat(matches(
                            pdb.getSpec().getSelector(),
                            d.getSpec().getTemplate().getMetadata().getLabels()))
                    .as("%s: the PodDisruptionBudget selects its pods", service)
                    .isTrue();
            assertThat(pdb.getSpec().getMinAvailable() == null
                            && pdb.getSpec().getMaxUnavailable() != null
                            && pdb.getSpec().getMaxUnavailable().getIntVal() != null
                            && pdb.getSpec().getMaxUnavailable().getIntVal() >= 1)
                    .as(
                            "%s: the budget lets a pod be evicted (maxUnavailable >= 1), or no node could ever be drained",
                            service)
                    .isTrue();
            Container c = container(d, service);
            assertThat(c.getResources().getRequests())
                    .as("%s: requests", service)
                    .containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as("%s: limits", service).containsKeys("cpu", "memory");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsOneThatDepotImagesBuilds(String overlay) {
        Manifests m = rendered(overlay);
        Set<String> built = REPO.images();
        m.podTemplates().forEach((workload, pod) -> containers(pod).forEach(c -> {
            // A registry in front (prod's newName) is where the images were pushed; the rest must be built ones.
            String image = c.getImage();
            int at = image.indexOf("depot/");
            assertThat(at >= 0 && (at == 0 || image.charAt(at - 1) == '/') && built.contains(image.substring(at)))
                    .as(
                            "%s: %s/%s runs %s, which ./depot images does not build (it builds %s)",
                            overlay, workload, c.getName(), image, built)
                    .isTrue();
        }));
        for (String service : REPO.services()) {
            String image = container(m.get(Deployment.class, service), service).getImage();
            assertThat(image)
                    .as("%s runs its own image at the project's version", service)
                    .endsWith("depot/" + service + ":" + REPO.version());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void probesAskTheQuarkusHealthChecksOnTheManagementPort(String overlay) {
        Manifests m = rendered(overlay);
        for (String service : REPO.services()) {
            Repository.ServiceConfig config = REPO.config(service);
            assertThat(config.managementEnabled())
                    .as("%s enables its management interface", service)
                    .isTrue();
            Container c = container(m.get(Deployment.class, service), service);
            Map<String, String> env = environment(m, c);
            int port = config.managementPort(env);
            check(service, c, c.getStartupProbe(), "/q/health/started", port);
            check(service, c, c.getLivenessProbe(), "/q/health/live", port);
            check(service, c, c.getReadinessProbe(), "/q/health/ready", port);
            // The kubelet probes from outside the pod: a management interface on 127.0.0.1 would never answer.
            String host = Optional.ofNullable(config.resolve("quarkus.management.host", env))
                    .orElse("0.0.0.0");
            assertThat(host)
                    .as("%s: the management interface's address", service)
                    .isEqualTo("0.0.0.0");
        }
    }

    private static void check(String service, Container c, Probe probe, String path, int port) {
        assertThat(probe).as("%s: a probe on %s", service, path).isNotNull();
        assertThat(probe.getHttpGet())
                .as("%s: %s is asked over HTTP", service, path)
                .isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("%s: probe path", service).isEqualTo(path);
        assertThat(portNumber(c, probe.getHttpGet().getPort()))
                .as("%s: the probe on %s asks the management port", service, path)
                .contains(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySettingWithoutASafeDefaultIsGiven(String overlay) {
        Manifests m = rendered(overlay);
        List<String> missing = new ArrayList<>();
        for (String service : REPO.services()) {
            Repository.ServiceConfig config = REPO.config(service);
            Container c = container(m.get(Deployment.class, service), service);
            Map<String, String> env = environment(m, c);
            List<String> required = new ArrayList<>(SHARED_KEYS.getOrDefault(service, List.of()));
            config.environment().forEach((var, dflt) -> {
                if (needsAValue(var, dflt, env)) {
                    required.add(var);
                }
            });
            required.stream().filter(var -> !env.containsKey(var)).forEach(var -> missing.add(service + ": " + var));
            // Services listen on 127.0.0.1 unless told otherwise, and nothing reaches a pod's loopback.
            String host = config.resolve("quarkus.http.host", env);
            if (host != null && !host.equals("0.0.0.0")) {
                missing.add(service + ": listens on " + host + ", out of the Service's reach");
            }
        }
        assertThat(missing)
                .as("%s: settings the services need a value for", overlay)
                .isEmpty();
    }

    /**
     * A setting needs a value in a cluster when it has no default, when the default points at this machine
     * (127.0.0.1, localhost) or at ./depot's state directory, or when it is a secret whose default is empty.
     * External login, Kafka's SASL login and the S3 blob store's settings are needed only where they are
     * switched on.
     */
    private static boolean needsAValue(String var, String dflt, Map<String, String> env) {
        if (var.startsWith("DEPOT_OIDC_") && !var.equals("DEPOT_OIDC_ENABLED")) {
            return "true".equals(env.get("DEPOT_OIDC_ENABLED")) && (dflt == null || dflt.isEmpty());
        }
        if (var.startsWith("DEPOT_S3_") && !"s3".equals(env.get("DEPOT_BLOBSTORE"))) {
            return false;
        }
        if (var.equals("KAFKA_SASL_JAAS_CONFIG")) {
            return env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").startsWith("SASL");
        }
        if (dflt == null) {
            return true;
        }
        if (dflt.contains("127.0.0.1") || dflt.contains("localhost") || dflt.startsWith(".depot")) {
            return true;
        }
        return dflt.isEmpty() && (var.contains("SECRET") || var.contains("PASSWORD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretAPodReadsIsMadeSomewhere(String overlay) {
        Manifests m = rendered(overlay);
        Set<String> made = new TreeSet<>();
        m.all(Secret.class).forEach(s -> made.add(s.getMetadata().getName()));
        m.custom("Cluster").forEach(c -> made.add(Manifests.name(c) + "-app"));
        m.custom("KafkaUser").forEach(u -> made.add(Manifests.name(u)));
        if (overlay.equals("prod")) {
            made.addAll(OPERATOR_MADE_SECRETS);
        }
        m.podTemplates().forEach((workload, pod) -> {
            for (Container c : containers(pod)) {
                Optional.ofNullable(c.getEnvFrom()).orElse(List.of()).stream()
                        .map(EnvFromSource::getSecretRef)
                        .filter(Objects::nonNull)
                        .forEach(ref -> assertThat(made)
                                .as("%s/%s reads Secret %s", workload, c.getName(), ref.getName())
                                .contains(ref.getName()));
                Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                        .filter(e ->
                                e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> assertThat(made)
                                .as(
                                        "%s/%s reads %s from Secret %s",
                                        workload,
                                        c.getName(),
                                        e.getName(),
                                        e.getValueFrom().getSecretKeyRef().getName())
                                .contains(e.getValueFrom().getSecretKeyRef().getName()));
            }
            for (Volume v : Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of())) {
                if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())) {
                    assertThat(made)
                            .as("%s mounts Secret %s", workload, v.getSecret().getSecretName())
                            .contains(v.getSecret().getSecretName());
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesSelectPodsAndPortsThatExist(String overlay) {
        Manifests m = rendered(overlay);
        Map<String, PodTemplateSpec> pods = m.podTemplates();
        for (Service s : m.all(Service.class)) {
            String name = s.getMetadata().getName();
            Map<String, String> selector = s.getSpec().getSelector();
            assertThat(selector)
                    .as("%s: Service %s selects pods", overlay, name)
                    .isNotEmpty();
            List<PodTemplateSpec> selected = pods.values().stream()
                    .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected)
                    .as("%s: the pods Service %s selects (%s)", overlay, name, selector)
                    .isNotEmpty();
            for (ServicePort port : s.getSpec().getPorts()) {
                IntOrString target =
                        port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (PodTemplateSpec pod : selected) {
                    assertThat(containers(pod).stream()
                                    .anyMatch(c -> portNumber(c, target).isPresent()))
                            .as(
                                    "%s: Service %s sends port %s to %s, which no container of its pods opens",
                                    overlay, name, port.getName(), target)
                            .isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressSendsEveryPublicPathToTheGateway(String overlay) {
        Manifests m = rendered(overlay);
        Ingress ingress = m.get(Ingress.class, "depot");
        Service gateway = m.get(Service.class, "gateway");
        Set<String> required = new LinkedHashSet<>(PUBLIC_PATHS);
        required.addAll(REPO.config("gateway").gatewayPrefixes());
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream()
                .map(IngressRule::getHttp)
                .flatMap(h -> h.getPaths().stream())
                .toList();
        for (String path : required) {
            // What the controller picks: the longest Prefix path that covers the request's path.
            HTTPIngressPath chosen = paths.stream()
                    .filter(p -> "Prefix".equals(p.getPathType()))
                    .filter(p ->
                            p.getPath().equals("/") || path.equals(p.getPath()) || path.startsWith(p.getPath() + "/"))
                    .max((a, b) ->
                            Integer.compare(a.getPath().length(), b.getPath().length()))
                    .orElse(null);
            assertThat(chosen).as("%s: the Ingress routes %s", overlay, path).isNotNull();
            var backend = chosen.getBackend().getService();
            assertThat(backend.getName())
                    .as("%s: %s goes to the gateway", overlay, path)
                    .isEqualTo("gateway");
            assertThat(gateway.getSpec().getPorts().stream()
                            .anyMatch(p -> Objects.equals(
                                            p.getName(), backend.getPort().getName())
                                    || Objects.equals(
                                            p.getPort(), backend.getPort().getNumber())))
                    .as("%s: %s goes to a port the gateway Service has", overlay, path)
                    .isTrue();
        }
        for (String path : PUBLIC_PATHS) {
            assertThat(paths)
                    .as("%s: the Ingress lists %s itself", overlay, path)
                    .anyMatch(p -> p.getPath().equals(path));
        }
        assertThat(paths).as("%s: /internal is never routed", overlay).noneMatch(p -> p.getPath()
                .startsWith("/internal"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noContainerRunsAsRootOrCanGainPrivileges(String overlay) {
        Manifests m = rendered(overlay);
        m.podTemplates().forEach((workload, pod) -> {
            PodSecurityContext podContext =
                    Optional.ofNullable(pod.getSpec().getSecurityContext()).orElse(new PodSecurityContext());
            for (Container c : containers(pod)) {
                String what = overlay + ": " + workload + "/" + c.getName();
                SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext.getRunAsUser();
                assertThat(nonRoot).as("%s: runAsNonRoot", what).isTrue();
                assertThat(user).as("%s: runAsUser", what).isNotNull().isNotZero();
                assertThat(sc.getAllowPrivilegeEscalation())
                        .as("%s: allowPrivilegeEscalation", what)
                        .isFalse();
                assertThat(sc.getPrivileged()).as("%s: privileged", what).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getReadOnlyRootFilesystem())
                        .as("%s: readOnlyRootFilesystem", what)
                        .isTrue();
                assertThat(
                                sc.getCapabilities() == null
                                        ? null
                                        : sc.getCapabilities().getDrop())
                        .as("%s: capabilities dropped", what)
                        .containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd())
                        .as("%s: capabilities added", what)
                        .isNullOrEmpty();
            }
            if (REPO.services().contains(workload)) {
                Container c = container(pod, workload);
                Optional<VolumeMount> tmp = c.getVolumeMounts().stream()
                        .filter(v -> v.getMountPath().equals("/tmp"))
                        .findFirst();
                assertThat(tmp)
                        .as("%s: %s has a writable /tmp", overlay, workload)
                        .isPresent();
                assertThat(pod.getSpec().getVolumes())
                        .as("%s: %s's /tmp is an emptyDir", overlay, workload)
                        .anyMatch(v -> v.getName().equals(tmp.get().getName()) && v.getEmptyDir() != null);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheCallersOfAServiceReachIt(String overlay) {
        Manifests m = rendered(overlay);
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        assertThat(policies)
                .as("%s: a default deny for the namespace", overlay)
                .anyMatch(p -> Optional.ofNullable(p.getSpec().getPodSelector())
                                .map(s -> matches(s, Map.of()))
                                .orElse(true)
                        && p.getSpec().getPolicyTypes().contains("Ingress")
                        && (p.getSpec().getIngress() == null
                                || p.getSpec().getIngress().isEmpty()));

        Map<String, PodTemplateSpec> pods = m.podTemplates();
        Map<String, Set<String>> expected = expectedCallers(m);
        for (String service : REPO.services()) {
            PodTemplateSpec pod = pods.get(service);
            Container c = container(pod, service);
            if (c.getPorts().stream().noneMatch(p -> "http".equals(p.getName()))) {
                continue;
            }
            Set<String> allowed = callers(m, pod.getMetadata().getLabels(), c, new IntOrString("http"));
            Set<String> want = service.equals("gateway") ? Set.of("*") : expected.getOrDefault(service, Set.of());
            assertThat(allowed)
                    .as("%s: who reaches %s's API port", overlay, service)
                    .isEqualTo(want);
        }

        // The engines: each only from the services that use it.
        Map<String, String> env = environment(m, container(m.get(Deployment.class, "auth-service"), "auth-service"));
        Map<String, Set<String>> engineClients = engineClients();
        Map<String, String> engineHosts = Map.of(
                "postgres", env.getOrDefault("DEPOT_DB_HOST", ""),
                "kafka", host(env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "")),
                "redis", host(env.getOrDefault("DEPOT_REDIS_URL", "")));
        engineHosts.forEach((engine, host) -> {
            Optional<Service> service = m.find(Service.class, host);
            if (service.isEmpty()) {
                return; // run by an operator, or outside the cluster: checked below for prod
            }
            PodTemplateSpec pod = pods.values().stream()
                    .filter(p -> p.getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(service.get().getSpec().getSelector().entrySet()))
                    .findFirst()
                    .orElseThrow();
            Container c = pod.getSpec().getContainers().get(0);
            ServicePort port = service.get().getSpec().getPorts().get(0);
            Set<String> allowed = callers(m, pod.getMetadata().getLabels(), c, port.getTargetPort());
            assertThat(allowed).as("%s: who reaches %s", overlay, engine).isEqualTo(engineClients.get(engine));
        });

        if (overlay.equals("prod")) {
            for (Map<String, Object> cluster : m.custom("Cluster")) {
                Container pg = new Container();
                pg.setPorts(List.of(new ContainerPort(5432, null, null, "postgresql", "TCP")));
                Set<String> allowed =
                        callers(m, Map.of("cnpg.io/cluster", Manifests.name(cluster)), pg, new IntOrString(5432));
                allowed.removeIf(s -> s.startsWith("namespace "));
                assertThat(allowed)
                        .as("prod: which of Depot's pods reach PostgreSQL")
                        .isEqualTo(engineClients.get("postgres"));
            }
            for (Map<String, Object> kafka : m.custom("Kafka")) {
                List<Map<String, Object>> listeners = at(kafka, "spec", "kafka", "listeners");
                for (Map<String, Object> listener : listeners) {
                    Set<String> peers = new TreeSet<>();
                    List<Map<String, Object>> configured = Optional.<List<Map<String, Object>>>ofNullable(
                                    at(listener, "networkPolicyPeers"))
                            .orElse(List.of());
                    assertThat(configured)
                            .as("prod: Kafka listener %s admits named peers only", listener.get("name"))
                            .isNotEmpty();
                    for (Map<String, Object> peer : configured) {
                        Map<String, Object> podSelector = at(peer, "podSelector");
                        if (podSelector != null && at(peer, "namespaceSelector") == null) {
                            LabelSelector selector = new com.fasterxml.jackson.databind.ObjectMapper()
                                    .convertValue(podSelector, LabelSelector.class);
                            pods.forEach((w, p) -> {
                                if (matches(selector, p.getMetadata().getLabels())) {
                                    peers.add(w);
                                }
                            });
                        }
                    }
                    assertThat(peers)
                            .as("prod: which of Depot's pods reach Kafka listener %s", listener.get("name"))
                            .isEqualTo(engineClients.get("kafka"));
                }
            }
        }
    }

    /** Who calls whom, from the services' own settings: a URL of one service in another's configuration. */
    private static Map<String, Set<String>> expectedCallers(Manifests m) {
        Map<String, Set<String>> callers = new HashMap<>();
        for (String caller : REPO.services()) {
            Repository.ServiceConfig config = REPO.config(caller);
            Map<String, String> env = environment(m, container(m.get(Deployment.class, caller), caller));
            config.serviceUrls().forEach((var, dflt) -> {
                String url = env.getOrDefault(var, dflt);
                String host = URI.create(url).getHost();
                assertThat(m.find(Service.class, host))
                        .as("%s: %s=%s names a Service", caller, var, url)
                        .isPresent();
                Service target = m.get(Service.class, host);
                int port = URI.create(url).getPort();
                assertThat(target.getSpec().getPorts())
                        .as("%s: %s=%s names a port of Service %s", caller, var, url, host)
                        .anyMatch(p -> p.getPort() == port);
                callers.computeIfAbsent(host, h -> new TreeSet<>()).add(caller);
            });
        }
        return callers;
    }

    /** Which services use which engine, from their settings. */
    private static Map<String, Set<String>> engineClients() {
        Map<String, Set<String>> clients = new HashMap<>();
        for (String service : REPO.services()) {
            Repository.ServiceConfig config = REPO.config(service);
            if (config.properties.containsKey("quarkus.datasource.db-kind")) {
                clients.computeIfAbsent("postgres", e -> new TreeSet<>()).add(service);
            }
            if (config.properties.containsKey("kafka.bootstrap.servers")) {
                clients.computeIfAbsent("kafka", e -> new TreeSet<>()).add(service);
            }
            if (config.environment().containsKey("DEPOT_REDIS_URL")) {
                clients.computeIfAbsent("redis", e -> new TreeSet<>()).add(service);
            }
        }
        return clients;
    }

    /**
     * The workloads of the overlay whose pods may open the port on a pod with these labels, "*" for
     * anyone, and "namespace ..." for peers in other namespaces.
     */
    private static Set<String> callers(Manifests m, Map<String, String> labels, Container target, IntOrString port) {
        Optional<Integer> number = portNumber(target, port);
        Set<String> allowed = new TreeSet<>();
        for (NetworkPolicy policy : m.all(NetworkPolicy.class)) {
            if (!matches(policy.getSpec().getPodSelector(), labels)) {
                continue;
            }
            for (NetworkPolicyIngressRule rule :
                    Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
                List<NetworkPolicyPort> ports =
                        Optional.ofNullable(rule.getPorts()).orElse(List.of());
                boolean covers = ports.isEmpty()
                        || ports.stream()
                                .map(NetworkPolicyPort::getPort)
                                .anyMatch(
                                        p -> p == null || portNumber(target, p).equals(number) && number.isPresent());
                if (!covers) {
                    continue;
                }
                List<NetworkPolicyPeer> from =
                        Optional.ofNullable(rule.getFrom()).orElse(List.of());
                if (from.isEmpty()) {
                    allowed.add("*");
                }
                for (NetworkPolicyPeer peer : from) {
                    if (peer.getNamespaceSelector() != null) {
                        allowed.add("namespace " + peer.getNamespaceSelector().getMatchLabels());
                    } else if (peer.getIpBlock() != null) {
                        allowed.add("*");
                    } else if (peer.getPodSelector() != null) {
                        m.podTemplates().forEach((w, p) -> {
                            if (matches(peer.getPodSelector(), p.getMetadata().getLabels())) {
                                allowed.add(w);
                            }
                        });
                    }
                }
            }
        }
        // Prometheus' namespace is let in to the management port only, never to the API.
        return allowed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void replicasAndAutoscalingFitEachService(String overlay) {
        Manifests m = rendered(overlay);
        Deployment files = m.get(Deployment.class, "files-service");
        Optional<HorizontalPodAutoscaler> filesHpa = m.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals("files-service"))
                .findFirst();
        if (overlay.equals("dev")) {
            // Blobs on local disk: one replica on the depot-blobs volume, replaced rather than rolled.
            assertThat(files.getSpec().getReplicas())
                    .as("dev: files-service keeps its blobs on one volume")
                    .isEqualTo(1);
            assertThat(files.getSpec().getStrategy().getType())
                    .as("dev: files-service is replaced, not rolled")
                    .isEqualTo("Recreate");
            assertThat(filesHpa).as("dev: files-service is not autoscaled").isEmpty();
            assertThat(claimsMounted(files.getSpec().getTemplate()))
                    .as("dev: files-service mounts the blob volume")
                    .containsExactly("depot-blobs");
            m.get(PersistentVolumeClaim.class, "depot-blobs");
        } else {
            // Blobs in S3: nothing on disk but what is on its way in, so it scales like the others.
            assertThat(filesHpa).as("prod: files-service has an autoscaler").isPresent();
            assertThat(filesHpa.get().getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(filesHpa.get().getSpec().getMinReplicas())
                    .as("prod: files-service runs at least two")
                    .isGreaterThanOrEqualTo(2);
            assertThat(filesHpa.get().getSpec().getMaxReplicas())
                    .isGreaterThan(filesHpa.get().getSpec().getMinReplicas());
            assertThat(files.getSpec().getReplicas())
                    .as("prod: the autoscaler, not the Deployment, sets files-service's count")
                    .isNull();
            assertThat(files.getSpec().getStrategy().getType())
                    .as("prod: files-service is rolled")
                    .isEqualTo("RollingUpdate");
            assertThat(files.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                    .as("prod: a rolling update of files-service takes no replica away before its successor is ready")
                    .isEqualTo(new IntOrString(0));
        }
        for (String service : REPO.services()) {
            if (!STATELESS.contains(service)) {
                continue;
            }
            Optional<HorizontalPodAutoscaler> hpa = m.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(service))
                    .findFirst();
            Deployment d = m.get(Deployment.class, service);
            if (overlay.equals("dev")) {
                assertThat(d.getSpec().getReplicas())
                        .as("dev: %s replicas", service)
                        .isEqualTo(1);
                assertThat(hpa).as("dev: %s is not autoscaled", service).isEmpty();
            } else {
                assertThat(hpa).as("prod: %s has an autoscaler", service).isPresent();
                assertThat(hpa.get().getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
                assertThat(hpa.get().getSpec().getMinReplicas())
                        .as("prod: %s runs at least two", service)
                        .isGreaterThanOrEqualTo(2);
                assertThat(hpa.get().getSpec().getMaxReplicas())
                        .isGreaterThan(hpa.get().getSpec().getMinReplicas());
                assertThat(d.getSpec().getReplicas())
                        .as("prod: the autoscaler, not the Deployment, sets %s's count", service)
                        .isNull();
            }
        }
        for (HorizontalPodAutoscaler hpa : m.all(HorizontalPodAutoscaler.class)) {
            m.get(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
        }
    }

    @Test
    void prodKeepsTheBlobsInS3AndNoPodOnAVolume() {
        Manifests m = rendered("prod");
        assertThat(m.all(PersistentVolumeClaim.class))
                .as("prod: no PersistentVolumeClaim is made (the blobs are in S3)")
                .isEmpty();
        m.podTemplates().forEach((workload, pod) -> assertThat(claimsMounted(pod))
                .as("prod: %s mounts no PersistentVolumeClaim", workload)
                .isEmpty());
        m.all(StatefulSet.class).forEach(s -> assertThat(s.getSpec().getVolumeClaimTemplates())
                .as("prod: StatefulSet %s claims no volume", s.getMetadata().getName())
                .isNullOrEmpty());

        Set<String> credentialKeys = new TreeSet<>();
        for (String service : BLOB_USERS) {
            Deployment d = m.get(Deployment.class, service);
            Container c = container(d, service);
            Map<String, String> env = environment(m, c);
            assertThat(env.get("DEPOT_BLOBSTORE"))
                    .as("prod: %s keeps blobs in S3", service)
                    .isEqualTo("s3");
            for (String setting : List.of("DEPOT_S3_ENDPOINT", "DEPOT_S3_REGION", "DEPOT_S3_BUCKET")) {
                assertThat(env.get(setting))
                        .as("prod: %s's %s", service, setting)
                        .isNotBlank();
            }
            // The keys come from the operator's Secret, by reference: never a value in a manifest.
            Map<String, String> keys = new TreeMap<>();
            for (String setting : List.of("DEPOT_S3_ACCESS_KEY", "DEPOT_S3_SECRET_KEY")) {
                EnvVar e = Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                        .filter(v -> v.getName().equals(setting))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("prod: " + service + " has no " + setting));
                assertThat(e.getValue())
                        .as("prod: %s's %s is not written out", service, setting)
                        .isNull();
                assertThat(e.getValueFrom())
                        .as("prod: %s's %s", service, setting)
                        .isNotNull();
                var ref = e.getValueFrom().getSecretKeyRef();
                assertThat(ref)
                        .as("prod: %s reads %s from a Secret", service, setting)
                        .isNotNull();
                assertThat(ref.getName())
                        .as("prod: %s reads %s from depot-s3-credentials", service, setting)
                        .isEqualTo("depot-s3-credentials");
                assertThat(ref.getOptional())
                        .as("prod: %s does not start without %s", service, setting)
                        .isNotEqualTo(Boolean.TRUE);
                keys.put(setting, ref.getKey());
            }
            assertThat(new TreeSet<>(keys.values()))
                    .as("prod: %s reads two different keys of depot-s3-credentials", service)
                    .hasSize(2);
            credentialKeys.addAll(keys.values());
            for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
                if (from.getConfigMapRef() != null) {
                    assertThat(m.get(ConfigMap.class, from.getConfigMapRef().getName())
                                    .getData())
                            .as(
                                    "prod: no S3 key in ConfigMap %s",
                                    from.getConfigMapRef().getName())
                            .doesNotContainKeys("DEPOT_S3_ACCESS_KEY", "DEPOT_S3_SECRET_KEY");
                }
            }

            // The data directory holds only what is on its way to the bucket: scratch space, bounded.
            Volume data = dataVolume(d, c, env);
            assertThat(data.getEmptyDir())
                    .as("prod: %s's data directory is an emptyDir", service)
                    .isNotNull();
            assertThat(data.getEmptyDir().getSizeLimit())
                    .as("prod: %s's data directory has a size limit", service)
                    .isNotNull();
        }

        // files-service spools a whole upload before it goes to the bucket: the largest must fit.
        Deployment files = m.get(Deployment.class, "files-service");
        Container fc = container(files, "files-service");
        Map<String, String> filesEnv = environment(m, fc);
        Repository.ServiceConfig filesConfig = REPO.config("files-service");
        long largest = Math.max(
                memorySize(filesConfig.resolve("depot.files.max-dav-upload-size", filesEnv)),
                memorySize(filesConfig.resolve("depot.http.max-body-size", filesEnv)));
        long limit = Quantity.getAmountInBytes(
                        dataVolume(files, fc, filesEnv).getEmptyDir().getSizeLimit())
                .longValueExact();
        assertThat(limit)
                .as("prod: files-service's spool holds the largest upload it takes (%d bytes)", largest)
                .isGreaterThanOrEqualTo(largest);

        Affinity affinity = m.get(Deployment.class, "processing-worker")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity();
        assertThat(affinity == null ? null : affinity.getPodAffinity())
                .as("prod: processing-worker is not tied to files-service's node")
                .isNull();

        String readme = Repository.read(REPO.root.resolve("README.md"));
        for (String key : credentialKeys) {
            assertThat(readme)
                    .as("README says how to make depot-s3-credentials' key %s", key)
                    .contains("depot-s3-credentials")
                    .contains(key + "=");
        }
    }

    @Test
    void devKeepsTheBlobsOnTheSharedVolume() {
        Manifests m = rendered("dev");
        for (String service : BLOB_USERS) {
            Deployment d = m.get(Deployment.class, service);
            Container c = container(d, service);
            Map<String, String> env = environment(m, c);
            assertThat(env.getOrDefault("DEPOT_BLOBSTORE", "local"))
                    .as("dev: %s keeps blobs on local disk", service)
                    .isEqualTo("local");
            assertThat(dataVolume(d, c, env).getPersistentVolumeClaim())
                    .as("dev: %s's data directory is the blob volume", service)
                    .isNotNull()
                    .extracting(PersistentVolumeClaimVolumeSource::getClaimName)
                    .isEqualTo("depot-blobs");
        }
        // A ReadWriteOnce volume mounts on one node: the worker must land where files-service is.
        PodAffinityTerm term = Optional.ofNullable(m.get(Deployment.class, "processing-worker")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAffinity())
                .map(Affinity::getPodAffinity)
                .map(PodAffinity::getRequiredDuringSchedulingIgnoredDuringExecution)
                .orElse(List.of())
                .stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("dev: processing-worker has no affinity to files-service"));
        assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(matches(
                        term.getLabelSelector(),
                        m.get(Deployment.class, "files-service")
                                .getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getLabels()))
                .as("dev: processing-worker's affinity selects files-service's pods")
                .isTrue();
    }

    // ---------------------------------------------------------------------------------------------
    // The operators' resources (prod)

    @Test
    void kafkaUsersMayUseOnlyTopicsThatExist() {
        Manifests m = rendered("prod");
        Set<String> clusters = m.custom("Kafka").stream().map(Manifests::name).collect(Collectors.toSet());
        assertThat(clusters).as("one Kafka cluster").hasSize(1);
        Map<String, Object> kafka = m.custom("Kafka").get(0);
        assertThat(m.custom("KafkaNodePool"))
                .as("KRaft nodes in a KafkaNodePool")
                .isNotEmpty()
                .allSatisfy(pool -> {
                    assertThat(clusterOf(pool)).isIn(clusters);
                    assertThat(Manifests.<List<String>>at(pool, "spec", "roles"))
                            .contains("controller", "broker");
                    assertThat((Object) at(pool, "spec", "replicas")).isNotNull();
                    assertThat((Object) at(pool, "spec", "storage")).isNotNull();
                });
        assertThat(Manifests.<Object>at(kafka, "spec", "zookeeper"))
                .as("KRaft, no ZooKeeper")
                .isNull();
        assertThat(Manifests.<String>at(kafka, "spec", "kafka", "authorization", "type"))
                .isEqualTo("simple");

        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        for (Map<String, Object> topic : m.custom("KafkaTopic")) {
            assertThat(clusterOf(topic))
                    .as("KafkaTopic %s's cluster", Manifests.name(topic))
                    .isIn(clusters);
            String name = Optional.ofNullable(Manifests.<String>at(topic, "spec", "topicName"))
                    .orElse(Manifests.name(topic));
            assertThat((Object) at(topic, "spec", "partitions"))
                    .as("%s: partitions", name)
                    .isNotNull();
            assertThat((Object) at(topic, "spec", "replicas"))
                    .as("%s: replicas", name)
                    .isNotNull();
            // What docs/events.md promises consumers (and the local broker's TopicSetup sets): the public topics
            // keep 7 days in full and the latest event of each resource for good.
            boolean published = PUBLIC_TOPICS.contains(name);
            assertThat(String.valueOf(Manifests.<Object>at(topic, "spec", "config", "cleanup.policy")))
                    .as("%s: cleanup.policy", name)
                    .isEqualTo(published ? "compact" : "delete");
            if (published) {
                assertThat(String.valueOf(Manifests.<Object>at(topic, "spec", "config", "min.compaction.lag.ms")))
                        .as("%s: full history before compaction", name)
                        .isEqualTo("604800000");
            }
            topics.put(name, topic);
        }
        // Topics are never made on first use in prod: every one a service names must be declared.
        for (String service : REPO.services()) {
            assertThat(topics.keySet())
                    .as("%s's topics", service)
                    .containsAll(REPO.config(service).topics());
        }

        Map<String, Map<String, Set<String>>> grants = new TreeMap<>();
        for (Map<String, Object> user : m.custom("KafkaUser")) {
            String name = Manifests.name(user);
            assertThat(clusterOf(user)).as("KafkaUser %s's cluster", name).isIn(clusters);
            assertThat(Manifests.<String>at(user, "spec", "authentication", "type"))
                    .as("%s logs in with SCRAM", name)
                    .isEqualTo("scram-sha-512");
            List<Map<String, Object>> acls = at(user, "spec", "authorization", "acls");
            assertThat(acls).as("%s has ACLs", name).isNotEmpty();
            Map<String, Set<String>> grant = grants.computeIfAbsent(name, n -> new TreeMap<>());
            for (Map<String, Object> acl : acls) {
                String type = at(acl, "resource", "type");
                String resource = at(acl, "resource", "name");
                String pattern = Optional.ofNullable(Manifests.<String>at(acl, "resource", "patternType"))
                        .orElse("literal");
                List<String> operations = Optional.ofNullable(Manifests.<List<String>>at(acl, "operations"))
                        .orElse(List.of(String.valueOf(acl.get("operation"))));
                if (type.equals("topic")) {
                    assertThat(pattern)
                            .as("%s: topic ACLs name topics exactly", name)
                            .isEqualTo("literal");
                    assertThat(topics)
                            .as("KafkaUser %s's ACL on topic %s", name, resource)
                            .containsKey(resource);
                }
                String key = type + ":" + resource + (pattern.equals("prefix") ? "*" : "");
                operations.forEach(op -> grant.computeIfAbsent(op.toLowerCase(), o -> new TreeSet<>())
                        .add(key));
            }
        }

        // Each service logs in as its own user, with the mechanism the listener takes.
        String mechanism = null;
        for (String service : REPO.services()) {
            if (!REPO.config(service).properties.containsKey("kafka.bootstrap.servers")) {
                continue;
            }
            Container c = container(m.get(Deployment.class, service), service);
            Map<String, String> env = environment(m, c);
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL"))
                    .as("%s: Kafka protocol", service)
                    .startsWith("SASL_");
            mechanism = env.get("KAFKA_SASL_MECHANISM");
            EnvVar jaas = c.getEnv().stream()
                    .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no KAFKA_SASL_JAAS_CONFIG"));
            var ref = jaas.getValueFrom().getSecretKeyRef();
            assertThat(ref.getKey()).isEqualTo("sasl.jaas.config");
            assertThat(grants).as("%s logs in as a KafkaUser", service).containsKey(ref.getName());
            Set<String> writes = grants.get(ref.getName()).getOrDefault("write", Set.of());
            Set<String> reads = grants.get(ref.getName()).getOrDefault("read", Set.of());
            // What its channels name must be granted: outgoing ones written, incoming ones read.
            Set<String> groups = grants.get(ref.getName()).getOrDefault("read", Set.of()).stream()
                    .filter(g -> g.startsWith("group:"))
                    .map(g -> g.substring(6))
                    .collect(Collectors.toSet());
            REPO.config(service).properties.keySet().stream()
                    .filter(k -> k.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id"))
                    .forEach(k -> {
                        String group = REPO.config(service).resolve(k, env);
                        assertThat(groups.stream()
                                        .anyMatch(g -> g.equals(group)
                                                || g.endsWith("*") && group.startsWith(g.substring(0, g.length() - 1))))
                                .as("%s may use its consumer group %s (%s); it may use %s", service, group, k, groups)
                                .isTrue();
                    });
            REPO.config(service).properties.forEach((k, v) -> {
                if (k.startsWith("mp.messaging.outgoing.") && k.endsWith(".topic")
                        || k.endsWith(".dead-letter-queue.topic")) {
                    assertThat(writes).as("%s writes %s (%s)", service, v, k).contains("topic:" + v.trim());
                } else if (k.startsWith("mp.messaging.incoming.") && (k.endsWith(".topic") || k.endsWith(".topics"))) {
                    for (String t : v.split(",")) {
                        assertThat(reads).as("%s reads %s (%s)", service, t, k).contains("topic:" + t.trim());
                    }
                }
            });
        }
        List<Map<String, Object>> listeners = at(kafka, "spec", "kafka", "listeners");
        for (Map<String, Object> listener : listeners) {
            assertThat(Manifests.<String>at(listener, "authentication", "type"))
                    .as("listener %s", listener.get("name"))
                    .isEqualToIgnoringCase(mechanism);
        }

        REPO.kafkaAcls().ifPresent(source -> agreeWithTheLocalBrokersTable(source, grants));
    }

    /** The secure local broker (libs/kafka-broker's Acls) and Strimzi must grant the same things. */
    private static void agreeWithTheLocalBrokersTable(String source, Map<String, Map<String, Set<String>>> grants) {
        Matcher user = Pattern.compile("new User\\(\"([^\"]+)\",\\s*(?:\"([^\"]+)\"|null),\\s*"
                        + "List\\.of\\(([^)]*)\\),\\s*List\\.of\\(([^)]*)\\),\\s*List\\.of\\(([^)]*)\\)\\)")
                .matcher(source);
        int found = 0;
        while (user.find()) {
            found++;
            String name = user.group(2) != null ? user.group(2) : user.group(1);
            Map<String, Set<String>> expected = new HashMap<>();
            list(user.group(3)).forEach(t -> expected.computeIfAbsent("write", o -> new TreeSet<>())
                    .add("topic:" + t));
            list(user.group(4)).forEach(t -> expected.computeIfAbsent("read", o -> new TreeSet<>())
                    .add("topic:" + t));
            list(user.group(5)).forEach(g -> expected.computeIfAbsent("read", o -> new TreeSet<>())
                    .add("group:" + g));
            assertThat(grants).as("a KafkaUser for Acls' %s", name).containsKey(name);
            assertThat(grants.get(name))
                    .as("KafkaUser %s grants what Acls grants %s", name, user.group(1))
                    .isEqualTo(expected);
        }
        assertThat(found)
                .as("users read from libs/kafka-broker's Acls.java (its table changed shape: update this test)")
                .isGreaterThan(0);
    }

    private static List<String> list(String items) {
        Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(items);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void postgresHoldsTheFourDatabases() {
        Manifests m = rendered("prod");
        List<Map<String, Object>> clusters = m.custom("Cluster");
        assertThat(clusters).as("one CloudNativePG Cluster").hasSize(1);
        Map<String, Object> cluster = clusters.get(0);
        String name = Manifests.name(cluster);
        assertThat((Integer) at(cluster, "spec", "instances")).as("instances").isGreaterThanOrEqualTo(2);
        assertThat((Object) at(cluster, "spec", "storage", "size"))
                .as("storage")
                .isNotNull();
        String owner = at(cluster, "spec", "bootstrap", "initdb", "owner");
        Set<String> databases = new TreeSet<>();
        databases.add(at(cluster, "spec", "bootstrap", "initdb", "database"));
        for (Map<String, Object> db : m.custom("Database")) {
            assertThat(Manifests.<String>at(db, "spec", "cluster", "name"))
                    .as("Database %s's cluster", Manifests.name(db))
                    .isEqualTo(name);
            assertThat(Manifests.<String>at(db, "spec", "owner"))
                    .as("Database %s's owner", Manifests.name(db))
                    .isEqualTo(owner);
            databases.add(at(db, "spec", "name"));
        }
        Map<String, String> env = environment(m, container(m.get(Deployment.class, "auth-service"), "auth-service"));
        assertThat(env.get("DEPOT_DB_HOST"))
                .as("the services talk to the primary")
                .isEqualTo(name + "-rw");
        String prefix = env.getOrDefault("DEPOT_DB_PREFIX", "depot");
        for (String service : REPO.services()) {
            String url = REPO.config(service).properties.get("quarkus.datasource.reactive.url");
            if (url != null) {
                String database = url.substring(url.lastIndexOf('/') + 1).replace("${DEPOT_DB_PREFIX:depot}", prefix);
                assertThat(databases).as("%s's database", service).contains(database);
            }
        }
    }

    @Test
    void theDevSecretsAreMarkedAndProdAsksForTheSameOnes() {
        Manifests dev = rendered("dev");
        Manifests prod = rendered("prod");
        Secret secret = dev.generated(Secret.class, "depot-secrets").orElseThrow();
        String kustomization = Repository.read(REPO.root.resolve("k8s/overlays/dev/kustomization.yaml"));
        assertThat(kustomization)
                .as("the dev overlay's secrets say they are for dev only")
                .contains("DEV ONLY");
        assertThat(prod.generated(Secret.class, "depot-secrets"))
                .as("prod commits no secret values")
                .isEmpty();
        // What dev's Secret gives the services, prod gives them too: by depot-secrets (its keys listed in
        // depot-secrets.example.env), depot-config, or an operator's Secret. The dev engines' own
        // passwords stay in dev.
        Set<String> prodGives = new TreeSet<>(exampleKeys());
        prodGives.addAll(prod.generated(ConfigMap.class, "depot-config")
                .orElseThrow()
                .getData()
                .keySet());
        for (String service : REPO.services()) {
            Container c = container(prod.get(Deployment.class, service), service);
            Optional.ofNullable(c.getEnv()).orElse(List.of()).forEach(e -> prodGives.add(e.getName()));
        }
        Set<String> devGives = new TreeSet<>(secret.getData().keySet());
        devGives.remove("DEPOT_REDIS_PASSWORD");
        assertThat(prodGives).as("prod provides what dev's Secret does").containsAll(devGives);
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    private static Set<String> exampleKeys() {
        Set<String> keys = new TreeSet<>();
        for (String line :
                Repository.read(REPO.root.resolve(PROD_SECRETS_EXAMPLE)).split("\n")) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#") && line.contains("=")) {
                keys.add(line.substring(0, line.indexOf('=')));
            }
        }
        return keys;
    }

    private static String clusterOf(Map<String, Object> doc) {
        Map<String, String> labels = Optional.<Map<String, String>>ofNullable(at(doc, "metadata", "labels"))
                .orElse(Map.of());
        return labels.get("strimzi.io/cluster");
    }

    private static String host(String address) {
        if (address.contains("://")) {
            return Optional.ofNullable(URI.create(address).getHost()).orElse("");
        }
        String first = address.split(",")[0];
        return first.contains(":") ? first.substring(0, first.indexOf(':')) : first;
    }

    /** What the container's process sees: the ConfigMaps and Secrets it reads whole, then its own env entries. */
    private static Map<String, String> environment(Manifests m, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap map = m.find(ConfigMap.class, from.getConfigMapRef().getName())
                        .orElseThrow(() -> new AssertionError(
                                "no ConfigMap " + from.getConfigMapRef().getName()));
                env.putAll(map.getData());
            }
            if (from.getSecretRef() != null) {
                Optional<Secret> secret =
                        m.find(Secret.class, from.getSecretRef().getName());
                if (secret.isPresent()) {
                    secret.get()
                            .getData()
                            .forEach((k, v) ->
                                    env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                } else if (from.getSecretRef().getName().equals("depot-secrets")) {
                    exampleKeys().forEach(k -> env.put(k, "(a secret)"));
                }
            }
        }
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            env.put(e.getName(), e.getValue() != null ? e.getValue() : "(from " + describe(e) + ")");
        }
        return env;
    }

    private static String describe(EnvVar e) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
            return "Secret " + e.getValueFrom().getSecretKeyRef().getName() + " "
                    + e.getValueFrom().getSecretKeyRef().getKey();
        }
        return String.valueOf(e.getValueFrom());
    }

    /** The claims a pod mounts. */
    private static List<String> claimsMounted(PodTemplateSpec pod) {
        return Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).stream()
                .map(Volume::getPersistentVolumeClaim)
                .filter(Objects::nonNull)
                .map(PersistentVolumeClaimVolumeSource::getClaimName)
                .toList();
    }

    /** The volume mounted where the service's DEPOT_DATA_DIR points. */
    private static Volume dataVolume(Deployment d, Container c, Map<String, String> env) {
        String dir = env.get("DEPOT_DATA_DIR");
        assertThat(dir).as("%s: DEPOT_DATA_DIR", c.getName()).isNotBlank();
        VolumeMount mount = Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
                .filter(v -> v.getMountPath().equals(dir))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing on its data directory " + dir));
        return d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        c.getName() + " mounts volume " + mount.getName() + ", which its pod does not have"));
    }

    /** A Quarkus MemorySize ("64G", "201M", "1024"): binary multiples. */
    private static long memorySize(String size) {
        Matcher m = Pattern.compile("(\\d+)([KkMmGgTt]?)").matcher(size == null ? "" : size.strip());
        assertThat(m.matches()).as("a memory size: %s", size).isTrue();
        int shift = m.group(2).isEmpty() ? 0 : 10 * ("KMGT".indexOf(m.group(2).toUpperCase()) + 1);
        return Long.parseLong(m.group(1)) << shift;
    }

    private static Container container(Deployment d, String name) {
        return container(d.getSpec().getTemplate(), name);
    }

    private static Container container(PodTemplateSpec pod, String name) {
        return pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static List<Container> containers(PodTemplateSpec pod) {
        return Stream.concat(
                        Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream(),
                        pod.getSpec().getContainers().stream())
                .toList();
    }

    /** A port given by name or number, as the container opens it. */
    private static Optional<Integer> portNumber(Container c, IntOrString port) {
        List<ContainerPort> ports = Optional.ofNullable(c.getPorts()).orElse(List.of());
        if (port.getStrVal() != null) {
            return ports.stream()
                    .filter(p -> port.getStrVal().equals(p.getName()))
                    .map(ContainerPort::getContainerPort)
                    .findFirst();
        }
        return ports.stream()
                .map(ContainerPort::getContainerPort)
                .filter(n -> n.equals(port.getIntVal()))
                .findFirst();
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null
                && !have.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r :
                Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            String value = have.get(r.getKey());
            boolean ok =
                    switch (r.getOperator()) {
                        case "In" -> value != null && r.getValues().contains(value);
                        case "NotIn" -> value == null || !r.getValues().contains(value);
                        case "Exists" -> value != null;
                        case "DoesNotExist" -> value == null;
                        default -> throw new IllegalArgumentException("operator " + r.getOperator());
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
