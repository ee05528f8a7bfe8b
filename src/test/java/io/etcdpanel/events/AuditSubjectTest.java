package io.etcdpanel.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditSubjectTest {

    @Test
    void aClusterChangeNamesItsActionAndCluster() {
        assertThat(AuditSubject.of("PATCH", "/api/v1/clusters/orders")).isEqualTo(new AuditSubject("cluster.change", "orders", null));
        assertThat(AuditSubject.of("POST", "/clusters/orders/scale")).isEqualTo(new AuditSubject("cluster.scale", "orders", null));
        assertThat(AuditSubject.of("POST", "/api/v1/clusters/orders/restores")).isEqualTo(new AuditSubject("restore.start", "orders", null));
    }

    @Test
    void aSnapshotDeletionNamesTheSnapshotNotACluster() {
        assertThat(AuditSubject.of("DELETE", "/api/v1/snapshots/5f0c-11aa"))
                .isEqualTo(new AuditSubject("snapshot.delete", null, "5f0c-11aa"));
        assertThat(AuditSubject.of("POST", "/snapshots/5f0c-11aa/delete"))
                .isEqualTo(new AuditSubject("snapshot.delete", null, "5f0c-11aa"));
    }

    @Test
    void theMethodDecidesTheAction() {
        assertThat(AuditSubject.of("POST", "/api/v1/clusters/orders/snapshots").action()).isEqualTo("snapshot.backup");
        assertThat(AuditSubject.of("POST", "/api/v1/clusters/orders/snapshots/import").action()).isEqualTo("snapshot.import");
        assertThat(AuditSubject.of("PUT", "/api/v1/clusters/orders/backup-schedule").action()).isEqualTo("schedule.save");
        assertThat(AuditSubject.of("DELETE", "/api/v1/clusters/orders/backup-schedule").action()).isEqualTo("schedule.delete");
        assertThat(AuditSubject.of("DELETE", "/api/v1/clusters/orders").action()).isEqualTo("cluster.delete");
    }

    @Test
    void usersAndTokensAreNotTakenForClusters() {
        assertThat(AuditSubject.of("DELETE", "/api/v1/users/alice")).isEqualTo(new AuditSubject("user.delete", null, null));
        assertThat(AuditSubject.of("POST", "/access/tokens/abc/revoke")).isEqualTo(new AuditSubject("token.revoke", null, null));
    }

    @Test
    void anAddressNoRuleNamesIsAuditedByMethodAndPath() {
        assertThat(AuditSubject.of("POST", "/somewhere/else")).isEqualTo(new AuditSubject("POST /somewhere/else", null, null));
    }
}
