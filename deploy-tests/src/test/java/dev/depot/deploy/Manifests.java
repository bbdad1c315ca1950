package dev.depot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** One overlay rendered by {@code kubectl kustomize}: every document, typed where Kubernetes defines the kind. */
final class Manifests {

    /** The built-in kinds the overlays may use, by apiVersion and kind; anything else must be a known CRD group. */
    private static final Map<String, Class<? extends HasMetadata>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

    /** Operators' resources, checked as maps (their schemas are not in fabric8's core model). */
    static final Set<String> CRD_GROUPS = Set.of("postgresql.cnpg.io", "kafka.strimzi.io");

    /** kustomize v5 is what the overlays are written for (labels with includeTemplates, patches with targets). */
    private static final int KUSTOMIZE_MAJOR = 5;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // Strict for what Jackson itself sees; the model's catch-all additionalProperties is checked after.
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    final String overlay;
    final List<Map<String, Object>> documents;
    final List<HasMetadata> typed = new ArrayList<>();
    final List<Map<String, Object>> custom = new ArrayList<>();

    private Manifests(String overlay, List<Map<String, Object>> documents) {
        this.overlay = overlay;
        this.documents = documents;
    }

    static Manifests render(Path root, String overlay) {
        String kubectl = kubectl();
        Path dir = root.resolve("k8s/overlays").resolve(overlay);
        assertThat(dir.resolve("kustomization.yaml"))
                .as("the %s overlay", overlay)
                .exists();
        Run run = run(List.of(kubectl, "kustomize", dir.toString()));
        assertThat(run.code)
                .as("kubectl kustomize %s failed:%n%s", dir, run.err)
                .isZero();
        // kustomize warns about fields it will drop in a later version: those must not be used.
        assertThat(run.err).as("kubectl kustomize %s warned", dir).doesNotContainIgnoringCase("deprecated");
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            var it = YAML.readerFor(Map.class).<Map<String, Object>>readValues(run.out);
            while (it.hasNext()) {
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse what kubectl kustomize " + dir + " printed", e);
        }
        Manifests m = new Manifests(overlay, docs);
        m.parseStrictly();
        return m;
    }

    private void parseStrictly() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> doc : documents) {
            String apiVersion = String.valueOf(doc.get("apiVersion"));
            String kind = String.valueOf(doc.get("kind"));
            String name = String.valueOf(((Map<?, ?>) doc.getOrDefault("metadata", Map.of())).get("name"));
            String where = apiVersion + " " + kind + " " + name;
            Class<? extends HasMetadata> type = BUILT_IN.get(apiVersion + "/" + kind);
            if (type != null) {
                try {
                    HasMetadata resource = STRICT.convertValue(doc, type);
                    unknownFields(resource, where, problems, new IdentityHashMap<>());
                    typed.add(resource);
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            } else if (CRD_GROUPS.contains(
                    apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "")) {
                custom.add(doc);
            } else {
                problems.add(where + ": a kind this test does not know; add it to Manifests.BUILT_IN or CRD_GROUPS");
            }
        }
        if (!problems.isEmpty()) {
            fail(
                    "the %s overlay has documents that are not valid Kubernetes:%n  %s",
                    overlay, String.join("\n  ", problems));
        }
    }

    /**
     * fabric8's model keeps any field it does not know in additionalProperties instead of failing, so
     * FAIL_ON_UNKNOWN_PROPERTIES alone lets a misspelt or misplaced field through: look in every one.
     */
    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Enum<?>
                || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        try {
            Method extra = value.getClass().getMethod("getAdditionalProperties");
            Map<?, ?> unknown = (Map<?, ?>) extra.invoke(value);
            if (unknown != null && !unknown.isEmpty()) {
                problems.add(path + ": unknown field(s) " + unknown.keySet());
            }
        } catch (NoSuchMethodException e) {
            // A model class without a catch-all cannot hide anything.
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    unknownFields(f.get(value), path + "." + f.getName(), problems, seen);
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("cannot read " + f, e);
                }
            }
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return typed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() ->
                        new AssertionError("the " + overlay + " overlay has no " + type.getSimpleName() + " " + name));
    }

    List<Map<String, Object>> custom(String kind) {
        return custom.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The pod templates of every workload, by the workload's name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        all(Deployment.class)
                .forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class)
                .forEach(s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return pods;
    }

    /** A ConfigMap or Secret by the name a base refers to: generated ones carry a hash suffix. */
    <T extends HasMetadata> Optional<T> generated(Class<T> type, String baseName) {
        return all(type).stream()
                .filter(r -> r.getMetadata().getName().equals(baseName)
                        || r.getMetadata().getName().matches(Pattern.quote(baseName) + "-[a-z0-9]{10}"))
                .findFirst();
    }

    /** Walks a map document: {@code at(doc, "spec", "kafka", "listeners")}. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object doc, String... path) {
        Object here = doc;
        for (String step : path) {
            if (!(here instanceof Map<?, ?> map)) {
                return null;
            }
            here = map.get(step);
        }
        return (T) here;
    }

    static String name(Map<String, Object> doc) {
        return at(doc, "metadata", "name");
    }

    // ---------------------------------------------------------------------------------------------
    // kubectl

    private static String kubectl() {
        Optional<Path> found = Optional.empty();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                found = Optional.of(candidate);
                break;
            }
        }
        if (found.isEmpty()) {
            skip("kubectl is not installed, so k8s/ cannot be rendered: install kubectl (1.27 or later) and run again");
        }
        String kubectl = found.get().toString();
        Run version = run(List.of(kubectl, "version", "--client", "-o", "json"));
        Matcher m = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v?(\\d+)").matcher(version.out);
        int major = m.find() ? Integer.parseInt(m.group(1)) : 0;
        // Debian bookworm's kubernetes-client (kubectl 1.20) bundles kustomize v2.0.3, which predates most
        // of what the overlays use: rendering with it would only report its own age.
        if (major < KUSTOMIZE_MAJOR) {
            skip(kubectl + " bundles kustomize " + (major == 0 ? "older than v4" : "v" + major)
                    + "; k8s/ needs kustomize v" + KUSTOMIZE_MAJOR + " (kubectl 1.27 or later)");
        }
        return kubectl;
    }

    private static volatile boolean skipSaid;

    /** Skips the test, saying why on the console once (surefire keeps a skip's reason to its reports). */
    private static void skip(String why) {
        if (!skipSaid) {
            skipSaid = true;
            System.err.println("KubernetesManifestsTest SKIPPED: " + why);
        }
        Assumptions.abort("SKIPPED: " + why);
    }

    record Run(int code, String out, String err) {}

    private static Run run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("%s did not finish within 120 s", command);
            }
            return new Run(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
