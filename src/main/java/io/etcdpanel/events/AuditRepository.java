package io.etcdpanel.events;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stores audit entries; nothing here updates one after it is finished or deletes any. */
interface AuditRepository extends JpaRepository<AuditEntry, Long> {

    @Query("""
            select a from AuditEntry a
            where (:cluster is null or a.cluster = :cluster) and (:actor is null or a.actor = :actor)
              and a.startedAt >= :from and a.startedAt < :to
            order by a.startedAt desc, a.id desc""")
    List<AuditEntry> newestFirst(String cluster, String actor, Instant from, Instant to, Pageable page);
}
