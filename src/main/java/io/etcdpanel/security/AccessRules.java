package io.etcdpanel.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Which role each address needs: VIEWER reads, OPERATOR changes, ADMIN deletes and manages users and tokens.
 * Downloading a snapshot needs OPERATOR: it is the cluster's whole keyspace, not the panel's view of it.
 */
final class AccessRules {

    static final String VIEWER = Role.VIEWER.name();
    static final String OPERATOR = Role.OPERATOR.name();
    static final String ADMIN = Role.ADMIN.name();

    private AccessRules() {
    }

    static void api(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/api/v1/users/**", "/api/v1/tokens/**", "/api/v1/users", "/api/v1/tokens").hasRole(ADMIN)
                .requestMatchers(HttpMethod.DELETE, "/api/v1/clusters/*", "/api/v1/snapshots/*").hasRole(ADMIN)
                .requestMatchers(HttpMethod.GET, "/api/v1/snapshots/*/content").hasRole(OPERATOR)
                .requestMatchers(HttpMethod.GET, "/api/**").hasRole(VIEWER)
                .anyRequest().hasRole(OPERATOR);
    }

    static void web(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/login", "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/favicon.svg").permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                // a restore Job's one-time link is its own credential
                .requestMatchers(HttpMethod.GET, "/handoff/snapshots/*").permitAll()
                .requestMatchers("/access", "/access/**").hasRole(ADMIN)
                .requestMatchers(HttpMethod.POST, "/clusters/*/delete", "/snapshots/*/delete").hasRole(ADMIN)
                .requestMatchers(HttpMethod.GET, "/clusters/new", "/clusters/new/**", "/clusters/*/restores/new").hasRole(OPERATOR)
                .requestMatchers(HttpMethod.POST, "/logout").authenticated()
                .requestMatchers(HttpMethod.GET, "/**").hasRole(VIEWER)
                .anyRequest().hasRole(OPERATOR);
    }
}
