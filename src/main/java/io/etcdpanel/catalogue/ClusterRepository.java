package io.etcdpanel.catalogue;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Stores the cluster aggregates. */
interface ClusterRepository extends JpaRepository<EtcdCluster, Long> {

    Optional<EtcdCluster> findByName(String name);

    boolean existsByName(String name);

    List<EtcdCluster> findAllByOrderByNameAsc();

    /** Lets one restore hold the cluster: 0 when another holds it or it is being deleted. Moves the version so a concurrent spec edit fails. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update EtcdCluster c set c.restoreId = :restoreId, c.lockVersion = c.lockVersion + 1
            where c.name = :name and c.restoreId is null and c.deletionRequested = false""")
    int holdForRestore(String name, String restoreId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update EtcdCluster c set c.restoreId = null, c.lockVersion = c.lockVersion + 1 where c.name = :name and c.restoreId = :restoreId")
    int releaseFromRestore(String name, String restoreId);

    /** Writes a status without touching the spec or its version. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update EtcdCluster c set c.phase = :phase, c.observedGeneration = :observedGeneration,
                c.readyMembers = :readyMembers, c.memberCount = :members, c.leaderId = :leaderId, c.leaderName = :leaderName,
                c.statusMessage = :message, c.dbSizeBytes = :dbSizeBytes, c.conditions = :conditions
            where c.name = :name""")
    int updateStatus(String name, Phase phase, long observedGeneration, int readyMembers, int members, String leaderId,
            String leaderName, String message, long dbSizeBytes, List<Condition> conditions);

    default void updateStatus(String name, ClusterStatus status) {
        updateStatus(name, status.phase(), status.observedGeneration(), status.readyMembers(), status.members(), status.leaderId(),
                status.leaderName(), status.message(), status.dbSizeBytes(), status.conditions());
    }
}
