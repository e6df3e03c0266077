package org.adherence.notification;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The service's feature packages depend on each other in one direction only. */
class ArchitectureTest {

    @Test
    void featurePackagesAreFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.adherence.notification");

        slices().matching("org.adherence.notification.(*)..").should().beFreeOfCycles().check(classes);
    }
}
