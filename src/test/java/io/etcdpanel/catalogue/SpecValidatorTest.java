package io.etcdpanel.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Defaults a spec gets, and the message each bad field gets. */
class SpecValidatorTest {

    // The runtimes as a plain list: what RuntimeOffers returns on a host with etcd 3.4.23 and 3.5.21.
    private final SpecValidator validator = new SpecValidator(() -> List.of(
            new RuntimeOffer("local", true, List.of("3.5.21", "3.4.23"), "3.5.21", null),
            new RuntimeOffer("kubernetes", false, List.of(), null, "no kubeconfig and not in a cluster")));

    @Test
    void aRuntimeLimitedToSomeNamespacesRefusesTheOthersOnTheNamespaceField() {
        SpecValidator limited = new SpecValidator(() -> List.of(
                new RuntimeOffer("kubernetes", true, List.of("3.5.21"), "3.5.21", "API server v1.35.4", List.of("orders", "payments"))));
        assertThat(limited.validNew(new ClusterRequest("a", 1, null, "kubernetes", "orders", null, null, null)).namespace())
                .isEqualTo("orders");
        assertThatThrownBy(() -> limited.validNew(new ClusterRequest("a", 1, null, "kubernetes", "default", null, null, null)))
                .isInstanceOfSatisfying(InvalidSpec.class, e -> assertThat(e.problems()).containsExactly(new FieldProblem("namespace",
                        "runtime kubernetes may only write to orders, payments (etcdpanel.kubernetes.namespaces)")));
    }

    @Test
    void aSpecWithOnlyANameGetsEveryDefault() {
        ClusterSpec spec = validator.validNew(new ClusterRequest("orders", null, null, null, null, null, null, null));
        assertThat(spec).isEqualTo(new ClusterSpec("orders", 3, "3.5.21", "local", "default", ClusterSpec.Storage.DEFAULT,
                ClusterSpec.Resources.DEFAULT, ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES));
    }

    @Test
    void aNameOfFortyCharactersIsFineAndFortyOneIsNot() {
        String forty = "a".repeat(40);
        assertThat(validator.validNew(new ClusterRequest(forty, 1, null, null, null, null, null, null)).name()).isEqualTo(forty);
        assertThatThrownBy(() -> validator.validNew(new ClusterRequest(forty + "b", 1, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidSpec.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("name", "must be at most 40 characters")));
    }

    @Test
    void evenReplicaCountsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> validator.validNew(new ClusterRequest("a", 4, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidSpec.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("replicas", "must be odd: 4 members tolerate no more failures than 3")));
    }

    @Test
    void aVersionTheRuntimeCannotRunListsTheOnesItCan() {
        assertThatThrownBy(() -> validator.validNew(new ClusterRequest("a", 1, "3.6.0", "local", null, null, null, null)))
                .isInstanceOfSatisfying(InvalidSpec.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("version", "runtime local cannot run etcd 3.6.0; it can run: 3.5.21, 3.4.23")));
    }

    @Test
    void anUnavailableRuntimeSaysWhy() {
        assertThatThrownBy(() -> validator.validNew(new ClusterRequest("a", 1, null, "kubernetes", null, null, null, null)))
                .isInstanceOfSatisfying(InvalidSpec.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("runtime", "runtime kubernetes is not available: no kubeconfig and not in a cluster")));
    }
}
