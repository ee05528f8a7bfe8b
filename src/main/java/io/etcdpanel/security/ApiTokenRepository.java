package io.etcdpanel.security;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores API tokens. */
interface ApiTokenRepository extends JpaRepository<ApiToken, String> {

    Optional<ApiToken> findBySecretHash(String secretHash);

    List<ApiToken> findAllByOrderByCreatedAtDesc();
}
