package io.etcdpanel.catalogue;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores the cluster aggregates. */
interface ClusterRepository extends JpaRepository<EtcdCluster, Long> {

    Optional<EtcdCluster> findByName(String name);

    boolean existsByName(String name);

    List<EtcdCluster> findAllByOrderByNameAsc();
}
