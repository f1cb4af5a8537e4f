package org.lmxbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The core runs inside register programs: it must never end its host process. */
class NoExitArchTest {
    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lmxbridge");

    @Test
    void noSystemExitOrHalt() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.lmxbridge.cli..")
                .should().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "halt", int.class);
        rule.check(CORE);
    }

    @Test
    void publicApiDoesNotExposeInternals() {
        noClasses().that().resideInAPackage("org.lmxbridge.model..")
                .should().dependOnClassesThat().resideInAPackage("org.lmxbridge.internal.register..")
                .check(CORE);
    }
}
