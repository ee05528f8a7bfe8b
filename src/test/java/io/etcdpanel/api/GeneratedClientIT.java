package io.etcdpanel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.function.Supplier;

import io.etcdpanel.client.ApiClient;
import io.etcdpanel.client.ApiException;
import io.etcdpanel.client.api.BackupsApi;
import io.etcdpanel.client.api.ClustersApi;
import io.etcdpanel.client.api.RuntimesApi;
import io.etcdpanel.client.api.TokensApi;
import io.etcdpanel.client.model.ClusterRequest;
import io.etcdpanel.client.model.ClusterStatus;
import io.etcdpanel.client.model.CreatedToken;
import io.etcdpanel.client.model.Problem;
import io.etcdpanel.client.model.SnapshotView;
import io.etcdpanel.client.model.TokenRequest;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;

/**
 * A Java client generated from docs/openapi.json (the document the panel serves) drives the real panel: a cluster
 * created, backed up and listed, a bad spec answered with a problem the client reads, an API token signing in.
 */
class GeneratedClientIT extends RunningPanel {

    private static final Duration CLUSTER_DEADLINE = Duration.ofSeconds(180);

    /** A call of the generated client, which declares its checked ApiException. */
    private interface Call<T> {
        T call() throws ApiException;
    }

    private static <T> Supplier<T> calling(Call<T> call) {
        return () -> {
            try {
                return call.call();
            } catch (ApiException e) {
                throw new IllegalStateException(e.getCode() + " " + e.getResponseBody(), e);
            }
        };
    }

    private ApiClient client(String authorization) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setReadTimeout(Duration.ofSeconds(60));
        client.setConnectTimeout(Duration.ofSeconds(10));
        client.setRequestInterceptor(request -> request.header("Authorization", authorization));
        return client;
    }

    private ApiClient asAdmin() {
        String credentials = PanelApi.ADMIN + ":" + PanelApi.ADMIN_PASSWORD;
        return client("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createsBacksUpAndListsAClusterThroughTheGeneratedClient() throws Exception {
        ClustersApi clusters = new ClustersApi(asAdmin());
        BackupsApi backups = new BackupsApi(asAdmin());
        assertThat(new RuntimesApi(asAdmin()).listRuntimes())
                .anySatisfy(runtime -> assertThat(runtime.getName()).isEqualTo("local"));

        var created = clusters.createClusterWithHttpInfo(new ClusterRequest().name("generated").replicas(1));
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(HttpHeaders.of(created.getHeaders(), (name, value) -> true).firstValue("Location")).hasValue("/api/v1/clusters/generated");
        Poll.until("generated is Running", CLUSTER_DEADLINE,
                calling(() -> clusters.getCluster("generated").getStatus().getPhase() == ClusterStatus.PhaseEnum.RUNNING));

        SnapshotView started = backups.backUpNow("generated");
        Poll.until("the snapshot succeeded", CLUSTER_DEADLINE,
                calling(() -> backups.getSnapshot(started.getId()).getStatus() == SnapshotView.StatusEnum.SUCCEEDED));
        assertThat(backups.listClusterSnapshots("generated")).extracting(SnapshotView::getId).contains(started.getId());
        assertThat(clusters.listClusters()).extracting(cluster -> cluster.getName()).containsExactly("generated");
    }

    @Test
    void aRefusedSpecComesBackAsAProblemTheClientReads() throws Exception {
        ApiClient admin = asAdmin();

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> new ClustersApi(admin).createCluster(new ClusterRequest().name("even").replicas(4)));

        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        Problem problem = admin.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getErrors()).singleElement().satisfies(error -> assertThat(error.getField()).isEqualTo("replicas"));
        assertThat(new ClustersApi(admin).listClusters()).noneSatisfy(cluster -> assertThat(cluster.getName()).isEqualTo("even"));
    }

    @Test
    void anApiTokenFromTheClientSignsTheClientIn() throws Exception {
        CreatedToken token = new TokensApi(asAdmin()).createToken(new TokenRequest().name("generated-client")
                .role(TokenRequest.RoleEnum.VIEWER).expiresAt(OffsetDateTime.now().plusDays(1)));

        ClustersApi asToken = new ClustersApi(client("Bearer " + token.getSecret()));

        assertThat(asToken.listClusters()).isNotNull();
        ApiException forbidden = catchThrowableOfType(ApiException.class,
                () -> asToken.createCluster(new ClusterRequest().name("viewer-may-not")));
        assertThat(forbidden.getCode()).isEqualTo(403);
    }
}
