package io.etcdpanel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency lines of shared/docs/architecture.md, held by the compiled code. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.etcdpanel");

    @Test
    void onlyTheEtcdPackageTalksJetcd() {
        noClasses().that().resideOutsideOfPackage("io.etcdpanel.etcd..")
                .should().dependOnClassesThat().resideInAPackage("io.etcd.jetcd..").check(MAIN);
    }

    @Test
    void onlyTheKubernetesRuntimeTalksToTheApiServer() {
        noClasses().that().resideOutsideOfPackage("io.etcdpanel.runtime.kubernetes..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.client..").check(MAIN);
    }

    @Test
    void desiredKubernetesObjectsAreBuiltFromTheModelAlone() {
        noClasses().that().resideInAPackage("io.etcdpanel.runtime.kubernetes.desired..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.client..")
                .allowEmptyShould(true).check(MAIN);
    }

    @Test
    void nothingDependsOnThePagesTheApiOrTheMetrics() {
        noClasses().that().resideOutsideOfPackages("io.etcdpanel.web..", "io.etcdpanel.api..", "io.etcdpanel.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.etcdpanel.web..", "io.etcdpanel.api..", "io.etcdpanel.metrics..")
                .check(MAIN);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.etcdpanel.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
