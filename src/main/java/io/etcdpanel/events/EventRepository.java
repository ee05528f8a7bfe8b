package io.etcdpanel.events;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Stores events. */
interface EventRepository extends JpaRepository<ClusterEvent, Long> {

    @Query("select e from ClusterEvent e where e.cluster = :cluster order by e.time desc, e.id desc")
    List<ClusterEvent> newestFirst(String cluster, Pageable page);

    long countByClusterAndReason(String cluster, String reason);

    @Modifying
    @Query("delete from ClusterEvent e where e.cluster = :cluster")
    void deleteByCluster(String cluster);
}
