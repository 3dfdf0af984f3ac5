package org.lwsspark.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the project depend on each other, through any path: the modules cannot form a cycle (Maven
 * refuses one), and this holds the packages inside them to the same rule. The module on top sees every package.
 */
class PackageCyclesTest {

    @Test
    void noPackageOfTheProjectIsInACycle() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The trainer's test helpers come as a test jar, which DO_NOT_INCLUDE_TESTS does not recognise.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.lwsspark");
        slices().matching("org.lwsspark.(**)").should().beFreeOfCycles().check(classes);
    }
}
