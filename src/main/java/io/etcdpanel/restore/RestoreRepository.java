package io.etcdpanel.restore;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stores restores. */
interface RestoreRepository extends JpaRepository<Restore, String> {

    /** Restores that read from or wrote into the cluster, newest first. */
    @Query("select r from Restore r where r.cluster = :cluster or r.targetName = :cluster order by r.startedAt desc")
    List<Restore> touching(String cluster);

    List<Restore> findByStatusIn(Collection<RestoreStatus> statuses);
}
