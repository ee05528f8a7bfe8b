package io.etcdpanel.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of API tokens: makes them (the secret is shown once and kept only as sha256), revokes them, and checks them. */
@Service
public class TokenService {

    static final String PREFIX = "epk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final SecurityProperties properties;
    private final Clock clock;

    TokenService(ApiTokenRepository tokens, SecurityProperties properties, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<TokenView> list() {
        Instant now = clock.instant();
        return tokens.findAllByOrderByCreatedAtDesc().stream().map(token -> token.view(now)).toList();
    }

    @Transactional
    public CreatedToken create(TokenRequest request, String createdBy) {
        Instant now = clock.instant();
        List<FieldProblem> problems = Credentials.problems();
        Credentials.checkName("name", request.name(), problems);
        Role role = Credentials.role(request.role(), problems);
        if (request.expiresAt() == null || !request.expiresAt().isAfter(now)) {
            problems.add(new FieldProblem("expiresAt", "give a time in the future, e.g. " + now.plusSeconds(30L * 86400)));
        } else if (request.expiresAt().isAfter(now.plus(properties.maxTokenLifetime()))) {
            problems.add(new FieldProblem("expiresAt", "at most " + properties.maxTokenLifetime().toDays()
                    + " days from now (etcdpanel.security.max-token-lifetime)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiToken token = tokens.save(new ApiToken(UUID.randomUUID().toString(), request.name(), sha256(secret), role, createdBy,
                now, request.expiresAt()));
        return new CreatedToken(token.view(now), secret);
    }

    @Transactional
    public TokenView revoke(String id) {
        ApiToken token = tokens.findById(id).orElseThrow(() -> new TokenNotFound(id));
        token.revoke(clock.instant());
        return token.view(clock.instant());
    }

    /** The token a secret belongs to, when it is one of ours and still usable. */
    @Transactional(readOnly = true)
    Optional<TokenPrincipal> authenticate(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findBySecretHash(sha256(secret)).filter(token -> token.usableAt(now))
                .map(token -> new TokenPrincipal(token.name(), token.role()));
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
