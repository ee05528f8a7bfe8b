package io.etcdpanel.backup;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Stores snapshot records. */
interface SnapshotRepository extends JpaRepository<Snapshot, String> {

    List<Snapshot> findByClusterOrderByStartedAtDesc(String cluster);

    List<Snapshot> findAllByOrderByStartedAtDesc();

    List<Snapshot> findByStatus(SnapshotStatus status);

    /** Fails a backup only while it still runs for that owner ("" for none): one that ended meanwhile keeps its outcome. */
    @Modifying
    @Query("update Snapshot s set s.status = io.etcdpanel.backup.SnapshotStatus.Failed, s.runningFor = null, s.owner = null, "
            + "s.finishedAt = :now, s.error = :reason where s.id = :id "
            + "and s.status = io.etcdpanel.backup.SnapshotStatus.Running and coalesce(s.owner, '') = :owner")
    int failIfRunningBy(String id, String owner, String reason, Instant now);

    /** Deletes a backup's record only while it still runs for that owner ("" for none). */
    @Modifying
    @Query("delete from Snapshot s where s.id = :id and s.status = io.etcdpanel.backup.SnapshotStatus.Running "
            + "and coalesce(s.owner, '') = :owner")
    int deleteIfRunningBy(String id, String owner);
}
