package io.etcdpanel.security;

import io.etcdpanel.events.AuditFilter;
import io.etcdpanel.events.AuditTrail;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Owns who may do what: the REST API signs in by HTTP Basic or an API token (and accepts a page's session with
 * its CSRF token), the pages by a sign-in form with CSRF on every form; both are audited.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /** Automation signs every request itself; only a request riding on a session cookie can be forged cross-site. */
    private static final RequestMatcher NO_SESSION_TO_FORGE = request -> request.getHeader("Authorization") != null
            || request.getSession(false) == null;

    /**
     * Security headers go out before the request runs: written after it, they would race a snapshot download's body,
     * which streams on another thread (Tomcat's header list is not thread-safe).
     */
    private static void beforeTheBody(HeadersConfigurer<HttpSecurity> headers) {
        headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
            @Override
            public <O extends HeaderWriterFilter> O postProcess(O filter) {
                filter.setShouldWriteHeadersEagerly(true);
                return filter;
            }
        });
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, TokenService tokens, AuditTrail audit, ApplicationEventPublisher publisher)
            throws Exception {
        ProblemResponses problems = new ProblemResponses(new CsrfRefusals(audit));
        signedLikeAutomation(http.securityMatcher("/api/**"), tokens, problems, publisher)
                .headers(SecurityConfiguration::beforeTheBody)
                .authorizeHttpRequests(AccessRules::api)
                .addFilterBefore(new AuditFilter(audit), AuthorizationFilter.class)
                .csrf(csrf -> csrf.ignoringRequestMatchers(NO_SESSION_TO_FORGE))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /**
     * Health is open to probes, which see only the status; whoever signs in (HTTP Basic, a token or a page's session)
     * also sees the components and their details (management.endpoint.health.show-details=when-authorized).
     */
    @Bean
    @Order(2)
    SecurityFilterChain health(HttpSecurity http, TokenService tokens, AuditTrail audit, ApplicationEventPublisher publisher)
            throws Exception {
        signedLikeAutomation(http.securityMatcher("/actuator/health", "/actuator/health/**"), tokens,
                new ProblemResponses(new CsrfRefusals(audit)), publisher)
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll());
        return http.build();
    }

    /** HTTP Basic or an API token on every request, and no session made for it. */
    private static HttpSecurity signedLikeAutomation(HttpSecurity http, TokenService tokens, ProblemResponses problems,
            ApplicationEventPublisher publisher) throws Exception {
        return http.httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .addFilterBefore(new BearerTokenFilter(tokens, problems, publisher), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER));
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, AuditTrail audit, UserService users) throws Exception {
        http.headers(SecurityConfiguration::beforeTheBody)
                .authorizeHttpRequests(AccessRules::web)
                .formLogin(form -> form.loginPage(PageSignInEntryPoint.SIGN_IN).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(new PageSignInEntryPoint())
                        .accessDeniedHandler(new CsrfRefusals(audit)))
                .addFilterBefore(new AuditFilter(audit), AuthorizationFilter.class)
                .addFilterAfter(new PasswordChangeGate(users), AuthorizationFilter.class);
        return http.build();
    }
}
