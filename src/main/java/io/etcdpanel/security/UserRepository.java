package io.etcdpanel.security;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores users. */
interface UserRepository extends JpaRepository<PanelUser, String> {

    List<PanelUser> findAllByOrderByUsername();

    long countByRole(Role role);
}
