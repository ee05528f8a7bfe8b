package io.etcdpanel.events;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Stores events. */
interface EventRepository extends JpaRepository<ClusterEvent, Long> {

    @Query("select e from ClusterEvent e where e.cluster = :cluster order by e.time desc, e.id desc")
    List<ClusterEvent> newestFirst(String cluster, Pageable page);

    @Query("""
            select e from ClusterEvent e where e.cluster = :cluster and (:type is null or e.type = :type)
              and (:text is null or lower(e.reason) like :text escape '\\' or lower(e.message) like :text escape '\\')
            order by e.time desc, e.id desc""")
    Page<ClusterEvent> matching(String cluster, String type, String text, Pageable page);

    long countByClusterAndReason(String cluster, String reason);

    @Modifying
    @Query("delete from ClusterEvent e where e.cluster = :cluster")
    void deleteByCluster(String cluster);
}
