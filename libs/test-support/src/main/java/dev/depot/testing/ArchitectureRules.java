package dev.depot.testing;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The layering every service keeps, checked by each module's {@code ArchitectureTest}:
 *
 * <pre>
 *   rest/ (resources) ──> service/ ──> repository/
 *   messaging/ (listeners) ──┘
 * </pre>
 *
 * <p>Resources and listeners reach the database only through services, which enforce access; services
 * return data and never speak HTTP; no service module compiles against another (they talk over HTTP
 * contracts in libs/ and Kafka events); and no two packages import each other, directly or round
 * about.
 */
public final class ArchitectureRules {

    /** The top-level package of each deployable module; libs/ packages are shared and not listed. */
    private static final Set<String> MODULES = Set.of("auth", "files", "sharing", "analytics", "processing", "gateway");

    private static final ArchRule noPackageCycles = slices().matching("dev.depot.(**)")
            .should()
            .beFreeOfCycles()
            .because("a package that imports one that imports it back cannot be understood alone");

    private static final ArchRule servicesDoNotSpeakHttp = noClasses()
            .that()
            .resideInAPackage("dev.depot..service..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
            .allowEmptyShould(true)
            .because("services return data; resources in rest/ build responses, links and JSON");

    private static final ArchRule servicesDoNotCallResources = noClasses()
            .that()
            .resideInAPackage("dev.depot..service..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.depot..rest..")
            .allowEmptyShould(true);

    private static final ArchRule resourcesGoThroughServices = noClasses()
            .that()
            .resideInAPackage("dev.depot..rest..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.depot..repository..")
            .allowEmptyShould(true)
            .because("services check who may do what: a resource that reads a repository skips that");

    private static final ArchRule resourcesLeaveUncheckedMethodsAlone = noClasses()
            .that()
            .resideInAPackage("dev.depot..rest..")
            .should()
            .callMethodWhere(target(nameMatching(".*AsOwner")))
            .allowEmptyShould(true)
            .because("a method named *AsOwner trusts that its caller checked the rights (WebDAV's nodes do)");

    private static final ArchRule listenersGoThroughServices = noClasses()
            .that()
            .resideInAPackage("dev.depot..messaging..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.depot..repository..")
            .allowEmptyShould(true)
            .because("an event changes state through the same service methods a request does");

    private static final ArchRule repositoriesStayBelow = noClasses()
            .that()
            .resideInAPackage("dev.depot..repository..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.depot..service..", "dev.depot..rest..", "dev.depot..messaging..")
            .allowEmptyShould(true);

    private static final ArchRule noModuleImportsAnother = classes()
            .should(dependOnlyOnTheirOwnModule())
            .because("services share only libs/ (contracts, events) and talk over HTTP and Kafka");

    private static final List<ArchRule> ALL = List.of(
            noPackageCycles,
            servicesDoNotSpeakHttp,
            servicesDoNotCallResources,
            resourcesGoThroughServices,
            resourcesLeaveUncheckedMethodsAlone,
            listenersGoThroughServices,
            repositoriesStayBelow,
            noModuleImportsAnother);

    /**
     * Checks every rule and fails with the violations of each one that is broken. One entry point, so
     * that a module's test is a single method: surefire would filter out rules declared in this class
     * by its name, which is not a test's.
     */
    public static void check(JavaClasses classes) {
        String failures = ALL.stream()
                .map(rule -> rule.evaluate(classes))
                .filter(EvaluationResult::hasViolation)
                .map(result -> result.getFailureReport().toString())
                .collect(Collectors.joining("\n\n"));
        if (!failures.isEmpty()) {
            throw new AssertionError(failures);
        }
    }

    private static ArchCondition<JavaClass> dependOnlyOnTheirOwnModule() {
        return new ArchCondition<>("depend on no other service module") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String own = moduleOf(origin.getPackageName());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target = moduleOf(dependency.getTargetClass().getPackageName());
                    if (MODULES.contains(target) && !target.equals(own)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static String moduleOf(String packageName) {
        if (!packageName.startsWith("dev.depot.")) {
            return "";
        }
        String rest = packageName.substring("dev.depot.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private ArchitectureRules() {}
}
