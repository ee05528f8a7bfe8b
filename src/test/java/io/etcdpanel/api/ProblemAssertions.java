package io.etcdpanel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcdpanel.support.PanelApi;

/** What every error of the API must be: an RFC 9457 problem of the panel's shape, with a detail. */
final class ProblemAssertions {

    private ProblemAssertions() {
    }

    static void assertProblem(PanelApi.Answer answer, int status) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asString()).startsWith("urn:etcd-panel:problem:");
        assertThat(answer.json().path("title").asString()).isNotBlank();
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        assertThat(answer.json().path("detail").asString()).isNotBlank();
    }
}
