package io.etcdpanel.backup;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores snapshot records. */
interface SnapshotRepository extends JpaRepository<Snapshot, String> {

    List<Snapshot> findByClusterOrderByStartedAtDesc(String cluster);

    List<Snapshot> findByStatus(SnapshotStatus status);
}
