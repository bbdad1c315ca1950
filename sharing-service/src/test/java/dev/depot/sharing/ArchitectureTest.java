package dev.depot.sharing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import dev.depot.testing.ArchitectureRules;

/** The layering and package rules every service keeps (see ArchitectureRules). */
@AnalyzeClasses(packages = "dev.depot.sharing", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static void keepsTheLayeringAndHasNoPackageCycles(JavaClasses classes) {
        ArchitectureRules.check(classes);
    }
}
