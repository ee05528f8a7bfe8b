package io.etcdpanel.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Signs in a request that carries {@code Authorization: Bearer <token>}; an unknown, expired or revoked token gets 401. */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final TokenService tokens;
    private final AuthenticationEntryPoint refusal;
    private final ApplicationEventPublisher publisher;

    BearerTokenFilter(TokenService tokens, AuthenticationEntryPoint refusal, ApplicationEventPublisher publisher) {
        this.tokens = tokens;
        this.refusal = refusal;
        this.publisher = publisher;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        var token = tokens.authenticate(header.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            SecurityContextHolder.clearContext();
            BadCredentialsException refused = new BadCredentialsException("the API token is unknown, expired or revoked");
            publisher.publishEvent(new AuthenticationFailureBadCredentialsEvent(
                    UsernamePasswordAuthenticationToken.unauthenticated("unknown token", null), refused));
            refusal.commence(request, response, refused);
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(token.get().actor(), null,
                token.get().role().authorities()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
