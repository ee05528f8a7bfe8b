package io.etcdpanel.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Health answers everyone with its status, and shows its components and their details only to whoever signed in. */
class HealthDetailsIT extends RunningPanel {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness"})
    void anAnonymousCallerGetsOnlyTheStatus(String path) {
        PanelApi.Answer answer = api.anonymous().get(path);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asString()).isEqualTo("UP");
        assertThat(answer.json().has("components")).isFalse();
        assertThat(answer.json().has("details")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness"})
    void aSignedInCallerAlsoSeesTheComponentsWithTheirDetails(String path) {
        PanelApi.Answer answer = api.get(path);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(answer.json().path("components").path("db").path("details").isEmpty()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness"})
    void wrongCredentialsAreRefusedRatherThanTreatedAsAnonymous(String path) {
        assertThat(api.as(PanelApi.ADMIN, "not-the-password").get(path).status()).isEqualTo(401);
    }
}
