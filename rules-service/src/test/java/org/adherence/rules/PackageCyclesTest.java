package org.adherence.rules;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages of rules-service depend on one another without a cycle. */
class PackageCyclesTest {

    @Test
    void theFeaturePackagesAreFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.adherence.rules");

        slices().matching("org.adherence.rules.(*)..").should().beFreeOfCycles().check(classes);
    }
}
